using Liuyu.Server.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Liuyu.Server.Features.Health;

/// <summary>The store answers: it opens (migrated) and says which dataset it holds.</summary>
public sealed class StoreHealthCheck(StoreAccess store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var dataset = store.Read(s => s.Dataset());
            return Task.FromResult(HealthCheckResult.Healthy($"dataset {dataset ?? "(empty)"}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the store cannot be opened", e));
        }
    }
}

public static class HealthEndpoints
{
    /// <summary><c>/health</c>: 200 "Healthy" when the store opens, 503 otherwise. Anonymous, for monitoring.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app) => app.MapHealthChecks("/health").AllowAnonymous();
}
