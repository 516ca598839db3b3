using System.IO.Compression;
using Liuyu.Data.Spreadsheets;
using Liuyu.Data.Statements;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Storage;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests.Files;

/// <summary><c>liuyu export ledger|settlement</c>: the workbook read back gives the same ledger and the same statement.</summary>
public class WorkbookExport
{
    /// <summary>Example 2 (basin fund, several parties) accounted, then a revised bulletin so the ledger has reversals.</summary>
    private static string AccountedStore()
    {
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        Assert.Equal(0, CliRunner.Run("import", "--store", store, "--data", Path.Combine(SharedFolder.Shared, "examples", "account", "2")).Exit);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        string section, river;
        using (var s = LiuyuStore.Open(store))
        {
            var line = s.PostedIn(2023).First(l => l.Result is not null && l.Baseline is not null);
            (section, river) = (line.Section.Value, line.River.Value);
        }
        var bulletin = Path.Combine(ScenarioGenerator.TempFolder(), "revised.xlsx");
        using (var file = File.Create(bulletin))
        using (var w = new XlsxWriter(file))
        {
            var sheet = w.AddSheet("bulletin");
            sheet.Row("断面", "河流", "月份", "水质类别", "备注");
            sheet.Row(section, river, "2023-01", "劣V", "复核");
        }
        var (exit, _, err) = CliRunner.Run("bulletin", "import", "--store", store, "--file", bulletin);
        Assert.True(exit == 0, err);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        return store;
    }

    private static object Key(LedgerLine l) =>
        (l.Sequence, l.River.Value, l.Section.Value, l.Month, l.Baseline, l.Result, l.Rule, l.Payer?.Value, l.Payee?.Value, l.SignedAmount);

    private static object Key(WorkbookLine l) =>
        (l.Sequence, l.River.Value, l.Section.Value, l.Month, l.Baseline, l.Result, l.Rule, l.Payer?.Value, l.Payee?.Value, l.Amount);

    [Fact]
    public void The_exported_ledger_read_back_is_the_ledger_with_its_totals()
    {
        var store = AccountedStore();
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "台账.xlsx");

        var (exit, _, err) = CliRunner.Run("export", "ledger", "--store", store, "--year", "2023", "--out", path);

        Assert.True(exit == 0, err);
        var content = StatementWorkbook.Read(path);
        using var s = LiuyuStore.Open(store);
        var posted = s.PostedIn(2023);
        Assert.Contains(posted, l => l.Kind == LedgerLineKind.Reversal);
        Assert.Equal(posted.Select(Key).OrderBy(k => k.ToString()), content.Lines.Select(Key).OrderBy(k => k.ToString()));
        var statement = s.Settle(2023);
        Assert.Equal(statement.Parties, content.Parties);
        Assert.Equal(statement.Pairs, content.Pairs);
    }

    [Fact]
    public void The_exported_settlement_read_back_is_the_statement()
    {
        var store = AccountedStore();
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "清算表.xlsx");

        var (exit, _, err) = CliRunner.Run("export", "settlement", "--store", store, "--year", "2023", "--out", path);

        Assert.True(exit == 0, err);
        var content = StatementWorkbook.Read(path);
        using var s = LiuyuStore.Open(store);
        var statement = s.Settle(2023);
        Assert.Equal(statement.Lines.Concat(statement.Adjustments).Select(Key).OrderBy(k => k.ToString()), content.Lines.Select(Key).OrderBy(k => k.ToString()));
        Assert.Equal(statement.Parties, content.Parties);
        Assert.Equal(statement.Pairs, content.Pairs);
    }

    [Fact]
    public void Totals_are_formulas_over_the_river_sheets_and_headers_are_frozen()
    {
        var store = AccountedStore();
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "清算表.xlsx");
        Assert.Equal(0, CliRunner.Run("export", "settlement", "--store", store, "--year", "2023", "--out", path).Exit);

        using var zip = ZipFile.OpenRead(path);
        string Xml(string entry) => new StreamReader(zip.GetEntry(entry)!.Open()).ReadToEnd();
        var workbook = Xml("xl/workbook.xml");
        Assert.StartsWith("<sheet name=\"汇总\"", workbook[workbook.IndexOf("<sheet ", StringComparison.Ordinal)..]);
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).Select(e => Xml(e.FullName)).ToList();
        Assert.All(sheets, x => Assert.Contains("state=\"frozen\"", x));
        Assert.Contains(sheets, x => x.Contains("<f>SUMIF(") && x.Contains("<f>C3-D3</f>"));   // the party summary
        Assert.Contains(sheets, x => x.Contains("<f>SUM(N3:N"));                               // a river total
        Assert.Contains(sheets, x => x.Contains("<f>SUMIFS("));                                // the pairs
        Assert.Contains("numFmtId=\"164\" formatCode=\"#,##0.00\"", Xml("xl/styles.xml"));
    }

    [Fact]
    public void Exporting_a_year_without_lines_is_an_input_error()
    {
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        Assert.Equal(0, CliRunner.Run("import", "--store", store, "--data", Path.Combine(SharedFolder.Shared, "examples", "account", "2")).Exit);
        var (exit, _, err) = CliRunner.Run("export", "ledger", "--store", store, "--year", "2023", "--out", Path.Combine(ScenarioGenerator.TempFolder(), "x.xlsx"));
        Assert.Equal(1, exit);
        Assert.Contains("2023 has no ledger lines", err);
    }
}
