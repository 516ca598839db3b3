using System.Text;
using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Domain.Quality;
using MiniExcelLibs;

namespace Liuyu.Data.Tests.Samples;

/// <summary>samples.csv and the samples sheet of gb3838.md: indicator by key, HJ 212 code or Chinese name; all-or-nothing errors.</summary>
public class SampleFileReading
{
    private const string Header = "section,sampled_at,indicator,value,unit,flag,detection_limit,saturation\n";
    private static readonly SampleProvenance Defaults = new("监测中心", SampleSource.MonitoringCentre);

    private static SampleFile Read(string rows) => SampleReader.ReadCsv("samples.csv", Encoding.UTF8.GetBytes(Header + rows), Defaults);

    private static InputError SingleError(string rows) => Assert.Single(Assert.Throws<InputException>(() => Read(rows)).Errors);

    [Fact]
    public void Indicators_are_read_by_key_HJ212_code_or_Chinese_name_and_micrograms_are_converted()
    {
        var file = Read("S1,2024-01-21 08:00,NH3N,0.5,,,,\nS1,2024-01-24T14:30:00,w21003,0.6,,,,\nS1,2024-01-25,氨氮,0.7,,,,\nS2,2024-02-01,w20111,0.05,μg/L,,,\n");
        Assert.Equal(["NH3N", "NH3N", "NH3N", "Hg"], file.Samples.Select(s => s.Indicator.Key).ToArray());
        Assert.Equal(0.00005m, file.Samples[3].Value);
        Assert.Equal(new DateTime(2024, 1, 24, 14, 30, 0), file.Samples[1].SampledAt);
    }

    [Fact]
    public void Non_detects_and_DO_saturation_are_read()
    {
        var file = Read("S1,2024-01-21,NH3N,,,L,0.025,\nS1,2024-01-22,DO,3.0,,,,95\n");
        Assert.True(file.Samples[0].BelowDetectionLimit);
        Assert.Equal(0.0125m, file.Samples[0].EffectiveValue);
        Assert.Equal(95m, file.Samples[1].SaturationPercent);
    }

    [Fact]
    public void Each_sample_carries_its_provenance_file_row_and_who_measured()
    {
        var csv = "断面,采样时间,指标,浓度,监测单位,来源\nS1,2024-01-21,COD,12,区监测站,joint\nS1,2024-01-22,COD,13,,\n";
        var file = SampleReader.ReadCsv("samples.csv", Encoding.UTF8.GetBytes(csv), Defaults);
        Assert.Equal(new SampleProvenance("区监测站", SampleSource.Joint, "samples.csv", 2), file.Samples[0].Provenance);
        Assert.Equal(new SampleProvenance("监测中心", SampleSource.MonitoringCentre, "samples.csv", 3), file.Samples[1].Provenance);
    }

    [Fact]
    public void Q_CLS_4_a_negative_value_names_file_row_and_column()
    {
        var e = SingleError("S1,2024-01-21,COD,12,,,,\nS1,2024-01-22,COD,-1,,,,\n");
        Assert.Equal(("samples.csv", 3, "value"), (e.File, e.Row, e.Column));
        Assert.Contains("negative", e.Message);
    }

    [Fact]
    public void Q_MEAN_3_L_without_detection_limit_names_the_detection_limit_column()
    {
        var e = SingleError("S1,2024-01-21,NH3N,,,L,,\n");
        Assert.Equal((2, "detection_limit"), (e.Row, e.Column));
    }

    [Fact]
    public void An_unknown_indicator_names_the_indicator_column()
    {
        var e = SingleError("S1,2024-01-21,XYZ,1,,,,\n");
        Assert.Equal((2, "indicator"), (e.Row, e.Column));
        Assert.Contains("XYZ", e.Message);
    }

    [Fact]
    public void Q_UNIT_1_an_unconvertible_unit_names_the_unit_column()
    {
        var e = SingleError("S1,2024-01-21,COD,1,g/L,,,\n");
        Assert.Equal((2, "unit"), (e.Row, e.Column));
    }

    [Fact]
    public void An_unparseable_date_names_the_sampled_at_column()
    {
        var e = SingleError("S1,21/01/2024,COD,1,,,,\n");
        Assert.Equal((2, "sampled_at"), (e.Row, e.Column));
    }

    [Fact]
    public void A_value_that_is_not_a_number_names_the_value_column()
    {
        var e = SingleError("S1,2024-01-21,COD,abc,,,,\n");
        Assert.Equal((2, "value"), (e.Row, e.Column));
    }

    [Fact]
    public void Every_bad_row_is_reported_at_once_and_nothing_is_returned()
    {
        var ex = Assert.Throws<InputException>(() => Read("S1,2024-01-21,COD,-1,,,,\nS1,2024-01-21,COD,1,,,,\nS1,bad,XYZ,1,,,,\nS1,2024-01-21,pH,15,,,,\n"));
        Assert.Equal([(2, "value"), (4, "sampled_at"), (4, "indicator"), (5, "value")], ex.Errors.Select(e => (e.Row!.Value, e.Column!)).ToArray());
    }

