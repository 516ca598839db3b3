using System.Text;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests;

/// <summary>
/// Bad input exits 1 with a message naming the file, the row and the column, and leaves the store unchanged
/// (imports are all or nothing). One test per kind of mistake.
/// </summary>
public class MalformedInput
{
    private static string Example1 => Path.Combine(SharedFolder.Shared, "examples", "account", "1");

    private static string Broken(Action<string> breakIt)
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Example1, "*.csv")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        breakIt(dir);
        return dir;
    }

    private static void Edit(string dir, string file, string from, string to)
    {
        var path = Path.Combine(dir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    /// <summary>Runs the broken folder through `account --data` and `import --store`; both exit 1 naming file, row and column; the store keeps what it had.</summary>
    private static void AssertRejected(string dir, string file, int? row, string column, string words)
    {
        var (exit, stdout, err) = CliRunner.Run("account", "--data", dir, "--year", "2023", "--json");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var expected = $"{file}" + (row is null ? "" : $", row {row}") + $", column '{column}'";
        Assert.Contains(expected, err);
        Assert.Contains(words, err);

        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        Assert.Equal(0, CliRunner.Run("import", "--store", store, "--data", Example1).Exit);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        var before = CliRunner.Run("ledger", "--store", store, "--json").Out;
        var settleBefore = CliRunner.Run("settle", "--store", store, "--year", "2023", "--json").Out;
        var (importExit, _, importErr) = CliRunner.Run("import", "--store", store, "--data", dir);
        Assert.Equal(1, importExit);
        Assert.Contains(expected, importErr);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        Assert.Equal(before, CliRunner.Run("ledger", "--store", store, "--json").Out);
        Assert.Equal(settleBefore, CliRunner.Run("settle", "--store", store, "--year", "2023", "--json").Out);
    }

    [Fact]
    public void Unknown_party() =>
        AssertRejected(Broken(d => Edit(d, "sections.csv", "S1,断面1,R0,D12,D07", "S1,断面1,R0,D99,D07")), "sections.csv", 3, "upstream", "unknown party 'D99'");

    [Fact]
    public void Unknown_section() =>
        AssertRejected(Broken(d => Edit(d, "results.csv", "S2,2023-03,II,national,", "S42,2023-03,II,national,")), "results.csv", 28, "section", "unknown section 'S42'");

    [Fact]
    public void Unknown_river() =>
        AssertRejected(Broken(d => Edit(d, "sections.csv", "S4,断面4,R0,", "S4,断面4,R7,")), "sections.csv", 6, "river", "unknown river 'R7'");

    [Fact]
    public void Bad_class() =>
        AssertRejected(Broken(d => Edit(d, "results.csv", "S0,2023-02,III,joint,", "S0,2023-02,IIII,joint,")), "results.csv", 3, "class", "not a water class");

    [Fact]
    public void Bad_month() =>
        AssertRejected(Broken(d => Edit(d, "results.csv", "S0,2023-02,III,joint,", "S0,2023-13,III,joint,")), "results.csv", 3, "month", "not a month");

    [Fact]
    public void Duplicate_rows() =>
        AssertRejected(Broken(d => Edit(d, "results.csv", "S0,2023-02,III,joint,", "S0,2023-01,III,joint,")), "results.csv", 3, "month", "duplicate result");

    [Fact]
    public void A_tier_below_the_statutory_minimum() =>
        AssertRejected(Broken(d => Edit(d, "agreements.csv", "1200000,2400000", "900000,2400000")), "agreements.csv", 2, "tier1", "below the statutory minimum");

    [Fact]
    public void A_negative_amount() =>
        AssertRejected(Broken(d => File.WriteAllText(Path.Combine(d, "payments.csv"), "year,payer,payee,amount,paid_on\n2023,D12,CITY,100,2024-01-05\n2023,D12,D07,-5000,2024-01-05\n")),
            "payments.csv", 3, "amount", "negative");

    [Fact]
    public void A_missing_column()
    {
        var dir = Broken(d => File.WriteAllLines(Path.Combine(d, "targets.csv"), File.ReadAllLines(Path.Combine(d, "targets.csv")).Select(l => string.Join(',', l.Split(',').Take(2)))));
        AssertRejected(dir, "targets.csv", 1, "class", "missing column 'class'");
    }

    [Fact]
    public void A_file_that_is_not_UTF_8()
    {
        var dir = Broken(d =>
        {
            var gbk = new byte[] { 0xB6, 0xCF, 0xC3, 0xE6 }; // 断面 in GBK, invalid as UTF-8
            var text = Encoding.UTF8.GetBytes("id,name,river,upstream,downstream,kind,km,approved,reference_section\nS0,");
            File.WriteAllBytes(Path.Combine(d, "sections.csv"), [.. text, .. gbk, .. Encoding.UTF8.GetBytes(",R0,CITY,D12,none,31.8,true,\n")]);
        });
        var (exit, _, err) = CliRunner.Run("account", "--data", dir, "--year", "2023", "--json");
        Assert.Equal(1, exit);
        Assert.Contains("sections.csv, row 2", err);
        Assert.Contains("not valid UTF-8", err);
    }

    [Fact]
    public void A_missing_folder_is_bad_input_and_a_missing_option_is_wrong_usage()
    {
        Assert.Equal(1, CliRunner.Run("account", "--data", "/nonexistent/folder", "--year", "2023", "--json").Exit);
        Assert.Equal(2, CliRunner.Run("account", "--data", Example1).Exit);
        Assert.Equal(2, CliRunner.Run("account", "--year", "twenty").Exit);
        Assert.Equal(2, CliRunner.Run("no-such-command").Exit);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_at_once()
    {
        var dir = Broken(d =>
        {
            Edit(d, "results.csv", "S0,2023-02,III,joint,", "S0,2023-02,XX,joint,");
            Edit(d, "results.csv", "S0,2023-03,劣V,national,", "S0,2023-03,劣V,satellite,");
        });
        var (exit, _, err) = CliRunner.Run("account", "--data", dir, "--year", "2023", "--json");
        Assert.Equal(1, exit);
        Assert.Contains("row 3, column 'class'", err);
        Assert.Contains("row 4, column 'source'", err);
    }
}
