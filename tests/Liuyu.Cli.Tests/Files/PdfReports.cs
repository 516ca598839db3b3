using System.Diagnostics;
using Liuyu.Reports;
using Liuyu.Storage;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests.Files;

/// <summary>
/// <c>liuyu report settlement|bulletin</c>: the PDFs carry their title, every party's Chinese name and the totals as
/// text (pdftotext reads them back, so the CJK font is embedded with its Unicode map), and they render (pdftoppm).
/// </summary>
public class PdfReports
{
    private static readonly Lazy<string> Demo = new(() =>
    {
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "demo.db");
        var (exit, _, err) = CliRunner.Run("demo", "--store", store);
        Assert.True(exit == 0, err);
        return store;
    });

    internal static string Tool(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{tool} is not installed; ./test.sh installs poppler-utils");
        }
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} failed: {stderr}");
        return stdout;
    }

    [Fact]
    public void The_settlement_statement_has_the_title_every_party_the_totals_and_the_digest()
    {
        var pdf = Path.Combine(ScenarioGenerator.TempFolder(), "清算表.pdf");

        var (exit, _, err) = CliRunner.Run("report", "settlement", "--store", Demo.Value, "--year", "2023", "--out", pdf);

        Assert.True(exit == 0, err);
        var text = Tool("pdftotext", "-enc", "UTF-8", pdf, "-");
        using var s = LiuyuStore.Open(Demo.Value);
        var scheme = s.LoadScheme();
        var statement = s.Settle(scheme, 2023);
        Assert.Contains("2023年度市内流域横向生态保护补偿资金清算表", text);
        foreach (var p in statement.Parties)
        {
            var name = scheme.Party(p.Party).Name;
            Assert.Contains(name + "（盖章）", text);
            Assert.Contains(SettlementPdf.Yuan(p.Net), text);
        }
        Assert.Contains(SettlementPdf.Yuan(new Domain.Fen(statement.Parties.Sum(p => p.Receivable.Value))), text);
        Assert.Contains("市财政局（盖章）", text);
        Assert.Contains("市生态环境局（盖章）", text);
        Assert.Contains(Domain.Settlement.SettlementWorkflow.Digest(statement), text);
        Assert.Contains("A4", Tool("pdfinfo", pdf).Split('\n').First(l => l.StartsWith("Page size", StringComparison.Ordinal)));
        Assert.Contains("Droid Sans Fallback", Tool("pdffonts", pdf));
    }

    [Fact]
    public void The_monthly_bulletin_has_its_title_the_parties_that_pay_or_receive_and_the_total()
    {
        var pdf = Path.Combine(ScenarioGenerator.TempFolder(), "通报.pdf");

        var (exit, _, err) = CliRunner.Run("report", "bulletin", "--store", Demo.Value, "--year", "2023", "--month", "3", "--out", pdf);

        Assert.True(exit == 0, err);
        var text = Tool("pdftotext", "-enc", "UTF-8", pdf, "-");
        using var s = LiuyuStore.Open(Demo.Value);
        var scheme = s.LoadScheme();
        var lines = s.Settle(scheme, 2023).Lines.Where(l => l.Month == new Domain.YearMonth(2023, 3)).ToList();
        Assert.Contains("2023年3月流域横向生态保护补偿核算通报", text);
        foreach (var party in lines.SelectMany(l => new[] { l.Payer, l.Payee }).OfType<Domain.PartyId>().Distinct())
            Assert.Contains(scheme.Party(party).Name, text);
        Assert.Contains(SettlementPdf.Yuan(new Domain.Fen(lines.Sum(l => l.Amount.Value))), text);
    }

    [Fact]
    public void Both_documents_render_to_png()
    {
        var dir = ScenarioGenerator.TempFolder();
        Assert.Equal(0, CliRunner.Run("report", "settlement", "--store", Demo.Value, "--year", "2023", "--out", Path.Combine(dir, "s.pdf")).Exit);
        Assert.Equal(0, CliRunner.Run("report", "bulletin", "--store", Demo.Value, "--year", "2023", "--month", "3", "--out", Path.Combine(dir, "b.pdf")).Exit);
        foreach (var name in new[] { "s", "b" })
        {
            Tool("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", Path.Combine(dir, name + ".pdf"), Path.Combine(dir, name));
            var png = new FileInfo(Path.Combine(dir, name + ".png"));
            Assert.True(png.Exists && png.Length > 10_000, $"{png.FullName} was not rendered");
        }
    }

    [Fact]
    public void A_missing_font_file_is_an_input_error_that_says_what_to_install()
    {
        var (exit, _, err) = CliRunner.Run("report", "settlement", "--store", Demo.Value, "--year", "2023",
            "--out", Path.Combine(ScenarioGenerator.TempFolder(), "x.pdf"), "--font", "/nonexistent/font.ttf");
        Assert.Equal(1, exit);
        Assert.Contains("font.ttf", err);

        var (exit2, _, err2) = CliRunner.Run("report", "settlement", "--store", Demo.Value, "--year", "2023",
            "--out", Path.Combine(ScenarioGenerator.TempFolder(), "x.pdf"), "--font", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        Assert.Equal(1, exit2);
        Assert.Contains("TrueType collection (.ttc)", err2);

        var notAFont = Path.Combine(ScenarioGenerator.TempFolder(), "font.ttf");
        File.WriteAllText(notAFont, "not a font");
        var (exit3, _, err3) = CliRunner.Run("report", "settlement", "--store", Demo.Value, "--year", "2023",
            "--out", Path.Combine(ScenarioGenerator.TempFolder(), "x.pdf"), "--font", notAFont);
        Assert.Equal(1, exit3);
        Assert.Contains("is not a TrueType or OpenType font file", err3);
    }

    [Fact]
    public void A_month_without_lines_is_an_input_error()
    {
        var (exit, _, err) = CliRunner.Run("report", "bulletin", "--store", Demo.Value, "--year", "2031", "--month", "3",
            "--out", Path.Combine(ScenarioGenerator.TempFolder(), "x.pdf"));
        Assert.Equal(1, exit);
        Assert.Contains("2031-03 has no ledger lines", err);
    }
}
