using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;

namespace Liuyu.Server.Features.Overview;

/// <summary>Key figures of a month and of its year to date.</summary>
public sealed record Figures(int SectionsAccounted, int WithResult, int Good, int BetterThanBaseline, int WorseThanBaseline, long MovedFen);

/// <summary>A party as a node of the river network.</summary>
public sealed record NetworkNode(string Id, string Name, string Kind);

/// <summary>A section as an edge from its upstream to its downstream party, with the month's class against the baseline.</summary>
public sealed record NetworkEdge(string Section, string Name, string River, string Upstream, string Downstream, int? Result, int? Baseline, string Rule, long AmountFen, string? Payer);

/// <summary>Money moved between two parties in the year, netted over both directions and all rivers.</summary>
public sealed record Flow(string From, string To, long NetFen);

/// <param name="Warnings">What the reader must see about the year: a year with results but no targets (<c>targets-missing</c>, its lines book ¥0).</param>
/// <param name="EdgesTotal">The scheme's sections: more than <see cref="Edges"/> holds when the network is cut (<see cref="OverviewEndpoints.NetworkEdgesShown"/>).</param>
/// <param name="NodesTotal">The parties on the scheme's sections, of which <see cref="Nodes"/> holds those on the edges shown.</param>
public sealed record OverviewView(int Year, string Month, Figures MonthFigures, Figures YearFigures, IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges, IReadOnlyList<Flow> Flows,
    IReadOnlyList<CodeView>? Warnings = null, int EdgesTotal = 0, int NodesTotal = 0);

/// <summary>总览: the figures, the river network coloured by the month's classes, and the year's netted money flows.</summary>
public static class OverviewEndpoints
{
    /// <summary>
    /// The most sections the network picture gets. A province's scheme has tens to a few hundred; a national registry of
    /// 20,000 would be 4 MB of JSON for a picture no one can read (and a force layout no phone can run). Past this many,
    /// the sections that moved the most money in the month are shown (then those whose class differs from the baseline,
    /// then registration order), and the page says how many of how many; the figures and flows still cover them all.
    /// </summary>
    public const int NetworkEdgesShown = 500;

    public static void MapOverview(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/overview/{year:int}", Get).WithTags("Overview").RequireAuthorization().CachedPerStoreVersion();

    /// <summary>
    /// The overview needs the whole year; it is built once per store version (the heads of the ledger and audit chains,
    /// which every recorded change moves) and served from memory until the store changes.
    /// </summary>
    private static Results<Ok<OverviewView>, ValidationProblem> Get(int year, StoreAccess store, StoreVersion storeVersion, IMemoryCache cache, YearStatements statements, int month = 12)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        if (month is < 1 or > 12) return Problem.Invalid("month", ErrorCodes.MonthNumberInvalid, ("value", month));
        var ym = new YearMonth(year, month);
        var version = storeVersion.Current();
        return TypedResults.Ok(cache.GetOrCreate(("overview", year, month, version), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
            entry.Size = 1;
            return Build(store, statements, year, ym);
        })!);
    }

    private static OverviewView Build(StoreAccess store, YearStatements statements, int year, YearMonth ym)
    {
        return store.Read(s =>
        {
            var (scheme, statement) = statements.Of(s, year);
            var good = scheme.Policy.For(ym).Parameters.GoodThresholdOrdinal;
            var monthLines = statement.Lines.Where(l => l.Month == ym).ToList();
            var yearLines = statement.Lines.Where(l => l.Month <= ym).ToList();
            // An edge is the section's water quality; a section under R-EXT-1 also has a water-quantity line in the month
            // (its key differs by purpose), which the month's figures count and the edge does not show.
            var byKey = monthLines.Where(l => !l.IsQuantity).ToDictionary(l => l.Section);
            var edges = scheme.Sections.Select(sec =>
            {
                var line = byKey.GetValueOrDefault(sec.Id);
                return new NetworkEdge(sec.Id.Value, sec.Name, sec.River.Value, sec.Upstream.Value, sec.Downstream.Value,
                    line?.Result?.Ordinal, line?.Baseline?.Ordinal, line?.Rule ?? "", line?.Amount.Value ?? 0, line?.Payer?.Value);
            }).ToList();
            var shown = Shown(edges);
            var onShown = shown.Count == edges.Count ? null : shown.SelectMany(e => new[] { e.Upstream, e.Downstream }).ToHashSet(StringComparer.Ordinal);
            var parties = scheme.SectionPartyOrder();
            var nodes = parties.Where(p => onShown is null || onShown.Contains(p.Value)).Select(scheme.Party)
                .Select(p => new NetworkNode(p.Id.Value, p.Name, p.Kind.ToString())).ToList();
            return new OverviewView(year, ym.ToString(), FiguresOf(monthLines, good), FiguresOf(yearLines, good), nodes, shown, Net(statement.Pairs),
                [.. Application.UseCases.MissingTargets.Warnings(s, [year], "overview").Select(CodeView.Of)], edges.Count, parties.Count);
        });
    }

    /// <summary>The edges the picture gets (<see cref="NetworkEdgesShown"/>), in registration order.</summary>
    internal static List<NetworkEdge> Shown(List<NetworkEdge> edges) => edges.Count <= NetworkEdgesShown ? edges
        : [.. edges.Select((e, i) => (Edge: e, Order: i))
            .OrderByDescending(x => x.Edge.AmountFen)
            .ThenByDescending(x => x.Edge.Result is { } r && x.Edge.Baseline is { } b && r != b)
            .ThenBy(x => x.Order)
            .Take(NetworkEdgesShown)
            .OrderBy(x => x.Order)
            .Select(x => x.Edge)];

    private static Figures FiguresOf(IReadOnlyList<LedgerLine> lines, int goodThreshold)
    {
        var withResult = lines.Where(l => l.Result is not null).ToList();
        // A section-month is counted once: its water-quantity line (R-EXT-1, no class) adds money moved, not a section.
        return new Figures(lines.Count(l => !l.IsQuantity), withResult.Count,
            withResult.Count(l => l.Result!.Value.IsGood(goodThreshold)),
            withResult.Count(l => l.Baseline is { } b && l.Result!.Value.IsBetterThan(b)),
            withResult.Count(l => l.Baseline is { } b && b.IsBetterThan(l.Result!.Value)),
            lines.Where(l => l.Payer is not null).Sum(l => l.Amount.Value));
    }

    /// <summary>Raw flows can be cyclic (A pays B on one river, B pays A on another): the picture shows the net per pair.</summary>
    private static List<Flow> Net(IEnumerable<Domain.Settlement.PairTotal> pairs)
    {
        var net = new Dictionary<(string, string), long>();
        foreach (var p in pairs)
        {
            var (a, b) = string.CompareOrdinal(p.Payer.Value, p.Payee.Value) < 0 ? (p.Payer.Value, p.Payee.Value) : (p.Payee.Value, p.Payer.Value);
            var sign = a == p.Payer.Value ? 1 : -1;
            net[(a, b)] = net.GetValueOrDefault((a, b)) + sign * p.Gross.Value;
        }
        return [.. net.Where(kv => kv.Value != 0)
            .Select(kv => kv.Value > 0 ? new Flow(kv.Key.Item1, kv.Key.Item2, kv.Value) : new Flow(kv.Key.Item2, kv.Key.Item1, -kv.Value))
            .OrderByDescending(f => f.NetFen)];
    }
}
