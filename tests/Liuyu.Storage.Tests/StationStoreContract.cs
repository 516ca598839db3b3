using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.TestSupport;

namespace Liuyu.Storage.Tests;

/// <summary>
/// Automatic stations in the store (issue 14): registered by stations.csv to a section, their values stored with
/// provenance and idempotently on (MN, CN, DataTime, code), the month's class from the station when enough hours are
/// valid (flag N only, R-DATA-3), the lab samples otherwise, and an imported result still first (R-DATA-1/2).
/// Runs on SQLite and on a real PostgreSQL cluster.
/// </summary>
public abstract class StationStoreContract
{
    protected abstract LiuyuStore NewStore();

    private static readonly DateTimeOffset Arrived = new(2023, 2, 1, 0, 0, 0, TimeSpan.Zero);

    protected LiuyuStore WithStations(string stationsCsv = "mn,section,password,name\nST4,S4,123456,断面4自动站\nST2,S2,654321,断面2自动站\n")
    {
        var store = NewStore();
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var results = Path.Combine(dir, "results.csv");
        File.WriteAllLines(results, File.ReadAllLines(results).Where(l => !l.StartsWith("S4,2023-01,")));
        File.WriteAllText(Path.Combine(dir, "stations.csv"), stationsCsv);
        store.ImportFolder(dir, "test");
        return store;
    }

    /// <summary>Hourly uploads (CN=2061) of a month: COD 25 (Ⅳ) and NH3N 0.4 (Ⅱ), flag N, for the first <paramref name="hours"/> hours.</summary>
    protected static List<StationUpload> Month(string mn, int year, int month, int hours, decimal cod = 25m)
    {
        var start = new DateTime(year, month, 1);
        return Enumerable.Range(0, hours).Select(h => new StationUpload(mn, "2061", $"{start.AddHours(h):yyyyMMddHHmmss}000", start.AddHours(h),
            [new StationValue("w01018", cod, "N"), new StationValue("w21003", 0.4m, "N")], Arrived)).ToList();
    }

    [Fact]
    public void Stations_csv_registers_each_station_to_its_section()
    {
        using var store = WithStations();
        var st4 = store.FindStation("ST4")!;
        Assert.Equal((new SectionId("S4"), "断面4自动站"), (st4.Section, st4.Name));
        Assert.True(st4.Accepts("123456"));
        Assert.False(st4.Accepts("654321"));
        Assert.Null(store.FindStation("NOPE"));
        Assert.Equal(["ST2", "ST4"], store.Stations().Select(s => s.Mn).Order());
    }

    [Fact]
    public void A_station_password_is_stored_as_a_salted_hash_never_in_clear()
    {
        using var store = WithStations("mn,section,password,name\nST4,S4,123456,断面4自动站\nST5,S4,123456,断面4备用站\nST2,S2,654321,断面2自动站\n");
        var stored = store.Db.Stations.AsNoTracking().OrderBy(s => s.Mn).ToDictionary(s => s.Mn, s => s.Password);
        Assert.All(stored.Values, p => Assert.StartsWith("hmac-sha256$", p));
        Assert.DoesNotContain(stored.Values, p => p.Contains("123456") || p.Contains("654321"));
        Assert.NotEqual(stored["ST4"], stored["ST5"]); // the same PW, another salt
        Assert.True(store.FindStation("ST5")!.Accepts("123456"));

        // The same stations.csv again changes nothing (the PW is checked against the hash, not hashed again).
        var dir = ScenarioGenerator.TempFolder();
        File.WriteAllText(Path.Combine(dir, "stations.csv"), "mn,section,password,name\nST4,S4,123456,断面4自动站\nST5,S4,abcdef,断面4备用站\n");
        store.ImportFolder(dir, "test");
        var again = store.Db.Stations.AsNoTracking().ToDictionary(s => s.Mn, s => s.Password);
        Assert.Equal(stored["ST4"], again["ST4"]);
        Assert.NotEqual(stored["ST5"], again["ST5"]);
        Assert.True(store.FindStation("ST5")!.Accepts("abcdef"));
        Assert.False(store.FindStation("ST5")!.Accepts("123456"));
    }

