using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Server.Features.Ledger;
using Liuyu.Server.Infrastructure;
using Liuyu.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Sections;

public sealed record TargetView(int Year, int Class);
public sealed record SectionDetail(string Id, string Name, string Kind, decimal DistanceKm, bool Approved, string River, string Upstream, string Downstream,
    IReadOnlyList<TargetView> Targets, IReadOnlyList<LedgerLineView> Months);

/// <summary>断面: one section over time: its targets, and the current ledger line of every accounted month (class against baseline, rule, amount).</summary>
public static class SectionEndpoints
{
    public static void MapSections(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/sections/{section}", Get).WithTags("Sections").RequireAuthorization();

    private static Results<Ok<SectionDetail>, ProblemHttpResult> Get(string section, StoreAccess store)
    {
        var id = new SectionId(section);
        var detail = store.Read(s =>
        {
            var scheme = s.LoadScheme();
            if (!scheme.HasSection(id)) return null;
            var sec = scheme.Section(id);
            // The current posting of each month: the last one no reversal names (the ledger keeps the history).
            var lines = s.Ledger(new LedgerQuery(River: sec.River)).Where(l => l.Section == id);
            var current = LedgerState.Current(lines).Values.OrderBy(l => l.Month).Select(LedgerLineView.Of).ToList();
            return new SectionDetail(sec.Id.Value, sec.Name, sec.Kind.ToString(), sec.DistanceKm, sec.Approved, sec.River.Value, sec.Upstream.Value, sec.Downstream.Value,
                [.. scheme.Targets.Where(t => t.Section == id).OrderBy(t => t.Year).Select(t => new TargetView(t.Year, t.Class.Ordinal))], current);
        });
        return detail is null ? Problem.NotFound($"There is no section '{section}'.") : TypedResults.Ok(detail);
    }
}
