using System.Text.Json.Nodes;
using Liuyu.Data.Contracts;
using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests.Spreadsheets;

/// <summary>formats.md: the tables of a scenario folder may come as the sheets of one workbook, validated the same way.</summary>
public class ScenarioWorkbookReading
{
    public static TheoryData<string> Examples() => new(SharedFolder.AccountExamples().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void An_example_scenario_saved_as_a_workbook_accounts_to_the_expected_json(string name)
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", name);
        var book = Path.Combine(ScenarioGenerator.TempFolder(), "scenario.xlsx");
        ScenarioWriter.WriteWorkbook(ScenarioReader.ReadFolder(dir), book);

        var data = ScenarioReader.ReadAny(book);

        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")))!;
        var scheme = data.ToScheme();
        var year = (int)expected["year"]!;
        var lines = LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), MonthlyAccounting.AccountYear(scheme, year), _ => false)
            .Select((l, i) => l with { Sequence = i + 1 }).ToList();
        JsonAssert.Equal(expected, JsonNode.Parse(AccountingJson.ToJson(YearlySettlement.Settle(scheme, year, lines))));
    }

    [Fact]
    public void Title_rows_merged_headers_blank_rows_text_numbers_and_serial_dates_are_read_as_the_csv_would_be()
    {
        var book = Book(w =>
        {
            var parties = w.AddSheet("parties");
            parties.Row("重庆市区县名单");                     // a title row merged across the table
            parties.Merge("A1:C1");
            parties.Row("编码", "名称", "类型");
            parties.Row("A", "甲区", "district");
            parties.Row();                                     // a blank row between data rows
            parties.Row("B", "乙县", "区县");
            parties.Row();                                     // trailing blank rows
            parties.Row("", "  ");
            var rivers = w.AddSheet("rivers");
            rivers.Row("id", "name");
            rivers.Row("R1", "一号河");
            var sections = w.AddSheet("sections");
            sections.Row("断面信息", null, null, null, null, "属性");   // a two-row header: groups merged over their columns
            sections.Row("编码", "名称", "河流", "上游", "下游", "断面类型", "里程", "是否认可");
            sections.Merge("A1:E1");
            sections.Merge("F1:H1");
            sections.Row("S1", "甲乙交界", "R1", "A", "B", "市控", "12.5", "是");   // km as text
            var targets = w.AddSheet("targets");
            targets.Row("断面", "年度", "目标类别");
            targets.Row("S1", 2023d, "III");                    // year as a number
            var results = w.AddSheet("results");
            results.Row("断面", "月份", null, "来源");
            results.Row(null, null, "水质类别");                // class header below, the others merged vertically
            results.Merge("A1:A2");
            results.Row("S1", 44927d, 4d, "municipal");          // 2023-01 as an Excel serial date, class as a number
            results.Row("S1", "2023-02", "IV", "municipal");
            results.Row("S1", "2023-03", "3", "municipal");     // class typed as text
        });
        var data = ScenarioReader.ReadWorkbook(book);

        Assert.Equal(["A", "B"], data.Parties.Select(p => p.Id.Value));
        Assert.Equal(PartyKind.District, data.Parties[1].Kind);
        var s = Assert.Single(data.Sections);
        Assert.Equal((12.5m, true, SectionKind.Municipal), (s.DistanceKm, s.Approved, s.Kind));
        Assert.Equal(2023, Assert.Single(data.Targets).Year);
        Assert.Equal(["2023-01 IV", "2023-02 IV", "2023-03 III"], data.Results.Select(r => $"{r.Month} {r.Class}"));
    }

    [Fact]
    public void Error_cells_and_bad_values_are_rejected_with_sheet_row_and_column()
    {
        var path = Book(w =>
        {
            Registry(w);
            var results = w.AddSheet("results");
            results.Row("section", "month", "class", "source");
            results.Row("S1", "2023-01", "#N/A", "municipal");
            results.Row();
            results.Row("S1", 2023.05, "II", "municipal");
            results.Row("S9", "2023-03", "II", "municipal");
        });

        var errors = Assert.Throws<InputException>(() => ScenarioReader.ReadWorkbook(path)).Errors;

        Assert.Contains(errors, e => (e.File, e.Row, e.Column) == ("book.xlsx[results]", 2, "class") && e.Message.Contains("#N/A"));
        Assert.DoesNotContain(errors, e => e.Row == 3);
        Assert.Contains(errors, e => (e.File, e.Row, e.Column) == ("book.xlsx[results]", 4, "month") && e.Message.Contains("2023.05"));
        Assert.Contains(errors, e => (e.File, e.Row, e.Column) == ("book.xlsx[results]", 5, "section") && e.Message.Contains("S9"));
    }

    [Fact]
    public void A_missing_required_sheet_is_named_with_the_workbook_and_its_sheets()
    {
        var path = Book(w => w.AddSheet("parties").Row("id", "name", "kind"));
        var errors = Assert.Throws<InputException>(() => ScenarioReader.ReadWorkbook(path)).Errors;
        Assert.Contains(errors, e => e.File == "book.xlsx" && e.Message.Contains("'rivers'") && e.Message.Contains("parties"));
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_an_input_error()
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "book.xlsx");
        File.WriteAllText(path, "section,month\n");
        var e = Assert.Single(Assert.Throws<InputException>(() => ScenarioReader.ReadWorkbook(path)).Errors);
        Assert.Equal("book.xlsx", e.File);
    }

    [Fact]
    public void An_empty_optional_sheet_is_present_without_rows_as_an_empty_optional_file_is()
    {
        var path = Book(w =>
        {
            Registry(w);
            w.AddSheet("signatures");
        });

        var data = ScenarioReader.ReadWorkbook(path);

        Assert.NotNull(data.Signatures);
        Assert.Empty(data.Signatures);
    }

    [Fact]
    public void A_damaged_sheet_is_an_input_error_naming_the_sheet()
    {
        var path = Book(Registry);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var r = new StreamReader(entry.Open())) xml = r.ReadToEnd();
            entry.Delete();
            using var w = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            w.Write(xml[..(xml.Length * 2 / 3)]);   // cut in the middle of the rows
        }

        var errors = Assert.Throws<InputException>(() => ScenarioReader.ReadWorkbook(path)).Errors;

        Assert.Contains(errors, e => e.File == "book.xlsx[parties]" && e.Message.Contains("cannot be read"));
    }

    internal static void Registry(XlsxWriter w)
    {
        var p = w.AddSheet("parties");
        p.Row("id", "name", "kind");
        p.Row("A", "甲区", "district");
        p.Row("B", "乙县", "district");
        var r = w.AddSheet("rivers");
        r.Row("id", "name");
        r.Row("R1", "一号河");
        var s = w.AddSheet("sections");
        s.Row("id", "name", "river", "upstream", "downstream", "kind", "km", "approved");
        s.Row("S1", "甲乙交界", "R1", "A", "B", "municipal", "12.5", "true");
        var t = w.AddSheet("targets");
        t.Row("section", "year", "class");
        t.Row("S1", "2023", "III");
    }

    internal static string Book(Action<XlsxWriter> write)
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "book.xlsx");
        using var file = File.Create(path);
        using (var w = new XlsxWriter(file)) write(w);
        return path;
    }
}

/// <summary>Legacy .xls workbooks (BIFF8, as older Excel and WPS save them) are read through ExcelDataReader.</summary>
public class LegacyXlsReading
{
    [Fact]
    public void A_legacy_xls_scenario_is_read_like_the_xlsx()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Spreadsheets", "Fixtures", "scenario.xls");

        var data = ScenarioReader.ReadAny(path);

        Assert.Equal(["甲区", "乙县"], data.Parties.Select(p => p.Name));
        Assert.Equal(12.5m, Assert.Single(data.Sections).DistanceKm);
        Assert.Equal(["2023-01 IV", "2023-02 II", "2023-03 劣V"], data.Results.Select(r => $"{r.Month} {r.Class}"));
    }

    [Fact]
    public void A_bad_cell_in_a_legacy_xls_names_sheet_row_and_column()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Spreadsheets", "Fixtures", "bad.xls");
        var e = Assert.Single(Assert.Throws<InputException>(() => ScenarioReader.ReadAny(path)).Errors);
        Assert.Equal(("bad.xls[results]", 5, "水质类别"), (e.File, e.Row, e.Column));
        Assert.Contains("'VII'", e.Message);
    }
}
