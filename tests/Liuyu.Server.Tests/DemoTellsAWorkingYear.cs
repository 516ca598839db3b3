using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>The server as <c>./run.sh</c> starts it: the demo with its story (2023 confirmed, cleared, paid and closed; 2024 in confirmation).</summary>
public sealed class StoryServer() : LiuyuServer(null, null, new Dictionary<string, string> { ["Liuyu:DemoStory"] = "true" });

[CollectionDefinition(Name)]
public sealed class WorkingYearCollection : ICollectionFixture<StoryServer>, ICollectionFixture<Browser>
{
    public const string Name = "working-year";
}

/// <summary>
/// R-SET-1 as the settlement page tells it: the demo's 2023 went through every step (one late payer carries its
/// R-PEN-1 penalty), 2024 waits for confirmations; the stepper says where each year is, who acts and why a button is
/// disabled; before the clearance nothing is overdue, only a deadline at risk; the statements of an uncleared year
/// are drafts on every page and in their names.
/// </summary>
[Collection(WorkingYearCollection.Name)]
public sealed class DemoTellsAWorkingYear(StoryServer server, Browser browser)
{
    [Fact]
    public async Task The_demo_closed_2023_with_one_late_payer_and_left_2024_in_confirmation()
    {
        var auditor = await server.SignedIn("auditor");
        var y2023 = await auditor.GetJson("/api/settlement/2023");
        Assert.True(y2023.GetProperty("closed").GetBoolean());
        Assert.True(y2023.GetProperty("progress").GetProperty("cleared").GetBoolean());
        Assert.Equal(12, y2023.GetProperty("monthsAccounted").GetInt32());

        var pay = await auditor.GetJson("/api/settlement/2023/payments");
        Assert.True(pay.GetProperty("cleared").GetBoolean());
        var dues = pay.GetProperty("dues").EnumerateArray().ToList();
        // Everything was paid in the end; one payer paid half by the deadline and the rest later: the penalty is 10 % of that half.
        Assert.All(dues, d => Assert.Equal(0, d.GetProperty("outstandingFen").GetInt64()));
        var late = Assert.Single(dues, d => d.GetProperty("penaltyFen").GetInt64() > 0);
        Assert.Equal(late.GetProperty("overdueFen").GetInt64() / 10, late.GetProperty("penaltyFen").GetInt64());
        Assert.Equal(late.GetProperty("owedFen").GetInt64(), late.GetProperty("paidInAllFen").GetInt64());

        var y2024 = (await auditor.GetJson("/api/settlement/2024")).GetProperty("progress");
        Assert.False(y2024.GetProperty("cleared").GetBoolean());
        Assert.NotEqual(0, y2024.GetProperty("confirmed").GetArrayLength());
        Assert.NotEqual(0, y2024.GetProperty("pending").GetArrayLength());
        Assert.False((await auditor.GetJson("/api/settlement/2024/payments")).GetProperty("cleared").GetBoolean());
    }

    [Fact]
    public async Task The_stepper_shows_a_finished_2023_and_2024_waiting_for_its_parties()
    {
        var page = await browser.SignIn(server.BaseAddress, "finance");
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2023");
        await page.WaitForSelectorAsync("#st-steps");
        Assert.Equal(6, await page.Locator("#st-steps .step.done").CountAsync());
        var late = page.Locator("#dues tr", new() { HasNotTextString = "—" }).Filter(new() { Has = page.Locator("td.worse") });
        Assert.Equal(1, await late.CountAsync());
        Assert.Equal(0, await page.Locator("#dues [data-uncleared]").CountAsync());

        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2024");
        await page.WaitForSelectorAsync("#st-steps .step.now");
        Assert.Equal("confirm", await page.GetAttributeAsync("#st-steps .step.now", "data-step"));
        Assert.Equal(["data", "account"], await page.Locator("#st-steps .step.done").EvaluateAllAsync<string[]>("s => s.map(x => x.dataset.step)"));
        Assert.Contains("待办", await page.InnerTextAsync("#st-steps .step.now .who"));
        // Why the buttons cannot be pressed: said beside them and on them.
        Assert.False(await page.IsEnabledAsync("#st-clear"));
        Assert.Contains("未认定", await page.GetAttributeAsync("#st-clear", "title"));
        Assert.Contains("须先清算", await page.InnerTextAsync("#st-why"));
        // Nothing overdue and no penalty on a year not cleared: 未清算, and the deadline (2025-06-30, passed) flagged for the Finance Bureau.
        var rows = await page.Locator("#dues tbody tr:not([data-fund])").CountAsync();
        Assert.Equal(rows, await page.Locator("#dues [data-uncleared]").CountAsync());
        Assert.Contains("2025-06-30", await page.InnerTextAsync("#dues [data-at-risk] >> nth=0"));
        Assert.Contains("尚未清算", await page.InnerTextAsync("#pay-uncleared"));
        await Browser.Shot(page, "settlement-stepper");

        // A district that confirmed sees why its button is off; one that has not is told it is its turn.
        var pending = (await (await server.SignedIn("auditor")).GetJson("/api/settlement/2024")).GetProperty("progress").GetProperty("pending")
            .EnumerateArray().Select(c => c.GetProperty("party").GetString()!).First(p => p != "CITY");
        var district = await browser.SignIn(server.BaseAddress, pending);
        await district.GotoAsync(server.BaseAddress + "#/settlement?year=2024");
        await district.WaitForSelectorAsync("#st-steps .step.now .who");
        Assert.Contains("您（", await district.InnerTextAsync("#st-steps .step.now .who"));
        Assert.Equal(0, await district.Locator("#dues [data-at-risk]").CountAsync());
    }

