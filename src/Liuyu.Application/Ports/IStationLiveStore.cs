using Liuyu.Domain;

namespace Liuyu.Application;

/// <summary>A station's last packet: when the latest value arrived and the DataTime it carried; and the latest DataTime it ever sent.</summary>
public sealed record StationLastPacket(string Mn, DateTimeOffset ReceivedAt, DateTime DataTime, DateTime LatestDataTime);

/// <summary>One stored value as the live view reads it (HJ 212 command, DataTime, pollutant code, value, data flag).</summary>
public sealed record StationReading(string Mn, string Cn, DateTime DataTime, string Code, decimal Value, string? Flag);

/// <summary>
/// What stands officially for a section-month besides its stations: the latest imported result (a bulletin, the
/// monitoring centre's, a joint one; its class may be null, R-DATA-4) and the class computed from the lab samples.
/// </summary>
public sealed record OfficialMonth(SectionId Section, YearMonth Month, bool Imported, WaterClass? ImportedClass, ResultSource? ImportedSource, int? ImportedRevision,
    bool Lab, WaterClass? LabClass);

/// <summary>
/// The questions of the stations' live view (issue 14 item 5) and of the station/bulletin disagreements (item 4): the
/// store answers them from <c>station_values</c> by its columns, the results and the lab's computed results.
/// </summary>
public interface IStationLiveStore
{
    /// <summary>
    /// The stations <paramref name="mns"/> (all when null) with values from month <paramref name="from"/> on (all months
    /// when null), each with its last packet (by arrival time) among those values and its latest DataTime.
    /// </summary>
    IReadOnlyList<StationLastPacket> StationLastPackets(IReadOnlyCollection<string>? mns = null, YearMonth? from = null);

    /// <summary>The hourly values (CN=2061, every data flag) of the stations with DataTime in [<paramref name="from"/>, <paramref name="to"/>), by station then DataTime.</summary>
    IReadOnlyList<StationReading> StationHourlyValues(IReadOnlyCollection<string> mns, DateTime from, DateTime to);

    /// <summary>
    /// R-DATA-3: the station months (as <see cref="IStationStore.StationMonths"/> evaluates them) of <paramref name="from"/>
    /// … <paramref name="to"/>, of the given sections or of all.
    /// </summary>
    IReadOnlyList<StationMonthResult> StationMonthsBetween(YearMonth from, YearMonth to, IReadOnlyCollection<SectionId>? sections = null);

    /// <summary>The section-months of a year with an imported result or a lab-computed result.</summary>
    IReadOnlyList<OfficialMonth> OfficialMonths(int year);
}
