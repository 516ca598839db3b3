using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Rivers;

public sealed record ChainParty(string Id, string Name);
public sealed record SectionView(string Id, string Name, string Kind, decimal DistanceKm, bool Approved, string Upstream, string Downstream, int? Target);
public sealed record Cell(string Section, string Month, int? Result, int? Baseline, string Rule, long AmountFen, string? Payer, string? Payee, string? NoteCode, IReadOnlyDictionary<string, string>? NoteArgs);
public sealed record RiverDetail(string Id, string Name, string? InflowProvince, int Year, IReadOnlyList<ChainParty> Chain, IReadOnlyList<SectionView> Sections, IReadOnlyList<Cell> Cells);

/// <summary>河流: a river's chain from head to tail, its sections and targets, and the section × month grid of the year.</summary>
public static class RiverEndpoints
{
    public static void MapRivers(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/rivers/{river}/{year:int}", Get).WithTags("Rivers").RequireAuthorization().CachedPerStoreVersion();

    private static Results<Ok<RiverDetail>, ValidationProblem, ProblemHttpResult> Get(string river, int year, StoreAccess store, YearStatements statements)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        var id = new RiverId(river);
        RiverDetail? detail = store.Read(s =>
        {
            var (scheme, statement) = statements.Of(s, year);
            if (!scheme.Rivers.Any(r => r.Id == id)) return null;
            var r = scheme.River(id);
            var sections = scheme.Sections.Where(x => x.River == id).OrderBy(x => x.DistanceKm).ToList();
            var targets = scheme.Targets.Where(t => t.Year == year).ToDictionary(t => t.Section, t => t.Class.Ordinal);
            var ids = sections.Select(x => x.Id).ToHashSet();
            var cells = statement.Lines.Where(l => ids.Contains(l.Section))
                .Select(l => new Cell(l.Section.Value, l.Month.ToString(), l.Result?.Ordinal, l.Baseline?.Ordinal, l.Rule, l.Amount.Value, l.Payer?.Value, l.Payee?.Value, l.Note?.Code, l.Note?.Args))
                .ToList();
            return new RiverDetail(r.Id.Value, r.Name, r.InflowProvince, year,
                [.. scheme.PartiesOf(id).Select(scheme.Party).Select(p => new ChainParty(p.Id.Value, p.Name))],
                [.. sections.Select(x => new SectionView(x.Id.Value, x.Name, x.Kind.ToString(), x.DistanceKm, x.Approved, x.Upstream.Value, x.Downstream.Value, targets.TryGetValue(x.Id, out var t) ? t : null))],
                cells);
        });
        return detail is null ? Problem.NotFound(ErrorCodes.RiverUnknown, ("river", river)) : TypedResults.Ok(detail);
    }
}
