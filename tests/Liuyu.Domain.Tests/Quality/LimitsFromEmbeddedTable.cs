using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>The limits come from gb3838.csv shipped in the assembly, identical to the spec's copy.</summary>
public class LimitsFromEmbeddedTable
{
    [Fact]
    public void Q_IND_1_the_shipped_table_is_byte_identical_to_the_spec_copy()
    {
        var spec = Path.Combine(SharedFolder.Find(), "spec", "gb3838.csv");
        using var stream = typeof(IndicatorCatalog).Assembly.GetManifestResourceStream("Liuyu.Domain.Quality.gb3838.csv");
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(spec), copy.ToArray());
    }

    [Fact]
    public void Q_IND_1_a_river_section_is_classified_by_21_indicators_without_WT_TN_FC_and_TP_LAKE()
    {
        var keys = SectionProfile.River.ClassIndicators(IndicatorCatalog.Gb3838).Select(i => i.Key).ToList();
        Assert.Equal(21, keys.Count);
        Assert.DoesNotContain("WT", keys);
        Assert.DoesNotContain("TN", keys);
        Assert.DoesNotContain("FC", keys);
        Assert.DoesNotContain("TP_LAKE", keys);
        Assert.Contains("TP", keys);
    }

    [Fact]
    public void Q_IND_1_Q_IND_2_a_lake_uses_TP_LAKE_and_may_opt_in_to_TN()
    {
        var keys = new SectionProfile(WaterBody.Lake, IncludesTotalNitrogen: true).ClassIndicators(IndicatorCatalog.Gb3838).Select(i => i.Key).ToList();
        Assert.Equal(22, keys.Count);
        Assert.Contains("TP_LAKE", keys);
        Assert.Contains("TN", keys);
        Assert.DoesNotContain("TP", keys);
    }

    [Theory]
    [InlineData("NH3N", "NH3N")]
    [InlineData("nh3n", "NH3N")]
    [InlineData("w21003", "NH3N")]
    [InlineData("氨氮", "NH3N")]
    [InlineData("总磷(以P计)", "TP")]
    [InlineData("w21011", "TP")]
    [InlineData("pH值", "pH")]
    public void Indicators_are_found_by_key_HJ212_code_or_Chinese_name(string text, string key)
    {
        Assert.True(IndicatorCatalog.Gb3838.TryFind(text, out var i));
        Assert.Equal(key, i.Key);
    }

    [Fact]
    public void An_unknown_indicator_is_not_found() => Assert.False(IndicatorCatalog.Gb3838.TryFind("Zz", out _));

    [Fact]
    public void A_table_with_a_looser_better_class_is_rejected_as_a_bug()
    {
        var csv = "key,hj212_code,name_zh,name_en,unit,direction,I,II,III,IV,V,eval_decimals,river_class,note\n" +
                  "X,w0,甲,X,mg/L,le,2,1,3,4,5,1,true,\n";
        Assert.Throws<InvalidOperationException>(() => IndicatorCatalog.Parse(csv));
    }
}

/// <summary>Finds ../shared beside the folder holding Liuyu.slnx; a test that needs it fails (not skips) without it.</summary>
internal static class SharedFolder
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Liuyu.slnx")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                Assert.True(Directory.Exists(shared), $"the shared folder {shared} is missing");
                return shared;
            }
        }
        Assert.Fail($"no Liuyu.slnx above {AppContext.BaseDirectory}");
        return "";
    }
}
