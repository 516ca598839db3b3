using Liuyu.Data.Stations;
using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Application;

/// <summary>One value of an upload: the pollutant code as sent (<c>w21003</c>), its value and data flag (HJ 212 §7; null when none was sent).</summary>
public sealed record StationValue(string Code, decimal Value, string? Flag);

/// <summary>
/// What one HJ 212 upload (CN 2011, 2051, 2061 or 2031) carried, with its provenance: the station (MN), the command, the
/// request code (QN), the interval's DataTime (the station's local time) and when the receiver got it.
/// </summary>
public sealed record StationUpload(string Mn, string Cn, string? Qn, DateTime DataTime, IReadOnlyList<StationValue> Values, DateTimeOffset ReceivedAt);

/// <summary>A section-month's class from its automatic stations, with the completeness that decided whether it counts (issue 14).</summary>
public sealed record StationMonthResult(SectionId Section, StationMonthEvaluation Evaluation, int Values);

/// <summary>What a batch of uploads did: values stored, and values already stored before (a re-sent packet).</summary>
public sealed record StationStoreReport(int Uploads, int Stored, int AlreadyStored);

/// <summary>
/// The port through which the HJ 212 receiver reaches the store: the registered stations, and the values they send,
/// stored idempotently on (MN, CN, DataTime, code) so that a re-sent packet changes nothing.
/// </summary>
public interface IStationStore : IDisposable
{
    /// <summary>The registered station of an MN, or null: read from the store each time it is asked (a station registered now is known now).</summary>
    Station? FindStation(string mn);

    /// <summary>Stores the uploads in one transaction; returns once they are durable (the receiver acknowledges only then).</summary>
    StationStoreReport StoreUploads(IReadOnlyList<StationUpload> uploads);

    /// <summary>Every registered station, by section then MN.</summary>
    IReadOnlyList<Station> Stations();

    /// <summary>
    /// R-DATA-3 (issue 14): each month (of a year, or all) in which a section's stations sent hourly data (CN=2061),
    /// evaluated from its valid values (flag N), with its completeness against the policy's <c>station_completeness</c>.
    /// </summary>
    IReadOnlyList<StationMonthResult> StationMonths(SectionId section, int? year = null);

    /// <summary>
    /// Stores again the section-months' classes that values arrived for since they were last stored (the summary that
    /// loading the scheme reads instead of every hourly value); returns how many. The receiver calls it now and then.
    /// </summary>
    int RefreshStationMonths() => 0;
}