    [Fact]
    public void Passwords_stored_in_clear_before_are_hashed_when_the_store_is_migrated()
    {
        using var store = WithStations();
        store.Db.Database.ExecuteSqlRaw("UPDATE stations SET password = '123456' WHERE mn = 'ST4'");
        store.Migrate();
        Assert.StartsWith("hmac-sha256$", store.Db.Stations.AsNoTracking().Single(s => s.Mn == "ST4").Password);
        Assert.True(store.FindStation("ST4")!.Accepts("123456"));
        Assert.True(store.FindStation("ST2")!.Accepts("654321"));
    }

    [Fact]
    public void A_station_of_an_unknown_section_or_with_a_bad_password_is_refused_and_nothing_is_imported()
    {
        using var store = WithStations();
        var dir = ScenarioGenerator.TempFolder();
        File.WriteAllText(Path.Combine(dir, "stations.csv"), "mn,section,password,name\nST9,S99,123456,x\nST8,S4,12345,y\nST4,S4,123456,z\nST4,S4,123456,z\n");
        var e = Assert.Throws<InputException>(() => store.ImportFolder(dir, "test"));
        Assert.Equal([ErrorCodes.SectionUnknown, ErrorCodes.StationPasswordInvalid, ErrorCodes.StationDuplicate], e.Errors.Select(x => x.Code));
        Assert.Equal("断面4自动站", store.FindStation("ST4")!.Name);
        Assert.Null(store.FindStation("ST9"));
    }

    [Fact]
    public void Values_are_stored_with_provenance_and_a_resent_packet_stores_nothing()
    {
        using var store = WithStations();
        var uploads = Month("ST4", 2023, 1, 24);
        Assert.Equal(new StationStoreReport(24, 48, 0), store.StoreUploads(uploads));
        Assert.Equal(new StationStoreReport(24, 0, 48), store.StoreUploads(uploads));
        Assert.Equal(48, store.StationValueCount());
        var latest = store.LatestStationValues("ST4", 1).Single();
        Assert.Equal(("S4", "2061", "20230101230000000", new DateTime(2023, 1, 1, 23, 0, 0), "N", Arrived), (latest.SectionId, latest.Cn, latest.Qn, latest.DataTime, latest.Flag, latest.ReceivedAt));
    }

    [Fact]
    public void A_complete_month_takes_the_class_of_the_station_mean()
    {
        using var store = WithStations();
        store.StoreUploads(Month("ST4", 2023, 1, 744));
        var month = store.StationMonths(new SectionId("S4"), 2023).Single();
        Assert.Equal((744, 744, true, WaterClass.IV), (month.Evaluation.ValidHours, month.Evaluation.HoursInMonth, month.Evaluation.UsesStation, month.Evaluation.Evaluation.Class));
        var result = store.LoadScheme().Results.Single(r => r.Section == new SectionId("S4") && r.Month == new YearMonth(2023, 1));
        Assert.Equal((WaterClass.IV, ResultSource.Computed, "COD"), (result.Class, result.Source, result.DecidingIndicators));
        Assert.Equal(WaterClass.IV, store.EvaluateSamples(new SectionId("S4"), 2023).Single().Class);
    }

