using System.Globalization;
using System.Text;
using Liuyu.Cli.Features.Evaluate;
using Liuyu.Data.Samples;
using Liuyu.Domain.Quality;

namespace Liuyu.Cli.Tests.Evaluate;

/// <summary>
/// <c>evaluate --json</c> writes runs of months in parallel, each with its own writer, and joins them: the bytes must be
/// those of one writer over every month (gb3838.md's contract), whatever the run length, the number of threads, and
/// wherever the months without a result (R-DATA-4, not listed) fall.
/// </summary>
public class JsonWrittenInRuns
{
    /// <summary>Months of 40 sections: classes Ⅰ to 劣Ⅴ with main pollutants, and every fifth section with only water temperature (no result).</summary>
    private static SampleMonths Months(int sections, bool noneWithResult = false)
    {
        var csv = new StringBuilder("section,sampled_at,indicator,value,unit,flag,detection_limit\n");
        var rng = new Random(7);
        for (var s = 0; s < sections; s++)
            for (var month = 1; month <= 3; month++)
                for (var day = 1; day <= 2; day++)
                {
                    var at = $"2023-{month:00}-{day:00} 08:00";
                    csv.Append(CultureInfo.InvariantCulture, $"S{s:000},{at},WT,{rng.Next(5, 30)},,,\n");
                    if (noneWithResult || s % 5 == 4) continue;
                    csv.Append(CultureInfo.InvariantCulture, $"S{s:000},{at},COD,{rng.Next(50, 600) / 10m},mg/L,,\n");
                    csv.Append(CultureInfo.InvariantCulture, $"S{s:000},{at},NH3N,{rng.Next(5, 300) / 100m},mg/L,,\n");
                    csv.Append(CultureInfo.InvariantCulture, $"S{s:000},{at},pH,{rng.Next(600, 900) / 100m},,,\n");
                    csv.Append(CultureInfo.InvariantCulture, $"S{s:000},{at},Hg,{rng.Next(1, 20) / 100000m},mg/L,,\n");
                }
        var path = Cli.TempFile("samples.csv", csv.ToString());
        return StreamingEvaluation.Months(new FileInfo(path), new Dictionary<string, SectionProfile>());
    }

    private static byte[] Json(SampleMonths months, int parallelism, int chunk)
    {
        using var bytes = new MemoryStream();
        EvaluateCommand.WriteJson(months.Count, i => months[i], bytes, parallelism, chunk);
        return bytes.ToArray();
    }

    [Fact]
    public void Runs_of_any_length_on_any_number_of_threads_give_the_bytes_of_one_writer()
    {
        var months = Months(40);
        var one = Json(months, parallelism: 1, chunk: int.MaxValue);
        var text = Encoding.UTF8.GetString(one);
        Assert.Contains("\"main_pollutants\": [\n        {", text); // some month worse than Ⅲ, so the runs hold nested lists too
        Assert.Equal(96, text.Split("\"section\":").Length - 1); // 32 sections with a result × 3 months; the others are not listed
        foreach (var threads in new[] { 2, 3 })
            foreach (var chunk in new[] { 1, 2, 3, 5, 7, 64, 119, 120, 121 })
                Assert.True(one.AsSpan().SequenceEqual(Json(months, threads, chunk)), $"{threads} threads, runs of {chunk}");
    }

    [Fact]
    public void Months_without_a_result_only_give_the_empty_list_of_one_writer()
    {
        var months = Months(6, noneWithResult: true);
        Assert.Equal(18, months.Count);
        var one = Json(months, parallelism: 1, chunk: int.MaxValue);
        Assert.Equal("{\n  \"results\": []\n}", Encoding.UTF8.GetString(one));
        Assert.True(one.AsSpan().SequenceEqual(Json(months, 2, 1)));
        Assert.True(one.AsSpan().SequenceEqual(Json(months, 2, 4)));
    }

    [Fact]
    public void A_month_evaluated_on_several_threads_at_once_is_the_same_each_time()
    {
        var months = Months(10);
        var once = Json(months, parallelism: 1, chunk: int.MaxValue);
        // Every thread evaluates every month: an evaluation that changed its totals (a pH list sorted in place) would race.
        var copies = new byte[4][];
        Parallel.For(0, copies.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => copies[k] = Json(months, 1, int.MaxValue));
        foreach (var copy in copies) Assert.True(once.AsSpan().SequenceEqual(copy));
    }
}
