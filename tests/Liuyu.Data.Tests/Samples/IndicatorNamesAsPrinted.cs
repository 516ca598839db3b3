using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Tests.Samples;

/// <summary>
/// Indicator names as labs and reports print them (issue 12) are read as gb3838.csv's indicators, a unit in the header is
/// the sample's unit, ND / 未检出 / &lt;0.01 / 0.01L are below the detection limit, and the wide layout reads like the long one.
/// </summary>
public class IndicatorNamesAsPrinted
{
    [Theory]
    [InlineData("总磷", "TP")]
    [InlineData("总氮", "TN")]
    [InlineData("挥发性酚", "VPh")]
    [InlineData("高锰酸盐", "CODMn")]
    [InlineData("化学需氧量", "COD")]
    [InlineData("CODcr", "COD")]
    [InlineData("COD", "COD")]
    [InlineData("五日生化需氧量", "BOD5")]
    [InlineData("BOD", "BOD5")]
    [InlineData("NH3-N", "NH3N")]
    [InlineData("氨氮", "NH3N")]
    [InlineData("石油类", "Oil")]
    [InlineData("六价铬", "Cr6")]
    [InlineData("铬(六价)", "Cr6")]
    [InlineData("粪大肠菌群", "FC")]
    [InlineData("总磷（以P计）", "TP")]
    public void A_printed_name_is_the_indicator(string printed, string key)
    {
        Assert.True(IndicatorNames.TryFind(IndicatorCatalog.Gb3838, printed, out var indicator, out var unit));
        Assert.Equal((key, (string?)null), (indicator.Key, unit));
    }

    [Fact]
    public void A_unit_in_the_header_is_read_as_the_unit_and_anything_else_stays_unknown()
    {
        Assert.True(IndicatorNames.TryFind(IndicatorCatalog.Gb3838, "氨氮(mg/L)", out var nh3, out var unit));
        Assert.Equal(("NH3N", "mg/L"), (nh3.Key, unit));
        Assert.True(IndicatorNames.TryFind(IndicatorCatalog.Gb3838, "总磷（μg/L）", out var tp, out var micro));
        Assert.Equal(("TP", "μg/L"), (tp.Key, micro));
        Assert.False(IndicatorNames.TryFind(IndicatorCatalog.Gb3838, "叶绿素a", out _, out _));
        Assert.False(IndicatorNames.TryFind(IndicatorCatalog.Gb3838, "总磷(备注)", out _, out _));
    }

    [Theory]
    [InlineData("ND", null)]
    [InlineData("未检出", null)]
    [InlineData("<0.01", "0.01")]
    [InlineData("0.025L", "0.025")]
    public void A_value_below_the_detection_limit_is_read_as_such(string text, string? limit)
    {
        Assert.True(IndicatorNames.TryBelowLimit(text, out var dl));
        Assert.Equal(limit is null ? null : decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), dl);
        Assert.False(IndicatorNames.TryBelowLimit("0.3", out _));
    }

    [Fact]
    public void Long_samples_with_printed_names_and_ND_evaluate_as_with_the_keys_and_TP_is_TP_LAKE_for_a_lake()
    {
        const string printed = "section,sampled_at,indicator,value,unit,flag,detection_limit\n" +
                               "L1,2024-01-05,总磷,0.04,,,\nR1,2024-01-05,总磷,0.04,,,\nR1,2024-01-05,NH3-N,<0.025,,,\nR1,2024-01-06,氨氮(mg/L),ND,,,0.025\n";
        const string keyed = "section,sampled_at,indicator,value,unit,flag,detection_limit\n" +
                             "L1,2024-01-05,TP,0.04,,,\nR1,2024-01-05,TP,0.04,,,\nR1,2024-01-05,NH3N,,,L,0.025\nR1,2024-01-06,NH3N,,,L,0.025\n";
        var profiles = new Dictionary<string, SectionProfile> { ["L1"] = new(WaterBody.Lake) };

        var a = StreamingEvaluation.EvaluateCsv("printed.csv", System.Text.Encoding.UTF8.GetBytes(printed), profiles).Results;
        var b = StreamingEvaluation.EvaluateCsv("keyed.csv", System.Text.Encoding.UTF8.GetBytes(keyed), profiles).Results;

        Assert.Equal(b.Select(r => (r.SectionId, r.Class, string.Join(",", r.Indicators.Select(i => $"{i.Indicator.Key}={i.Value}")))),
            a.Select(r => (r.SectionId, r.Class, string.Join(",", r.Indicators.Select(i => $"{i.Indicator.Key}={i.Value}")))));
        Assert.Equal("TP_LAKE", a.Single(r => r.SectionId == "L1").Indicators.Single().Indicator.Key);
        Assert.Equal("III", a.Single(r => r.SectionId == "L1").Class!.Value.Code);
        Assert.Equal("II", a.Single(r => r.SectionId == "R1").Class!.Value.Code);
    }

    [Fact]
    public void A_wide_table_reads_one_sample_per_filled_indicator_cell_and_names_the_indicator_column_in_errors()
    {
        var folder = Directory.CreateTempSubdirectory("liuyu-wide-").FullName;
        var path = Path.Combine(folder, "lab.csv");
        File.WriteAllText(path, "断面名称,采样日期,pH,溶解氧(mg/L),总磷,备注\nS1,2024-01-05,7.1,8.2,/,\nS1,2024-01-20,7.3,x,0.03,复测\n");

        var errors = Assert.Throws<InputException>(() => SampleReader.Read(new FileInfo(path), SampleProvenance.Unknown)).Errors;
        var e = Assert.Single(errors);
        Assert.Equal((ErrorCodes.NumberInvalid, "lab.csv", 3, "溶解氧(mg/L)"), (e.Code, e.File, e.Row!.Value, e.Column));

        File.WriteAllText(path, "断面名称,采样日期,pH,溶解氧(mg/L),总磷,备注\nS1,2024-01-05,7.1,8.2,/,\nS1,2024-01-20,7.3,8.0,0.03,复测\n");
        var file = SampleReader.Read(new FileInfo(path), SampleProvenance.Unknown);
        Assert.Equal(["pH", "DO", "pH", "DO", "TP"], file.Samples.Select(s => s.Indicator.Key));
        Assert.Equal("mg/L", file.Samples[1].OriginalUnit);
        Assert.Contains(file.Warnings, w => w.Code == ErrorCodes.ColumnUnknown && w.Args["column"] == "备注");
    }
}