    [Fact]
    public void A_station_month_is_read_with_the_profile_of_the_sections_newest_evaluation()
    {
        // S4's lab samples were evaluated as a river (March) and then as a lake (February, imported later): the newest
        // evaluation says lake, so the station's TP is read against the lake limits (Q-IND-1): 0.1 is Ⅳ there, Ⅱ in a river.
        using var store = WithStations();
        var dir = ScenarioGenerator.TempFolder();
        FileInfo Samples(string name, string row)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, "section,sampled_at,indicator,value\n" + row + "\n");
            return new FileInfo(path);
        }
        store.ImportSamples(Samples("river.csv", "S4,2023-03-05 08:00,COD,10"), "analyst");
        store.ImportSamples(Samples("lake.csv", "S4,2023-02-05 08:00,COD,10"), "analyst",
            new Dictionary<string, Liuyu.Domain.Quality.SectionProfile> { ["S4"] = new(Liuyu.Domain.Quality.WaterBody.Lake) });
        var start = new DateTime(2023, 1, 1);
        store.StoreUploads(Enumerable.Range(0, 744).Select(h => new StationUpload("ST4", "2061", $"{start.AddHours(h):yyyyMMddHHmmss}000", start.AddHours(h),
            [new StationValue("w01018", 10m, "N"), new StationValue("w21003", 0.4m, "N"), new StationValue("w21011", 0.1m, "N")], Arrived)).ToList());
        var month = store.StationMonths(new SectionId("S4"), 2023).Single();
        Assert.Equal((WaterClass.IV, "TP_LAKE"), (month.Evaluation.Evaluation.Class, string.Join(",", month.Evaluation.Evaluation.Deciding.Select(i => i.Key))));
    }

    [Fact]
    public void Values_not_flagged_N_are_kept_and_not_averaged()
    {
        using var store = WithStations();
        store.StoreUploads(Month("ST4", 2023, 1, 744));
        var maintenance = Month("ST4", 2023, 1, 744, cod: 100m).Select(u => u with { Cn = "2061", DataTime = u.DataTime.AddMinutes(30), Values = [new StationValue("w01018", 100m, "M")] }).ToList();
        store.StoreUploads(maintenance);
        Assert.Equal(744 * 3, store.StationValueCount());
        Assert.Equal(WaterClass.IV, store.StationMonths(new SectionId("S4"), 2023).Single().Evaluation.Evaluation.Class);
    }

    [Fact]
    public void A_month_under_75_percent_of_valid_hours_is_not_the_station_class()
    {
        using var store = WithStations();
        store.StoreUploads(Month("ST4", 2023, 1, 557)); // 557 / 744 = 74.9 %
        var month = store.StationMonths(new SectionId("S4"), 2023).Single();
        Assert.False(month.Evaluation.UsesStation);
        Assert.DoesNotContain(store.LoadScheme().Results, r => r.Section == new SectionId("S4") && r.Month == new YearMonth(2023, 1));
        store.StoreUploads(Month("ST4", 2023, 1, 558)); // 75.0 %
        Assert.True(store.StationMonths(new SectionId("S4"), 2023).Single().Evaluation.UsesStation);
    }

    /// <summary>
    /// The explanation of a section-month reads the scheme without its monthly results and finds the month's result among
    /// its own rows: it accounts every section-month as the scheme with every result does, whether the month's result is
    /// a lab's (S4 January, the one month without an imported result), then a station's over the lab's, imported over a
    /// station's (S2 January) or imported alone.
    /// </summary>
    [Fact]
    public void The_explanation_accounts_each_month_with_the_result_the_whole_scheme_gives_it_R_DATA_1_2_3()
    {
        using var store = WithStations();
        var s4 = new SectionId("S4");
        var jan = new YearMonth(2023, 1);
        void EveryMonthAsTheWholeScheme()
        {
            var whole = store.LoadScheme();
            static object Seen(SectionMonthOutcome o) => (o.Rule, o.Payer, o.Payee, o.Amount, o.Baseline, o.Result, o.Source, o.ResultRevision, o.Note?.Code, o.ExemptionReference, o.ClassDifference);
            foreach (var section in whole.Sections)
                foreach (var month in YearMonth.MonthsOf(2023))
                    Assert.Equal(Seen(MonthlyAccounting.AccountSection(whole, section, month)), Seen(store.Explain(section.Id, month).Outcome));
        }
        var samples = Path.Combine(ScenarioGenerator.TempFolder(), "lab.csv");
        File.WriteAllText(samples, "section,sampled_at,indicator,value\nS4,2023-01-05 08:00,COD,35\n");
        store.ImportSamples(new FileInfo(samples), "analyst");
        EveryMonthAsTheWholeScheme();
        var lab = store.Explain(s4, jan).Outcome;
        Assert.Equal((ResultSource.Computed, WaterClass.V), (lab.Source, lab.Result));

        store.StoreUploads(Month("ST4", 2023, 1, 744));
        store.StoreUploads(Month("ST2", 2023, 1, 744));
        store.StoreUploads(Month("ST2", 2023, 11, 744)); // S2's November is imported without a class (R-DATA-4)
        EveryMonthAsTheWholeScheme();
        var station = store.Explain(s4, jan).Outcome;
        Assert.Equal((ResultSource.Computed, WaterClass.IV), (station.Source, station.Result));
        Assert.Equal(ResultSource.Municipal, store.Explain(new SectionId("S2"), jan).Outcome.Source);
        // The schemes read without results say so, and cannot account a month from them.
        Assert.Equal((false, true, true), (store.LoadScheme().ResultsLeftOut, store.LoadSchemeWithoutResults().ResultsLeftOut, store.LoadRegistry().ResultsLeftOut));
        var november = store.Explain(new SectionId("S2"), new YearMonth(2023, 11)).Outcome;
        Assert.Equal((RuleIds.NoResult, (WaterClass?)null), (november.Rule, november.Result));
        Assert.NotEqual(ResultSource.Computed, november.Source);
    }

    [Fact]
    public void An_imported_bulletin_class_still_wins_over_the_station()
    {
        using var store = WithStations();
        store.StoreUploads(Month("ST2", 2023, 1, 744));
        Assert.True(store.StationMonths(new SectionId("S2"), 2023).Single().Evaluation.UsesStation);
        var results = store.LoadScheme().Results.Where(r => r.Section == new SectionId("S2") && r.Month == new YearMonth(2023, 1)).ToList();
        Assert.Equal([(WaterClass.II, ResultSource.Municipal)], results.Select(r => (r.Class!.Value, r.Source)));
    }

    [Fact]
    public void The_stored_monthly_summary_equals_the_evaluation_of_every_value_after_resent_and_out_of_order_packets()
    {
        using var store = WithStations();
        var random = new Random(1406);
        // Two stations, two months; COD, NH3N and pH changing by the hour (some pH hours in maintenance, flag M).
        var uploads = new List<StationUpload>();
        foreach (var (mn, month, hours) in new[] { ("ST4", 1, 744), ("ST4", 2, 500), ("ST2", 1, 600) })
        {
            var start = new DateTime(2023, month, 1);
            for (var h = 0; h < hours; h++)
                uploads.Add(new StationUpload(mn, "2061", null, start.AddHours(h),
                [
                    new StationValue("w01018", 15m + h % 13, "N"), new StationValue("w21003", 0.2m + h % 7 * 0.05m, "N"),
                    new StationValue("w01001", 6.5m + h % 9 * 0.25m, h % 11 == 0 ? "M" : "N"),
                ], Arrived));
        }
        var shuffled = uploads.OrderBy(_ => random.Next()).ToList();
        for (int i = 0, batches = 0; i < shuffled.Count; batches++)
        {
            var batch = shuffled.Skip(i).Take(random.Next(1, 120)).ToList();
            store.StoreUploads(batch);
            if (random.Next(3) == 0) store.StoreUploads(batch.Take(batch.Count / 2 + 1).ToList()); // re-sent
            if (batches % 7 == 3) store.RefreshStationMonths();
            i += batch.Count;
        }
        Assert.Equal(2, store.StationMonthlyResultsFromValues().Count); // ST4 and ST2 in January; February is under 75 %
        AssertSummaryEqualsEveryValue(store);

        store.RefreshStationMonths();
        Assert.Equal((3, 0), store.StationMonthSummaryState());
        AssertSummaryEqualsEveryValue(store);

        // Packets sent again store nothing and leave every summary current.
        Assert.Equal(0, store.StoreUploads(shuffled.Take(300).ToList()).Stored);
        Assert.Equal((3, 0), store.StationMonthSummaryState());

        // Another indicator map for ST4 (COD no longer counted) makes its months stale, evaluated again when read.
        var dir = ScenarioGenerator.TempFolder();
        File.WriteAllText(Path.Combine(dir, "stations.csv"), "mn,section,password,name,indicators\nST4,S4,123456,断面4自动站,w21003;w01001\nST2,S2,654321,断面2自动站,\n");
        store.ImportFolder(dir, "test");
        Assert.Equal((1, 2), store.StationMonthSummaryState());
        AssertSummaryEqualsEveryValue(store);
        Assert.Equal(2, store.RefreshStationMonths());
        Assert.Equal((3, 0), store.StationMonthSummaryState());
        AssertSummaryEqualsEveryValue(store);
    }

    private static void AssertSummaryEqualsEveryValue(LiuyuStore store)
    {
        static string Show(MonthlyResult r) =>
            $"{r.Section}|{r.Month}|{r.Class}|{r.Source}|{r.Note}|{r.Revision}|{r.DecidingIndicators}|{r.Coded?.Code}|{r.Coded?.ArgsText}";
        Assert.Equal(store.StationMonthlyResultsFromValues().Select(Show), store.StationMonthlyResults().Select(Show));
    }
}

