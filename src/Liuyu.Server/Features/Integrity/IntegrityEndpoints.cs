using Liuyu.Application.UseCases;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Integrity;

/// <summary>One problem the verification found: which chain, which row, a code (the page words it).</summary>
public sealed record IntegrityProblemView(string Chain, long? Id, string Code);

/// <summary>Where the store's tamper evidence stands: verified or not, when, by which mode, and the first problems.</summary>
public sealed record IntegrityView(bool Ok, string Mode, DateTimeOffset? CheckedAt, int Problems, IReadOnlyList<IntegrityProblemView> First);

/// <summary>
/// The chain check the bureaus see (<c>liuyu verify</c> on the server's store): at start, before every clearance and
/// closing, and on demand. While it fails, the pages show a red banner and clearance and closing are refused.
/// </summary>
public static class IntegrityEndpoints
{
    private static readonly string[] Readers = [Roles.FinanceBureau, Roles.EcologyBureau, Roles.Auditor, Roles.Administrator];

    public static void MapIntegrity(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/integrity").WithTags("Integrity").RequireAuthorization(p => p.RequireRole(Readers));
        g.MapGet("/", Get);
        g.MapPost("/verify", Verify).AddEndpointFilter<AntiforgeryFilter>();
    }

    /// <summary>
    /// Waits for the verification after start when it is still running (it runs in the background so that the server
    /// answers at once); verifies now if that one could not run.
    /// </summary>
    private static async Task<Ok<IntegrityView>> Get(ChainStatus status, StoreAccess store, TimeProvider clock, CancellationToken cancellation)
    {
        try { await status.FirstCheck.WaitAsync(cancellation); }
        catch (Exception e) when (e is not OperationCanceledException) { }
        if (status.Last is null) status.Set(store.Read(s => VerifyStore.Run(s, cancellation: cancellation).Report), clock.GetUtcNow());
        return TypedResults.Ok(View(status));
    }

    /// <summary>Verifies now; a client that goes away stops the verification (seconds of CPU on a national ledger).</summary>
    private static Ok<IntegrityView> Verify(StoreAccess store, ChainStatus status, TimeProvider clock, CancellationToken cancellation)
    {
        status.Set(store.Read(s => VerifyStore.Run(s, cancellation: cancellation).Report), clock.GetUtcNow());
        return TypedResults.Ok(View(status));
    }

    private static IntegrityView View(ChainStatus status) => status.Last is { } r
        ? new IntegrityView(r.Ok, r.Mode, status.At, r.Problems.Count, [.. r.Problems.Take(20).Select(p => new IntegrityProblemView(p.Chain, p.Id, p.Code))])
        : new IntegrityView(true, "unknown", null, 0, []);
}
