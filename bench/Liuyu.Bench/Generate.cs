using System.Globalization;
using System.Text;
using Liuyu.Data.Scenario;
using Liuyu.Domain;

/// <summary>
/// The national-scale data of bench/run.sh, deterministic (seeded): a scenario folder, the ledger-like rows the
/// sqlite3 and psql baselines load beside it, and a samples CSV (gb3838.md "Sample data format").
/// <code>
///   --generate-only DIR [--sections 20000] [--districts 3000] [--per-river 7] [--ledger-csv FILE]
///   --generate-samples FILE --rows 4000000 [--sections 2000]
/// </code>
/// </summary>
public static class NationalData
{
    public const int Year = 2023;

    /// <summary>Runs a generate mode when the arguments ask for one; null when they do not (the whole-process benchmark runs).</summary>
    public static int? Run(string[] args)
    {
        if (Text(args, "--generate-only") is { } folder)
        {
            var data = Scenario(Number(args, "--sections", 20_000), Year, seed: 42, Number(args, "--districts", 3_000), Number(args, "--per-river", 7));
            ScenarioWriter.WriteFolder(data, folder);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scenario {folder}: {data.Sections.Count:N0} sections, {data.Results.Count:N0} results, {data.Parties.Count:N0} parties, {data.Rivers.Count:N0} rivers"));
            if (Text(args, "--ledger-csv") is { } ledger)
            {
                var rows = WriteLedgerLike(data, ledger);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ledger-like rows {ledger}: {rows:N0}"));
            }
            return 0;
        }
        if (Text(args, "--generate-samples") is { } file)
        {
            var rows = Number(args, "--rows", 4_000_000);
            var slots = WriteSamples(file, rows, Number(args, "--sections", 2_000), seed: 7);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"samples {file}: {rows:N0} rows, {slots} sampling times, {new FileInfo(file).Length / 1e6:F0} MB"));
            return 0;
        }
        return null;
    }

    /// <summary>
    /// A plausible national scale: rivers of <paramref name="perRiver"/> sections each through chains of districts,
    /// every kind of section, targets, a month in 40 without a valid result, agreements on half the rivers.
    /// 20,000 sections with 3,000 districts and 7 a river give the 3,001 parties and 2,858 rivers.
    /// </summary>
    public static ScenarioData Scenario(int sectionCount, int year, int seed, int districts, int perRiver)
    {
        var rng = new Random(seed);
        var riverCount = (sectionCount + perRiver - 1) / perRiver;
        var parties = new List<Party> { new(new PartyId("CITY"), "市级财政", PartyKind.Municipal) };
        parties.AddRange(Enumerable.Range(0, districts).Select(i => new Party(new PartyId($"D{i:0000}"), $"区县{i:0000}", PartyKind.District)));
        var rivers = new List<River>();
        var secs = new List<Section>();
        var targets = new List<Target>();
        var results = new List<MonthlyResult>();
        var agreements = new List<Agreement>();
        for (var r = 0; r < riverCount; r++)
        {
            var river = new River(new RiverId($"R{r:0000}"), $"河流{r}", r % 3 == 0 ? "外省" : null);
            rivers.Add(river);
            var chain = Enumerable.Range(0, perRiver + 1).Select(i => i == perRiver ? new PartyId("CITY") : parties[1 + (r * 7 + i) % districts].Id).ToList();
            for (var i = 0; i < perRiver && secs.Count < sectionCount; i++)
            {
                var id = new SectionId($"S{secs.Count:000000}");
                var kind = (SectionKind)(i % 3);
                secs.Add(new Section(id, $"断面{secs.Count}", river.Id, chain[i], chain[i + 1], kind, i * 12.5m + 3, true, null));
                if (kind != SectionKind.None) targets.Add(new Target(id, year, WaterClass.FromOrdinal(rng.Next(2, 5))));
                foreach (var m in YearMonth.MonthsOf(year))
                {
                    var missing = rng.Next(40) == 0;
                    results.Add(new MonthlyResult(id, m, missing ? null : WaterClass.FromOrdinal(rng.Next(1, 7)), (ResultSource)rng.Next(4), missing ? "断流" : null));
                }
            }
            if (r % 2 == 0)
                agreements.Add(new Agreement(river.Id, new DateOnly(year, 1, 1), new DateOnly(year + 2, 12, 31), new Tiers(Fen.FromYuan(1_200_000m), Fen.FromYuan(2_400_000m))));
        }
        return new ScenarioData(parties, rivers, secs, targets, results, agreements, null, [], null, [], [], []);
    }

    /// <summary>One row a section-month shaped like a ledger line (sequence, keys, parties, amount, a 64-hex digest): what the baselines insert.</summary>
    private static int WriteLedgerLike(ScenarioData data, string file)
    {
        var rng = new Random(11);
        var digest = new byte[32];
        using var w = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 16);
        w.Write("seq,section,river,month,purpose,rule,payer,payee,amount_fen,digest\n");
        var seq = 0;
        foreach (var s in data.Sections)
            foreach (var m in YearMonth.MonthsOf(Year))
            {
                seq++;
                rng.NextBytes(digest);
                var rule = (seq % 3) switch { 0 => "R-COMP-1", 1 => "R-COMP-2", _ => "R-COMP-3" };
                var amount = rule == "R-COMP-1" ? 0L : 120_000_000L * (1 + seq % 2);
                w.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{seq},{s.Id.Value},{s.River.Value},{m},compensation,{rule},{s.Upstream.Value},{s.Downstream.Value},{amount},{Convert.ToHexStringLower(digest)}\n"));
            }
        return seq;
    }

    private static readonly (string Key, string Unit, double Low, double High, int Decimals)[] Indicators =
    [
        ("pH", "", 6.2, 8.9, 2),
        ("DO", "mg/L", 1.8, 9.5, 1),
        ("CODMn", "mg/L", 1.0, 16.0, 1),
        ("COD", "mg/L", 8.0, 42.0, 1),
        ("BOD5", "mg/L", 1.0, 10.5, 1),
        ("NH3N", "mg/L", 0.05, 2.2, 2),
        ("TP", "mg/L", 0.01, 0.45, 3),
        ("Cu", "mg/L", 0.001, 0.8, 3),
        ("Zn", "mg/L", 0.01, 1.5, 3),
    ];

    /// <summary>
    /// Samples of <paramref name="sections"/> sections (S000000…, as <see cref="Scenario"/> names them) × 9 indicators,
    /// exactly <paramref name="rows"/> rows: the sampling times lie on the 4-hour grid, spread evenly over the year, each
    /// time sampling every section and indicator (the last time possibly in part). Each section has its own level, so
    /// classes vary; one NH3N/TP sample in 50 is below the detection limit (flag L).
    /// </summary>
    private static int WriteSamples(string file, long rows, int sections, int seed)
    {
        var rng = new Random(seed);
        var perSlot = (long)sections * Indicators.Length;
        var slots = (int)((rows + perSlot - 1) / perSlot);
        const int gridPerYear = 365 * 6;
        if (slots > gridPerYear) throw new ArgumentException($"{rows} rows need more than the {gridPerYear} 4-hour times of a year for {sections} sections");
        var level = Enumerable.Range(0, sections).Select(_ => rng.NextDouble()).ToArray();
        var start = new DateTime(Year, 1, 1);
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20);
        w.Write("section,sampled_at,indicator,value,unit,flag,detection_limit\n");
        long written = 0;
        for (var slot = 0; slot < slots && written < rows; slot++)
        {
            var at = start.AddHours(4L * (slot * (long)gridPerYear / slots)).ToString("yyyy-MM-dd HH:mm", inv);
            for (var s = 0; s < sections && written < rows; s++)
            {
                var section = string.Create(inv, $"S{s:000000}");
                foreach (var (key, unit, low, high, decimals) in Indicators)
                {
                    if (written == rows) break;
                    // Around the section's level, ±15 % of the range; DO is better when higher.
                    var x = Math.Clamp(level[s] + (rng.NextDouble() - 0.5) * 0.3, 0, 1);
                    if (key == "DO") x = 1 - x;
                    var value = Math.Round(low + x * (high - low), decimals);
                    if (value <= 0) value = Math.Pow(10, -decimals);
                    var below = key is "NH3N" or "TP" && rng.Next(50) == 0;
                    w.Write(section);
                    w.Write(',');
                    w.Write(at);
                    w.Write(',');
                    w.Write(key);
                    w.Write(',');
                    w.Write(below ? "" : value.ToString("F" + decimals, inv));
                    w.Write(',');
                    w.Write(unit);
                    w.Write(below ? (key == "NH3N" ? ",L,0.025\n" : ",L,0.01\n") : ",,\n");
                    written++;
                }
            }
        }
        return slots;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Number(string[] args, string name, int fallback) =>
        Text(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
