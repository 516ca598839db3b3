using System.Globalization;
using System.Text;
using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Tests.Samples;

/// <summary>
/// R-DATA-3, Q-MEAN-1…4: evaluating a streamed file from running totals (in parallel, merged) gives exactly what
/// evaluating every sample read into memory gives, on seeded random files; a bad file gives the same errors.
/// </summary>
public class StreamingEvaluationEqualsEvaluatingEverySample
{
    private static readonly string[] Indicators = ["pH", "DO", "COD", "NH3N", "TP", "TP_LAKE", "TN", "Hg", "Cu", "WT", "溶解氧"];

    /// <summary>A random samples file: several sections and months, pH with two and more decimals, non-detects, μg/L, DO saturation.</summary>
    internal static string RandomFile(int seed, int rows)
    {
        var rng = new Random(seed);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("section,sampled_at,indicator,value,unit,flag,detection_limit,saturation,source\n");
        for (var i = 0; i < rows; i++)
        {
            var section = $"S{rng.Next(6)}";
            var day = new DateTime(2023, 1 + rng.Next(4), 1 + rng.Next(28), rng.Next(24), rng.Next(60), 0);
            var at = rng.Next(5) switch
            {
                0 => day.ToString("yyyy-MM-dd", inv),
                1 => day.ToString("yyyy/M/d H:mm", inv),
                2 => day.ToString("yyyy-MM-ddTHH:mm:ss", inv),
                _ => day.ToString("yyyy-MM-dd HH:mm", inv),
            };
            var indicator = Indicators[rng.Next(Indicators.Length)];
            string value, unit = "", flag = "", limit = "", saturation = "";
            switch (indicator)
            {
                case "pH":
                    value = (6 + rng.Next(300) / 100m + (rng.Next(10) == 0 ? 0.005m : 0m)).ToString(inv);
                    break;
                case "DO" or "溶解氧":
                    value = (rng.Next(10, 95) / 10m).ToString(inv);
                    if (rng.Next(3) == 0) saturation = rng.Next(70, 110).ToString(inv);
                    break;
                default:
                    var mg = rng.Next(1, 4000) / 1000m;
                    if (rng.Next(4) == 0) { value = (mg * 1000).ToString(inv); unit = "μg/L"; }
                    else { value = mg.ToString(inv); unit = rng.Next(2) == 0 ? "mg/L" : ""; }
                    if (indicator == "WT") unit = "";
                    if (rng.Next(15) == 0) { value = ""; flag = "L"; limit = "0.01"; unit = ""; }
                    break;
            }
            var source = rng.Next(20) == 0 ? "joint" : "";
            sb.Append(inv, $"{section},{at},{indicator},{value},{unit},{flag},{limit},{saturation},{source}\n");
        }
        return sb.ToString();
    }

    private static readonly Dictionary<string, SectionProfile> Profiles = new()
    {
        ["S1"] = new SectionProfile(WaterBody.Lake, IncludesTotalNitrogen: true),
        ["S2"] = new SectionProfile(WaterBody.Lake),
    };

