using System.Security.Claims;
using Liuyu.Application.UseCases;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Stations;

/// <summary>One hour of the day's chart: the hour of the DataTime (0–23), the value and its data flag.</summary>
public sealed record HourView(int Hour, decimal Value, string? Flag);

/// <summary>
/// An indicator of the station's day: the latest hourly value (CN=2061) with its DataTime and flag, the band of the
/// limit class (<c>limitLow</c> for DO, both for pH, <c>limitHigh</c> otherwise) and whether the value exceeds it (only
/// a valid value, flag N, is checked). <c>key</c> is null for a code the catalogue does not know.
/// </summary>
public sealed record IndicatorTodayView(string Code, string? Key, string? NameZh, string? NameEn, string? Unit, DateTime DataTime, decimal Value, string? Flag, bool Valid,
    decimal? LimitLow, decimal? LimitHigh, bool Exceeds, IReadOnlyList<HourView> Hours);

/// <summary>The section's running month from its stations: provisional class, valid hours of the hours so far and of the month, the share required.</summary>
public sealed record RunningMonthView(string Month, int? Class, IReadOnlyList<string> Deciding, int ValidHours, int HoursSoFar, int HoursInMonth,
    decimal CompletenessSoFar, decimal Completeness, decimal Required);

public sealed record StationView(string Mn, string Name, string Section, string SectionName, string River, bool Online, DateTimeOffset? LastReceivedAt,
    DateTime? LastDataTime, string? Day, int? LimitClass, IReadOnlyList<IndicatorTodayView> Today, RunningMonthView? Month);

/// <param name="OnlineWindowMinutes">A station is online when its last packet arrived at most this long before <paramref name="Now"/> (<c>Liuyu:Hj212:OnlineWindow</c>).</param>
public sealed record StationsView(DateTimeOffset Now, int OnlineWindowMinutes, IReadOnlyList<StationView> Stations);

public sealed record StationDisagreementView(string Section, string SectionName, string River, string Month, int StationClass, IReadOnlyList<string> Deciding,
    decimal Completeness, decimal Required, int? BulletinClass, string Source, int Revision);

public sealed record StationDisagreementsView(int Year, IReadOnlyList<StationDisagreementView> Disagreements);

/// <summary>
/// 自动站 (issue 14 items 4 and 5): the registered stations as they stand now, and the months where a station's class and an
/// imported one differ. Not cached under the store's version: station values arrive without moving it.
/// </summary>
public static class StationEndpoints
{
    /// <summary>The default of <c>Liuyu:Hj212:OnlineWindow</c>.</summary>
    public static readonly TimeSpan DefaultOnlineWindow = TimeSpan.FromHours(2);

    public static void MapStations(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/stations").WithTags("Stations").RequireAuthorization();
        g.MapGet("/", List);
        g.MapGet("/disagreements", Disagreements);
    }

    public static TimeSpan OnlineWindow(IConfiguration config) =>
        config.GetValue<TimeSpan?>("Liuyu:Hj212:OnlineWindow") is { } w && w > TimeSpan.Zero ? w : DefaultOnlineWindow;

    private static Ok<StationsView> List(StoreAccess store, ClaimsPrincipal user, TimeProvider clock, IConfiguration config)
    {
        var now = clock.GetUtcNow();
        var window = OnlineWindow(config);
        var stations = store.Read(s =>
        {
            // A store without stations does not read its scheme (a national year's results) to list none.
            if (s.Stations().Count == 0) return [];
            // The limit class is the baseline as the accounting resolves it, which reads no monthly result.
            var scheme = s.LoadSchemeWithoutResults();
            return StationsLive.Of(s, scheme, now, window, StationVisibility.For(user, scheme));
        });
        return TypedResults.Ok(new StationsView(now, (int)window.TotalMinutes, [.. stations.Select(View)]));
    }

    private static StationView View(StationNow n) => new(n.Station.Mn, n.Station.Name, n.Section.Id.Value, n.Section.Name, n.Section.River.Value, n.Online,
        n.LastReceivedAt, n.LastDataTime, n.Day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), n.LimitClass?.Ordinal,
        [.. n.Today.Select(i => new IndicatorTodayView(i.Code, i.Indicator?.Key, i.Indicator?.NameZh, i.Indicator?.NameEn, i.Indicator?.Unit, i.DataTime, i.Value, i.Flag, i.Valid,
            i.Band?.Low, i.Band?.High, i.Exceeds, [.. i.Hours.Select(h => new HourView(h.DataTime.Hour, h.Value, h.Flag))]))],
        n.Month is { } m ? RunningView(m) : null);

    public static RunningMonthView RunningView(RunningMonth m) =>
        new(m.Month.ToString(), m.Class?.Ordinal, m.Deciding, m.ValidHours, m.HoursSoFar, m.HoursInMonth, m.CompletenessSoFar, m.Completeness, m.Required);

    private static Results<Ok<StationDisagreementsView>, ValidationProblem> Disagreements(StoreAccess store, ClaimsPrincipal user, TimeProvider clock, int? year = null)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        var view = store.Read(s =>
        {
            var y = year ?? LatestYear(s, clock.GetUtcNow()) ?? clock.GetUtcNow().Year;
            if (s.Stations().Count == 0) return new StationDisagreementsView(y, []);
            // Sections and who sees them; the imported results come from OfficialMonths.
            var scheme = s.LoadRegistry();
            var list = StationDisagreements.Of(s, scheme, y, StationVisibility.For(user, scheme));
            return new StationDisagreementsView(y, [.. list.Select(d => new StationDisagreementView(d.Section.Id.Value, d.Section.Name, d.Section.River.Value, d.Month.ToString(),
                d.StationClass.Ordinal, d.Deciding, d.Completeness, d.Required, d.ImportedClass?.Ordinal, d.ImportedSource.ToString(), d.ImportedRevision))]);
        });
        return TypedResults.Ok(view);
    }

    /// <summary>The year of the latest DataTime any station sent, or null before the first packet.</summary>
    public static int? LatestYear(Application.ILiuyuStore store, DateTimeOffset now) =>
        StationsLive.LastPackets(store, [.. store.Stations().Select(s => s.Mn)], now).Values.Select(p => (int?)p.LatestDataTime.Year).Max();
}

/// <summary>
/// Which sections' stations and warnings a reader sees: a district those of the rivers it lies on (its chain, R-RIVER-1),
/// every other role of the scheme all of them (the default policy keeps the other province's finance department out).
/// </summary>
public static class StationVisibility
{
    public static Func<Section, bool> For(ClaimsPrincipal user, Domain.Scheme scheme)
    {
        if (!user.IsInRole(Roles.District) || Roles.Scheme.Any(r => r != Roles.District && user.IsInRole(r))) return _ => true;
        if (user.Party() is not { } party) return _ => false;
        var rivers = scheme.Rivers.Where(r => scheme.PartiesOf(r.Id).Contains(party)).Select(r => r.Id).ToHashSet();
        return s => rivers.Contains(s.River);
    }
}