    [Fact]
    public async Task Every_money_header_says_its_unit_and_the_basin_fund_is_owed_to_the_treasury_beside_the_river_totals()
    {
        var fund = (await (await server.SignedIn("auditor")).GetJson("/api/settlement/2023")).GetProperty("fund").EnumerateArray().ToList();
        Assert.NotEmpty(fund);
        var page = await browser.SignIn(server.BaseAddress, "finance");
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2023");
        await page.WaitForSelectorAsync("#party-totals");
        foreach (var header in await page.Locator("#party-totals th.num, #dues th.num, #payments-made th.num").AllInnerTextsAsync())
            Assert.EndsWith("（元）", header.Trim());
        // The district's charge in its own column, the river nets untouched; and a row of what it owes the treasury among the dues.
        var party = fund[0].GetProperty("party").GetString()!;
        var owed = fund.Where(f => f.GetProperty("party").GetString() == party).Sum(f => f.GetProperty("amountFen").GetInt64());
        Assert.Equal("−" + (owed / 100m).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture), (await page.InnerTextAsync($"#party-totals [data-fund-of='{party}']")).Trim());
        Assert.StartsWith("+", (await page.InnerTextAsync("#party-totals [data-fund-of='CITY']")).Trim());
        Assert.Equal(fund.Count, await page.Locator("#dues tr[data-fund]").CountAsync());
        Assert.Contains("重庆市级财政", await page.InnerTextAsync("#dues tr[data-fund] >> nth=0"));
    }

    [Fact]
    public async Task The_statements_of_an_uncleared_year_are_drafts_on_every_page_and_in_their_names()
    {
        var client = await server.SignedIn("finance");
        var dir = Directory.CreateTempSubdirectory("liuyu-drafts-").FullName;
        foreach (var (year, draft) in new[] { (2024, true), (2023, false) })
        {
            var pdf = await client.GetAsync($"/api/files/{year}/settlement.pdf");
            Assert.Equal(draft ? $"{year}年度清算表（草稿）.pdf" : $"{year}年度清算表.pdf", pdf.Content.Headers.ContentDisposition!.FileNameStar);
            var path = Path.Combine(dir, $"{year}.pdf");
            await File.WriteAllBytesAsync(path, await pdf.Content.ReadAsByteArrayAsync());
            var pages = int.Parse(Liuyu.Server.Tests.Pdf.Tool("pdfinfo", path).Split('\n').First(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim());
            Assert.True(pages > 1);
            for (var i = 1; i <= pages; i++)
                Assert.Equal(draft, Liuyu.Server.Tests.Pdf.Tool("pdftotext", "-f", $"{i}", "-l", $"{i}", path, "-").Contains("草稿（未清算）", StringComparison.Ordinal));

            var xlsx = await client.GetAsync($"/api/files/{year}/settlement.xlsx");
            Assert.Equal(draft ? $"{year}年度清算表（草稿）.xlsx" : $"{year}年度清算表.xlsx", xlsx.Content.Headers.ContentDisposition!.FileNameStar);
            using var zip = new ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
            var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(sheets);
            // The title of each sheet (its first row, an inline string) says it.
            Assert.All(sheets, sheet => Assert.Equal(draft, new StreamReader(sheet.Open(), Encoding.UTF8).ReadToEnd().Contains("草稿（未清算）", StringComparison.Ordinal)));
        }
        Assert.Equal("2024年3月核算通报.pdf", (await client.GetAsync("/api/files/2024/3/bulletin.pdf")).Content.Headers.ContentDisposition!.FileNameStar);
    }
}

/// <summary>poppler-utils, as the CLI's PDF tests use them (./test.sh installs them).</summary>
internal static class Pdf
{
    public static string Tool(string tool, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} failed: {stderr}");
        return stdout;
    }
}
