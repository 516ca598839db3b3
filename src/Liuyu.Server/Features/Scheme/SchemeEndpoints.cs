using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Scheme;

/// <param name="Province">R-EXT-2: 重庆, or the province of a party taking part from across the border.</param>
public sealed record PartyView(string Id, string Name, string Kind, string Province = Party.HomeProvince);
public sealed record RiverView(string Id, string Name, string? InflowProvince, IReadOnlyList<string> Parties, int Sections);
public sealed record SchemeView(string? Dataset, IReadOnlyList<int> Years, IReadOnlyList<PartyView> Parties, IReadOnlyList<RiverView> Rivers);

/// <summary>What every page needs first: the dataset (demo or real), the years with lines, the parties and rivers.</summary>
public static class SchemeEndpoints
{
    public static void MapScheme(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/scheme", Get).WithTags("Scheme").RequireAuthorization().CachedPerStoreVersion();

    private static Ok<SchemeView> Get(StoreAccess store) => TypedResults.Ok(store.Read(s =>
    {
        var scheme = s.LoadRegistry();
        // Counted in one pass: a count per river over every section was 57 million comparisons on a national registry.
        var sections = scheme.Sections.CountBy(x => x.River).ToDictionary();
        return new SchemeView(s.Dataset(), s.LedgerYears(),
            [.. scheme.Parties.Select(p => new PartyView(p.Id.Value, p.Name, p.Kind.ToString(), p.Province))],
            [.. scheme.RiverOrder().Select(scheme.River).Select(r => new RiverView(r.Id.Value, r.Name, r.InflowProvince,
                [.. scheme.PartiesOf(r.Id).Select(p => p.Value)], sections.GetValueOrDefault(r.Id)))]);
    }));
}