    [Fact]
    public void Chinese_headers_are_accepted()
    {
        var csv = "断面,采样时间,指标,浓度,单位,标识,检出限,饱和率\nS1,2024-01-21,COD,12,mg/L,,,\n";
        Assert.Single(SampleReader.ReadCsv("samples.csv", Encoding.UTF8.GetBytes(csv), Defaults).Samples);
    }

    [Fact]
    public void An_xlsx_samples_sheet_is_read_like_the_csv()
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["section"] = "S1", ["sampled_at"] = "2024-01-21 08:00", ["indicator"] = "氨氮", ["value"] = 0.5, ["unit"] = null },
            new() { ["section"] = "S1", ["sampled_at"] = new DateTime(2024, 1, 22), ["indicator"] = "Hg", ["value"] = 0.05, ["unit"] = "μg/L" },
        };
        var file = SampleReader.ReadXlsx("samples.xlsx", Workbook(rows), Defaults);
        Assert.Equal([0.5m, 0.00005m], file.Samples.Select(s => s.Value!.Value).ToArray());
        Assert.Equal(new DateTime(2024, 1, 22), file.Samples[1].SampledAt);
        Assert.Equal("samples.xlsx[samples]", file.Samples[0].Provenance.ImportedFrom);
    }

    [Fact]
    public void An_xlsx_error_names_the_sheet_row_and_column()
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["section"] = "S1", ["sampled_at"] = "2024-01-21", ["indicator"] = "COD", ["value"] = 12 },
            new() { ["section"] = "S1", ["sampled_at"] = "2024-01-22", ["indicator"] = "COD", ["value"] = -3 },
        };
        var e = Assert.Single(Assert.Throws<InputException>(() => SampleReader.ReadXlsx("samples.xlsx", Workbook(rows), Defaults)).Errors);
        Assert.Equal(("samples.xlsx[samples]", 3, "value"), (e.File, e.Row, e.Column));
    }

    private static MemoryStream Workbook(List<Dictionary<string, object?>> rows)
    {
        var stream = new MemoryStream();
        var sheets = new Dictionary<string, object> { ["notes"] = new[] { new Dictionary<string, object> { ["x"] = "ignored" } }, ["samples"] = rows };
        stream.SaveAs(sheets);
        stream.Position = 0;
        return stream;
    }
}

/// <summary>sections.csv as the evaluation reads it: water body and TN opt-in (Q-IND-1, Q-IND-2).</summary>
public class SectionProfileReading
{
    private static IReadOnlyDictionary<string, SectionProfile> Read(string csv) => SectionProfileReader.ReadCsv("sections.csv", Encoding.UTF8.GetBytes(csv));

    [Fact]
    public void Water_body_defaults_to_river_and_tn_to_false()
    {
        var p = Read("id,name,water_body,tn\nS0,a,river,true\nS1,b,lake,false\nS2,c,,\n");
        Assert.Equal(new SectionProfile(WaterBody.River, true), p["S0"]);
        Assert.Equal(new SectionProfile(WaterBody.Lake, false), p["S1"]);
        Assert.Equal(SectionProfile.River, p["S2"]);
    }

    [Fact]
    public void The_accounting_columns_of_formats_md_are_accepted()
    {
        var p = Read("id,name,river,upstream,downstream,kind,km,approved,reference_section\nS0,a,R1,D1,D2,none,12,true,\n");
        Assert.Equal(SectionProfile.River, p["S0"]);
    }

    [Fact]
    public void A_bad_water_body_names_row_and_column()
    {
        var e = Assert.Single(Assert.Throws<InputException>(() => Read("id,water_body\nS0,sea\n")).Errors);
        Assert.Equal((2, "water_body"), (e.Row, e.Column));
    }

    [Fact]
    public void With_the_stores_sections_an_unknown_id_is_an_error_on_its_row_and_the_chinese_headers_are_read()
    {
        var table = CsvTable.Parse("profiles.csv", Encoding.UTF8.GetBytes("编码,水体,总氮\nS0,湖库,是\nS9,river,\n"), SectionProfileReader.Columns);
        var e = Assert.Single(Assert.Throws<InputException>(() => SectionProfileReader.Read(table, new HashSet<string> { "S0" })).Errors);
        Assert.Equal(("profiles.csv", 3, "编码"), (e.File, e.Row, e.Column));
        Assert.Contains("S9", e.Message);

        var known = SectionProfileReader.Read(table, new HashSet<string> { "S0", "S9" });
        Assert.Equal(new SectionProfile(WaterBody.Lake, true), known["S0"]);
        Assert.Equal(SectionProfile.River, known["S9"]);
    }
}