    private static string Describe(IEnumerable<MonthlyEvaluation> results) => string.Join("\n", results.Select(r =>
        $"{r.SectionId} {r.Month} {r.Class?.Code} [{string.Join(",", r.Deciding.Select(d => d.Key))}] " +
        string.Join(" ", r.Indicators.Select(i => $"{i.Indicator.Key}={i.Value}/{i.Mean}/{i.Class.Code}/{i.SampleCount}/{i.Exceedance}/{i.ClassIBySaturation}")) +
        $" main [{string.Join(",", r.MainPollutants.Select(m => m.Indicator.Key))}] not [{string.Join(",", r.NotSampled.Select(n => n.Key))}]"));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    public void Results_equal_those_of_every_sample_in_memory_for_seed(int seed, int parallelism)
    {
        var bytes = Encoding.UTF8.GetBytes(RandomFile(seed, 20_000));
        var inMemory = SectionEvaluator.EvaluateAll(SampleReader.ReadCsv("samples.csv", bytes, SampleProvenance.Unknown).Samples, Profiles);
        var streamed = StreamingEvaluation.EvaluateCsv("samples.csv", bytes, Profiles, parallelism: parallelism).Results;
        Assert.Equal(Describe(inMemory), Describe(streamed));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void A_file_with_bad_rows_gives_the_same_errors_for_seed(int seed)
    {
        var rng = new Random(seed);
        var lines = RandomFile(seed, 30_000).Split('\n').ToList();
        for (var k = 0; k < 40; k++)
        {
            var i = 1 + rng.Next(lines.Count - 2);
            lines[i] = rng.Next(4) switch
            {
                0 => lines[i].Replace("2023", "2023x"),
                1 => "S1,2023-01-01,pH,15,,,,,",
                2 => "S1,2023-01-01,nonsense,1,,,,,",
                _ => "S1,2023-01-01,COD,-1,kg,X,,,nowhere",
            };
        }
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        var expected = Assert.Throws<InputException>(() => SampleReader.ReadCsv("samples.csv", bytes, SampleProvenance.Unknown)).Errors;
        var streamed = Assert.Throws<InputException>(() => StreamingEvaluation.EvaluateCsv("samples.csv", bytes, Profiles, parallelism: 3)).Errors;
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => e.ToString()), streamed.Select(e => e.ToString()));
    }

    /// <summary>
    /// Rows grouped as stations and bulletins write them (a time's sections, each with its indicators), so the fast path
    /// meets the previous row's time, indicator name and unit again, and keeps them: a unit that changes within a run, a
    /// time that does not parse (kept nowhere, so every one of its rows is refused), an indicator name that does not
    /// exist, and names that share a slot of the cheap hash must read as the exact reader reads them.
    /// </summary>
    internal static string GroupedFile(int seed, bool withBadTimes)
    {
        var rng = new Random(seed);
        var inv = CultureInfo.InvariantCulture;
        // CN and S2 fall in the same slot of the fast path's cheap hash; Cu and Cd share their length and first letter.
        string[] names = ["pH", "DO", "COD", "Cu", "Zn", "Cd", "CN", "S2", "TP", "TN", "溶解氧"];
        var sb = new StringBuilder("section,sampled_at,indicator,value,unit,flag,detection_limit\n");
        for (var t = 0; t < 600; t++)
        {
            var at = new DateTime(2023, 1, 1).AddHours(7 * t);
            var text = withBadTimes && t % 37 == 5 ? "2023-02-29 07:00" : at.ToString(t / 2 % 2 == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-ddTHH:mm:ss", inv);
            for (var section = 0; section < 4; section++)
                foreach (var name in names)
                {
                    var unit = name is "pH" ? "" : rng.Next(3) switch { 0 => "mg/L", 1 => name is "DO" or "溶解氧" or "TP" or "TN" ? "mg/L" : "μg/L", _ => "" };
                    var mg = rng.Next(1, 900) / 1000m;
                    var value = name == "pH" ? (6 + rng.Next(300) / 100m).ToString(inv) : unit == "μg/L" ? (mg * 1000).ToString(inv) : mg.ToString(inv);
                    var indicator = withBadTimes && t % 41 == 9 && section == 2 && name == "Zn" ? "Zn2" : name;
                    sb.Append(inv, $"S{section},{text},{indicator},{value},{unit},,\n");
                }
        }
        return sb.ToString();
    }

    [Theory]
    [InlineData(31, 1)]
    [InlineData(32, 2)]
    public void Grouped_rows_give_what_every_sample_in_memory_gives(int seed, int parallelism)
    {
        var bytes = Encoding.UTF8.GetBytes(GroupedFile(seed, withBadTimes: false));
        var inMemory = SectionEvaluator.EvaluateAll(SampleReader.ReadCsv("samples.csv", bytes, SampleProvenance.Unknown).Samples, Profiles);
        var streamed = StreamingEvaluation.EvaluateCsv("samples.csv", bytes, Profiles, parallelism: parallelism).Results;
        Assert.Equal(Describe(inMemory), Describe(streamed));
        Assert.Contains(streamed, r => r.Indicators.Any(i => i.Indicator.Key == "CN") && r.Indicators.Any(i => i.Indicator.Key == "S2"));
    }

    [Fact]
    public void Grouped_rows_stream_to_an_import_as_the_exact_reader_reads_them()
    {
        // An import keeps each sample's time and unit, which a month's class does not show.
        var bytes = Encoding.UTF8.GetBytes(GroupedFile(34, withBadTimes: false));
        var exact = SampleReader.ReadCsv("samples.csv", bytes, SampleProvenance.Unknown).Samples.Select(SampleRecord.Of).ToList();
        var streamed = new List<SampleRecord>();
        SampleCsv.Stream("samples.csv", SampleCsv.Source.OfBytes("samples.csv", bytes, ReadLimits.Current), SampleProvenance.Unknown,
            IndicatorCatalog.Gb3838, ReadLimits.Current, streamed.Add);
        Assert.Equal(600 * 4 * 11, exact.Count);
        Assert.Equal(exact, streamed);
    }

    [Fact]
    public void Grouped_rows_with_a_bad_time_and_name_give_the_exact_readers_errors()
    {
        var bytes = Encoding.UTF8.GetBytes(GroupedFile(33, withBadTimes: true));
        var expected = Assert.Throws<InputException>(() => SampleReader.ReadCsv("samples.csv", bytes, SampleProvenance.Unknown)).Errors;
        var streamed = Assert.Throws<InputException>(() => StreamingEvaluation.EvaluateCsv("samples.csv", bytes, Profiles, parallelism: 2)).Errors;
        // Every row of a bad time is refused, not only the first one read after it.
        Assert.True(expected.Count > 40, $"{expected.Count} errors");
        Assert.Equal(expected.Select(e => e.ToString()), streamed.Select(e => e.ToString()));
    }

    [Fact]
    public void A_file_read_from_disk_streams_to_the_same_results()
    {
        var path = Path.Combine(Path.GetTempPath(), $"samples-{Guid.NewGuid():N}.csv");
        var text = RandomFile(21, 50_000);
        File.WriteAllText(path, text, new UTF8Encoding(true));
        try
        {
            var fromDisk = StreamingEvaluation.Evaluate(new FileInfo(path), Profiles).Results;
            var inMemory = SectionEvaluator.EvaluateAll(SampleReader.Read(new FileInfo(path), SampleProvenance.Unknown).Samples, Profiles);
            Assert.Equal(Describe(inMemory), Describe(fromDisk));
        }
        finally { File.Delete(path); }
    }
}
