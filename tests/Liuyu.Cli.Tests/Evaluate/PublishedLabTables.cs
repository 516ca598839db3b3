using System.Text;
using System.Text.Json;

namespace Liuyu.Cli.Tests.Evaluate;

/// <summary>
/// <c>liuyu evaluate</c> gives the classes the CNEMC printed for week 2 of 2007 (../shared/examples/published,
/// gb3838-cnemc-weekly-2007w02), from the long samples file and from the same figures in the wide layout with the
/// names and units the weekly report prints (issue 12).
/// </summary>
public class PublishedLabTables
{
    private static string Folder => Path.Combine(Cli.SharedFolder(), "examples", "published", "gb3838-cnemc-weekly-2007w02");

    /// <summary>published.csv: section → class as printed (IV, V, III, III, II, 劣V).</summary>
    private static Dictionary<string, string> Published() => File.ReadAllLines(Path.Combine(Folder, "published.csv")).Skip(1)
        .Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[2]);

    private static Dictionary<string, string> Classes(string json) => JsonDocument.Parse(json).RootElement.GetProperty("results").EnumerateArray()
        .ToDictionary(r => r.GetProperty("section").GetString()!, r => r.GetProperty("class").GetString()!);

    [Fact]
    public void The_weekly_samples_give_the_published_classes()
    {
        var (exit, stdout, err) = Cli.Run("evaluate", "--samples", Path.Combine(Folder, "samples.csv"), "--json");
        Assert.True(exit == 0, err);
        Assert.Equal(Published().OrderBy(p => p.Key), Classes(stdout).OrderBy(p => p.Key));
    }

    [Fact]
    public void The_same_figures_in_the_wide_layout_with_printed_names_and_units_give_the_published_classes()
    {
        // One row per station, a column per indicator as the report prints them: pH, 溶解氧, 高锰酸盐指数, 氨氮 with units.
        var rows = File.ReadAllLines(Path.Combine(Folder, "samples.csv")).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => (Section: f[0], At: f[1]))
            .Select(g => $"{g.Key.Section},{g.Key.At},{string.Join(",", new[] { "pH", "DO", "CODMn", "NH3N" }.Select(k => g.Single(f => f[2] == k)[3]))}");
        var wide = Cli.TempFile("周报.csv", "断面名称,监测时间,pH,溶解氧(mg/L),高锰酸盐指数(mg/L),NH3-N(mg/L)\n" + string.Join("\n", rows) + "\n");

        var (exit, stdout, err) = Cli.Run("evaluate", "--samples", wide, "--json");

        Assert.True(exit == 0, err);
        Assert.Equal(Published().OrderBy(p => p.Key), Classes(stdout).OrderBy(p => p.Key));
    }
}
