using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Server.Features.Ledger;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Sections;

public sealed record TargetView(int Year, int Class);
/// <summary>R-EXT-1: one month's lowest daily mean flow (null: no figure) against the year's ecological base flow, m³/s.</summary>
public sealed record FlowMonthView(string Month, decimal? Flow, decimal? BaseFlow);
public sealed record SectionDetail(string Id, string Name, string Kind, decimal DistanceKm, bool Approved, string River, string Upstream, string Downstream,
    IReadOnlyList<TargetView> Targets, IReadOnlyList<LedgerLineView> Months, IReadOnlyList<FlowMonthView>? Flows = null);

/// <summary>One indicator's month: the rounded monthly value (the one classified), its class, and the limit of the section's target class (DO: a minimum).</summary>
public sealed record IndicatorMonthView(string Key, string NameZh, string NameEn, string Unit, decimal Value, int Class, int Samples, decimal? TargetLimit,
    bool LimitIsMinimum, bool ClassIBySaturation);
public sealed record SampleMonthView(string Month, int? Class, IReadOnlyList<string> Deciding, int Samples, bool Complete, int? TargetClass,
    IReadOnlyList<IndicatorMonthView> Indicators, IReadOnlyList<string> NotSampled)
{
    /// <summary>Issue 14: <c>station</c> when the month's class comes from its automatic stations, else <c>samples</c> (the lab's).</summary>
    public string Source { get; init; } = "samples";
    /// <summary>The share of the month's hours with valid station data (0…1), null without station data; <see cref="StationRequired"/> is the policy's threshold.</summary>
    public decimal? StationCompleteness { get; init; }
    public decimal? StationRequired { get; init; }
}
public sealed record SamplesView(string Section, int? Year, IReadOnlyList<SampleMonthView> Months);

/// <summary>断面: one section over time: its targets, and the current ledger line of every accounted month (class against baseline, rule, amount).</summary>
public static class SectionEndpoints
{
    public static void MapSections(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sections/{section}", Get).WithTags("Sections").RequireAuthorization().CachedPerStoreVersion();
        // Not cached under the store's version: station values (issue 14) arrive without moving the ledger or audit chains.
        app.MapGet("/api/sections/{section}/samples", Samples).WithTags("Sections").RequireAuthorization();
    }

    /// <summary>
    /// The section's measured indicators by month (R-DATA-3): each month's class, deciding indicators and, per
    /// indicator, the monthly value and class as the domain's GB 3838 evaluation gives them, with the limit of the
    /// month's baseline class (else the year's target) for the chart. Empty months when no samples were imported.
    /// </summary>
    private static Results<Ok<SamplesView>, ValidationProblem, ProblemHttpResult> Samples(string section, StoreAccess store, int? year = null)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        var id = new SectionId(section);
        var view = store.Read(s =>
        {
            var scheme = s.LoadRegistry();
            if (!scheme.HasSection(id)) return null;
            var targets = scheme.Targets.Where(t => t.Section == id).ToDictionary(t => t.Year, t => t.Class);
            var evaluations = s.EvaluateSamples(id, year);
            var stationMonths = s.StationMonths(id, year).ToDictionary(m => m.Evaluation.Month, m => m.Evaluation);
            // The limit drawn is that of the month's compensation baseline (the ledger's), else of the year's target.
            var baselines = evaluations.Count == 0 ? [] : LedgerState.Current(s.Ledger(new LedgerQuery(Section: id)))
                .Values.Where(l => l.Baseline is not null).GroupBy(l => l.Month).ToDictionary(g => g.Key, g => g.Last().Baseline!.Value);
            var months = evaluations.Select(e =>
            {
                WaterClass? target = baselines.TryGetValue(e.Month, out var bc) ? bc : targets.TryGetValue(e.Month.Year, out var tc) ? tc : null;
                return new SampleMonthView(e.Month.ToString(), e.Class?.Ordinal, [.. e.Deciding.Select(i => i.Key)], e.Indicators.Sum(i => i.SampleCount),
                    e.IsComplete, target?.Ordinal,
                    [.. e.Indicators.Select(i => new IndicatorMonthView(i.Indicator.Key, i.Indicator.NameZh, i.Indicator.NameEn, i.Indicator.Unit, i.Value.Value,
                        i.Class.Ordinal, i.SampleCount, target is { } t ? i.Indicator.LimitOf(t) : null, i.Indicator.IsDissolvedOxygen, i.ClassIBySaturation))],
                    [.. e.NotSampled.Select(i => i.Key)])
                {
                    Source = stationMonths.TryGetValue(e.Month, out var sm) && sm.UsesStation ? "station" : "samples",
                    StationCompleteness = sm is null ? null : Math.Round(sm.Completeness, 4),
                    StationRequired = sm?.Required,
                };
            }).ToList();
            return new SamplesView(id.Value, year, months);
        });
        return view is null ? Problem.NotFound(ErrorCodes.SectionUnknown, ("section", section)) : TypedResults.Ok(view);
    }

    /// <summary>
    /// R-EXT-1: every month of each year the section has a base flow for, with the month's flow where one was imported
    /// (the page draws them against each other); months with a flow but no base flow come too.
    /// </summary>
    private static List<FlowMonthView> Flows(Domain.Scheme scheme, SectionId id)
    {
        var years = scheme.QuantityTargets.Where(t => t.Section == id).Select(t => t.Year)
            .Concat(scheme.Flows.Where(f => f.Section == id).Select(f => f.Month.Year)).Distinct().Order();
        return [.. years.SelectMany(YearMonth.MonthsOf)
            .Select(m => (Month: m, Flow: scheme.FlowOf(id, m), Target: scheme.QuantityTargetOf(id, m.Year)))
            .Where(x => x.Flow is not null || x.Target is not null)
            .Select(x => new FlowMonthView(x.Month.ToString(), x.Flow?.MinDailyFlow, x.Target?.MinFlow))];
    }

    private static Results<Ok<SectionDetail>, ProblemHttpResult> Get(string section, StoreAccess store)
    {
        var id = new SectionId(section);
        var detail = store.Read(s =>
        {
            var scheme = s.LoadRegistry();
            if (!scheme.HasSection(id)) return null;
            var sec = scheme.Section(id);
            // The current posting of each month: the last one no reversal names (the ledger keeps the history).
            var lines = s.Ledger(new LedgerQuery(Section: id));
            var current = LedgerState.Current(lines).Values.OrderBy(l => l.Month).ThenBy(l => l.Purpose, StringComparer.Ordinal).Select(LedgerLineView.Of).ToList();
            return new SectionDetail(sec.Id.Value, sec.Name, sec.Kind.ToString(), sec.DistanceKm, sec.Approved, sec.River.Value, sec.Upstream.Value, sec.Downstream.Value,
                [.. scheme.Targets.Where(t => t.Section == id).OrderBy(t => t.Year).Select(t => new TargetView(t.Year, t.Class.Ordinal))], current, Flows(scheme, id));
        });
        return detail is null ? Problem.NotFound(ErrorCodes.SectionUnknown, ("section", section)) : TypedResults.Ok(detail);
    }
}
