using System.Security.Claims;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Aliases;

public sealed record AliasView(string Name, string Section);
public sealed record AliasRequest(string? Name, string? Section);

/// <summary>
/// 断面别名: a name a bureau publishes for a registered section, recorded once by the Ecology Bureau or the monitoring
/// centre (audited <c>section.alias</c>) and used by every later bulletin import. Listed for every signed-in user.
/// </summary>
public static class AliasEndpoints
{
    public static readonly string[] Recorders = [Roles.EcologyBureau, Roles.MonitoringCentre];

    public static void MapAliases(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/aliases").WithTags("Aliases");
        g.MapGet("/", (StoreAccess store) => TypedResults.Ok(store.Read(s => s.SectionAliases().Select(a => new AliasView(a.Name, a.Section.Value)).ToList())))
            .RequireAuthorization();
        g.MapPost("/", Record).AddEndpointFilter<AntiforgeryFilter>().RequireAuthorization(p => p.RequireRole(Recorders));
    }

    private static Results<Created<AliasView>, ValidationProblem> Record(AliasRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        if (string.IsNullOrWhiteSpace(request.Name)) return Problem.Invalid("name", ErrorCodes.AliasNameEmpty);
        if (string.IsNullOrWhiteSpace(request.Section)) return Problem.Invalid("section", ErrorCodes.SectionMissing);
        var who = user.Identity?.Name ?? ServerWords.Anonymous;
        try
        {
            var a = store.Write(user, s => s.RecordSectionAlias(request.Name, new SectionId(request.Section.Trim()), who));
            return TypedResults.Created("/api/aliases", new AliasView(a.Name, a.Section.Value));
        }
        catch (InputException e) { return Problem.Invalid(e.Errors); }
    }
}
