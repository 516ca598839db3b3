using System.Security.Claims;
using Liuyu.Application.UseCases;
using Liuyu.Data.Csv;
using Liuyu.Server.Features.Stations;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Overview;

/// <summary>
/// A section-month heading for a payment: the provisional class of its stations so far against the baseline, who would
/// pay (<c>payers</c>, party ids) and what the rule would book (<c>rule</c>, <c>amountFen</c>), with the completeness so far.
/// </summary>
public sealed record EarlyWarningView(string Section, string SectionName, string River, string Upstream, string Downstream, string Month, int Provisional, int Baseline,
    string Rule, IReadOnlyList<string> Payers, long AmountFen, RunningMonthView Running);

public sealed record EarlyWarningsView(int Year, IReadOnlyList<EarlyWarningView> Warnings);

/// <summary>
/// 预警 on the overview (issue 14 item 5): the year's section-months that no bulletin or lab class has closed yet and
/// whose stations' provisional class is worse than the baseline. Beside the overview, not in it: the overview is cached
/// per store version, which station values do not move, so this answer is built on every request.
/// </summary>
public static class EarlyWarningEndpoints
{
    public static void MapEarlyWarnings(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/overview/{year:int}/warnings", Get).WithTags("Overview").RequireAuthorization();

    private static Results<Ok<EarlyWarningsView>, ValidationProblem> Get(int year, StoreAccess store, ClaimsPrincipal user, TimeProvider clock)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        var warnings = store.Read(s =>
        {
            // Only stations warn: a store without any does not read its scheme (a national year's results) to say nothing.
            if (s.Stations().Count == 0) return [];
            // The stations' class is the month's result the warning accounts with: the imported ones are not read here.
            var scheme = s.LoadSchemeWithoutResults();
            return EarlyWarnings.Of(s, scheme, year, clock.GetUtcNow(), StationVisibility.For(user, scheme));
        });
        return TypedResults.Ok(new EarlyWarningsView(year, [.. warnings.Select(w => new EarlyWarningView(w.Section.Id.Value, w.Section.Name, w.Section.River.Value,
            w.Section.Upstream.Value, w.Section.Downstream.Value, w.Month.Month.ToString(), w.Provisional.Ordinal, w.Baseline.Ordinal, w.Rule,
            [.. w.Payers.Select(p => p.Value)], w.AmountFen(), StationEndpoints.RunningView(w.Month)))]));
    }

    private static long AmountFen(this EarlyWarning w) => w.Amount.Value;
}