public sealed class SqliteStationStore : StationStoreContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStationStore(PostgresCluster cluster) : StationStoreContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(cluster.NewDatabase());

    [Fact]
    public void Values_of_two_months_land_in_two_monthly_partitions_and_a_resent_packet_stores_nothing()
    {
        using var store = WithStations();
        var january = Month("ST4", 2023, 1, 24);
        var february = Month("ST4", 2023, 2, 24);
        Assert.Equal(96, store.StoreUploads([.. january, .. february]).Stored);
        Assert.Equal(new Dictionary<string, int> { ["station_values_202301"] = 48, ["station_values_202302"] = 48 }, store.StationValuePartitions(new SectionId("S4")));
        Assert.Equal(new StationStoreReport(48, 0, 96), store.StoreUploads([.. february.Take(24), .. january.Take(24)]));
        Assert.Equal(96, store.StationValueCount());

        // The partitions are PostgreSQL's own: children of station_values, with the DEFAULT partition.
        var children = store.Db.Database.SqlQueryRaw<string>(
            "SELECT c.relname AS \"Value\" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'station_values'::regclass ORDER BY 1").ToList();
        Assert.Equal(["station_values_202301", "station_values_202302", "station_values_default"], children);
    }

    [Fact]
    public void Values_stored_before_the_partitioning_are_moved_into_their_months()
    {
        var connection = cluster.NewDatabase();
        using (var before = LiuyuStore.Connect(StoreLocation.Parse(connection)))
        {
            before.Db.Database.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().Migrate("20261205221637_Stations");
            before.Db.Database.ExecuteSqlRaw("""
                INSERT INTO station_values (mn, section_id, cn, qn, data_time, month, code, value, flag, received_at) VALUES
                ('ST4', 'S4', '2061', 'q1', '2023-01-01 08:00', 202301, 'w01018', 25, 'N', now()),
                ('ST4', 'S4', '2061', 'q2', '2023-03-01 08:00', 202303, 'w01018', 25, 'N', now())
                """);
        }
        using var store = LiuyuStore.Open(connection);
        Assert.Equal(new Dictionary<string, int> { ["station_values_202301"] = 1, ["station_values_202303"] = 1 }, store.StationValuePartitions(new SectionId("S4")));
        // The identity goes on after the ids copied.
        var next = store.Db.Database.SqlQueryRaw<long>("""
            INSERT INTO station_values (mn, section_id, cn, qn, data_time, month, code, value, flag, received_at)
            VALUES ('ST4', 'S4', '2061', 'q3', '2023-01-01 09:00', 202301, 'w01018', 25, 'N', now()) RETURNING id AS "Value"
            """).ToList();
        Assert.Equal([3L], next);
    }
}
