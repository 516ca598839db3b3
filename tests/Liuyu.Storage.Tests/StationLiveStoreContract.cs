using Liuyu.Domain;
using Liuyu.TestSupport;

namespace Liuyu.Storage.Tests;

/// <summary>
/// The questions of the stations' live view (issue 14 item 5) asked of the store: each station's last packet by arrival
/// (SQLite keeps the arrival as text, PostgreSQL as timestamptz), a day's hourly values, the station months of a range
/// of sections, and which section-months an imported or lab result closes. Runs on SQLite and on a real PostgreSQL cluster.
/// </summary>
public abstract class StationLiveStoreContract
{
    protected abstract LiuyuStore NewStore();

    private static readonly DateTimeOffset First = new(2023, 2, 1, 0, 0, 0, 500, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2023, 2, 1, 0, 0, 1, TimeSpan.Zero);

    private LiuyuStore WithStations()
    {
        var store = NewStore();
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var results = Path.Combine(dir, "results.csv");
        File.WriteAllLines(results, File.ReadAllLines(results).Where(l => !l.StartsWith("S4,2023-01,")));
        File.WriteAllText(Path.Combine(dir, "stations.csv"), "mn,section,password,name\nST4,S4,123456,断面4自动站\nST2,S2,654321,断面2自动站\n");
        store.ImportFolder(dir, "test");
        return store;
    }

    private static List<StationUpload> Hours(string mn, DateTime start, int hours, DateTimeOffset arrived, string cn = "2061", string flag = "N") =>
        [.. Enumerable.Range(0, hours).Select(h => new StationUpload(mn, cn, null, start.AddHours(h), [new StationValue("w01018", 25m, flag), new StationValue("w21003", 0.4m, "N")], arrived))];

    [Fact]
    public void The_last_packet_is_the_latest_to_arrive_whatever_its_data_time()
    {
        using var store = WithStations();
        store.StoreUploads(Hours("ST4", new DateTime(2023, 1, 1), 48, First));
        // A backfill of December arrives half a second later: it is the last packet, January keeps the latest DataTime.
        store.StoreUploads(Hours("ST4", new DateTime(2022, 12, 31), 3, Later));
        store.StoreUploads(Hours("ST2", new DateTime(2023, 1, 5), 1, First));
        var packets = store.StationLastPackets().OrderBy(p => p.Mn, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [new StationLastPacket("ST2", First, new DateTime(2023, 1, 5), new DateTime(2023, 1, 5)),
             new StationLastPacket("ST4", Later, new DateTime(2022, 12, 31, 2, 0, 0), new DateTime(2023, 1, 2, 23, 0, 0))],
            packets);
    }

    [Fact]
    public void The_last_packets_can_be_asked_of_some_stations_among_recent_months()
    {
        using var store = WithStations();
        store.StoreUploads(Hours("ST4", new DateTime(2023, 1, 1), 48, First));
        store.StoreUploads(Hours("ST4", new DateTime(2022, 12, 31), 3, Later));
        store.StoreUploads(Hours("ST2", new DateTime(2023, 1, 5), 1, First));
        // From January on, December's backfill is not looked at.
        Assert.Equal([new StationLastPacket("ST4", First, new DateTime(2023, 1, 2, 23, 0, 0), new DateTime(2023, 1, 2, 23, 0, 0))],
            store.StationLastPackets(["ST4"], new YearMonth(2023, 1)));
        Assert.Empty(store.StationLastPackets(["ST2", "NOPE"], new YearMonth(2023, 2)));
        Assert.Equal(["ST2"], store.StationLastPackets(["ST2", "NOPE"]).Select(p => p.Mn));
    }

    [Fact]
    public void A_days_hourly_values_come_with_every_flag_and_no_other_command()
    {
        using var store = WithStations();
        store.StoreUploads(Hours("ST4", new DateTime(2023, 1, 1), 48, First));
        store.StoreUploads(Hours("ST4", new DateTime(2023, 1, 2, 0, 30, 0), 2, First, flag: "M"));
        store.StoreUploads(Hours("ST4", new DateTime(2023, 1, 2), 24, First, cn: "2051"));
        var day = store.StationHourlyValues(["ST4", "ST2"], new DateTime(2023, 1, 2), new DateTime(2023, 1, 3));
        Assert.Equal(2 * (24 + 2), day.Count);
        Assert.All(day, r => Assert.Equal(("ST4", "2061", 2), (r.Mn, r.Cn, r.DataTime.Day)));
        Assert.Equal(2, day.Count(r => r.Flag == "M"));
        Assert.Equal(day.OrderBy(r => r.DataTime).Select(r => r.DataTime), day.Select(r => r.DataTime));
    }

    [Fact]
    public void Station_months_are_read_for_the_sections_and_months_asked()
    {
        using var store = WithStations();
        store.StoreUploads(Hours("ST4", new DateTime(2023, 1, 1), 744, First));
        store.StoreUploads(Hours("ST4", new DateTime(2023, 2, 1), 10, First));
        store.StoreUploads(Hours("ST2", new DateTime(2023, 1, 1), 10, First));
        var january = store.StationMonthsBetween(new YearMonth(2023, 1), new YearMonth(2023, 1), [new SectionId("S4")]);
        Assert.Equal([("S4", new YearMonth(2023, 1), 744, true)],
            january.Select(m => (m.Section.Value, m.Evaluation.Month, m.Evaluation.ValidHours, m.Evaluation.UsesStation)));
        Assert.Equal(3, store.StationMonthsBetween(new YearMonth(2023, 1), new YearMonth(2023, 12)).Count);
    }

    [Fact]
    public void A_month_is_official_when_a_result_was_imported_for_it()
    {
        using var store = WithStations();
        var official = store.OfficialMonths(2023).ToDictionary(o => (o.Section.Value, o.Month));
        var s2 = official[("S2", new YearMonth(2023, 1))];
        Assert.Equal((true, WaterClass.II, ResultSource.Municipal, false), (s2.Imported, s2.ImportedClass, s2.ImportedSource, s2.Lab));
        Assert.False(official.ContainsKey(("S4", new YearMonth(2023, 1))));
        Assert.Empty(store.OfficialMonths(2031));
    }
}

public sealed class SqliteStationLiveStore : StationLiveStoreContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStationLiveStore(PostgresCluster cluster) : StationLiveStoreContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(cluster.NewDatabase());
}
