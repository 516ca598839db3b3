using System.Text.Json.Nodes;
using Liuyu.Data.Scenario;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain;
using Liuyu.Storage;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests.Files;

/// <summary><c>import</c> and <c>account --data</c> take a scenario workbook as they take a folder.</summary>
public class WorkbookImport
{
    [Fact]
    public void Account_of_a_workbook_prints_the_same_json_as_the_folder()
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", "2");
        var book = Path.Combine(ScenarioGenerator.TempFolder(), "场景.xlsx");
        ScenarioWriter.WriteWorkbook(ScenarioReader.ReadFolder(dir), book);

        var (exit, stdout, err) = CliRunner.Run("account", "--data", book, "--year", "2023", "--json");

        Assert.True(exit == 0, err);
        JsonAssert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))), JsonNode.Parse(stdout));
    }

    [Fact]
    public void Import_of_a_workbook_with_a_bad_cell_names_sheet_row_and_column_and_writes_nothing()
    {
        var book = Path.Combine(ScenarioGenerator.TempFolder(), "book.xlsx");
        using (var file = File.Create(book))
        using (var w = new XlsxWriter(file))
        {
            var p = w.AddSheet("parties");
            p.Row("id", "name", "kind");
            p.Row("A", "甲区", "district");
            p.Row("B", "乙县", "county");
            var r = w.AddSheet("rivers");
            r.Row("id", "name");
            r.Row("R1", "一号河");
            var s = w.AddSheet("sections");
            s.Row("id", "name", "river", "upstream", "downstream", "kind", "km", "approved");
            s.Row("S1", "甲乙交界", "R1", "A", "B", "municipal", "12.5", "true");
        }
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");

        var (exit, _, err) = CliRunner.Run("import", "--store", store, "--data", book);

        Assert.Equal(1, exit);
        Assert.Contains("book.xlsx[parties], row 3, column 'kind'", err);
        using var opened = LiuyuStore.Open(store);
        Assert.Empty(opened.ImportBatches());
    }
}

/// <summary><c>liuyu bulletin import</c>: a published bulletin sheet, sections matched by id or exact name on their river.</summary>
public class BulletinImport
{
    private static string StoreWithExample()
    {
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        Assert.Equal(0, CliRunner.Run("import", "--store", store, "--data", Path.Combine(SharedFolder.Shared, "examples", "account", "1")).Exit);
        return store;
    }

    private static string Bulletin(params XlsxCell[][] rows)
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "通报.xlsx");
        using var file = File.Create(path);
        using var w = new XlsxWriter(file);
        var sheet = w.AddSheet("2024年1月");
        sheet.Row("2024年1月重庆市流域横向生态保护补偿断面水质通报");
        sheet.Merge("A1:D1");
        foreach (var row in rows) sheet.Row(row);
        return path;
    }

    [Fact]
    public void Sections_are_matched_by_name_or_id_on_their_river_and_become_results()
    {
        var store = StoreWithExample();
        var path = Bulletin(
            ["断面名称", "河流", "水质类别"],
            ["断面2", "河流0", "Ⅳ"],
            ["S6", "R0", "II"],
            [" 断面3 ", "R0", "3"]);

        var (exit, stdout, err) = CliRunner.Run("bulletin", "import", "--store", store, "--file", path, "--month", "2024-01");

        Assert.True(exit == 0, err);
        Assert.Contains("3 new results", stdout);
        using var s = LiuyuStore.Open(store);
        var scheme = s.LoadScheme();
        Assert.Equal(WaterClass.Parse("IV"), scheme.ResultOf(new SectionId("S2"), new YearMonth(2024, 1))!.Class);
        Assert.Equal(WaterClass.Parse("II"), scheme.ResultOf(new SectionId("S6"), new YearMonth(2024, 1))!.Class);
        Assert.Equal(WaterClass.Parse("III"), scheme.ResultOf(new SectionId("S3"), new YearMonth(2024, 1))!.Class);
    }

    [Fact]
    public void An_unmatched_name_is_reported_with_sheet_row_and_column_and_nothing_is_imported()
    {
        var store = StoreWithExample();
        var path = Bulletin(
            ["断面名称", "河流", "月份", "水质类别"],
            ["断面2", "河流0", "2024-02", "IV"],
            ["断面 2", "河流0", "2024-02", "IV"],
            ["断面2", "长江", "2024-02", "IV"]);
        int batches;
        using (var before = LiuyuStore.Open(store)) batches = before.ImportBatches().Count;

        var (exit, _, err) = CliRunner.Run("bulletin", "import", "--store", store, "--file", path);

        Assert.Equal(1, exit);
        // Issue 12: a name near a registered section of its river is refused with the suggestion (never guessed); a river
        // outside the registry is not an error (its rows are skipped), but the refused row still refuses the whole file.
        Assert.Contains("通报.xlsx[2024年1月], row 4, column '断面名称': no registered section is named '断面 2'; did you mean 断面2 (S2)?", err);
        Assert.DoesNotContain("row 5", err);
        using var after = LiuyuStore.Open(store);
        Assert.Equal(batches, after.ImportBatches().Count);
        Assert.Null(after.LoadScheme().ResultOf(new SectionId("S2"), new YearMonth(2024, 2)));
    }

    [Fact]
    public void A_sheet_without_a_month_column_needs_the_month_option()
    {
        var store = StoreWithExample();
        var path = Bulletin(["断面名称", "河流", "水质类别"], ["断面2", "河流0", "IV"]);
        var (exit, _, err) = CliRunner.Run("bulletin", "import", "--store", store, "--file", path);
        Assert.Equal(1, exit);
        Assert.Contains("--month", err);
    }
}
