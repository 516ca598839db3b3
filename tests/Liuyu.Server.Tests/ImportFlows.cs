using System.Net;
using System.Text.Json;
using Liuyu.Server.Infrastructure;
using Liuyu.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

[CollectionDefinition(Name)]
public sealed class ImportCollection : ICollectionFixture<LiuyuServer>, ICollectionFixture<Browser>
{
    // A server of its own: these imports revise results and so change the ledger the other collections read.
    public const string Name = "imports";
}

/// <summary>
/// 数据导入 that goes through: the ledger changes reported line by line and per party, the store staying demo, the
/// history and the audit log recording it; in the browser, an upload with one bad row refused whole, then corrected.
/// </summary>
[Collection(ImportCollection.Name)]
public sealed class ImportFlows(LiuyuServer server, Browser browser)
{
    private const string Header = "section,month,class,source,note\n";

    [Fact]
    public async Task A_revised_result_is_imported_and_the_ledger_change_reported()
    {
        var client = await server.SignedIn("monitoring");
        var good = await Uploads.GoodMonth(client);
        var (section, month) = (good.GetProperty("section").GetString()!, good.GetProperty("month").GetString()!);
        var lines = (await client.GetJson("/api/ledger?limit=1")).GetProperty("total").GetInt32();
        // The overview is cached per store version: read it (and so cache it) before the import, then after.
        var overviewUrl = $"/api/overview/{month[..4]}?month={int.Parse(month[5..], System.Globalization.CultureInfo.InvariantCulture)}";
        static int? EdgeResult(JsonElement overview, string section) => overview.GetProperty("edges").EnumerateArray()
            .Single(e => e.GetProperty("section").GetString() == section).GetProperty("result") is { ValueKind: JsonValueKind.Number } r ? r.GetInt32() : null;
        Assert.NotEqual(6, EdgeResult(await client.GetJson(overviewUrl), section));
        var preview = (await (await client.PostAsync("/api/imports", Uploads.Results(Header + $"{section},{month},劣V,monitoring_centre,复核 revised\n", dryRun: true))).Body())
            .GetProperty("ledger").GetRawText();

        var r = await client.PostAsync("/api/imports", Uploads.Results(Header + $"{section},{month},劣V,monitoring_centre,复核 revised\n"));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Body();
        // The dry run showed exactly the change the import then made.
        Assert.Equal(preview, body.GetProperty("ledger").GetRawText());
        Assert.Equal("demo", body.GetProperty("dataset").GetString()); // the demo store stays demo
        Assert.Equal(1, body.GetProperty("report").GetProperty("updated").GetProperty("results").GetInt32());
        var ledger = body.GetProperty("ledger");
        var run = ledger.GetProperty("accounting").EnumerateArray().Single();
        Assert.Equal(("2024", 1, 1), (run.GetProperty("scope").GetString(), run.GetProperty("posted").GetInt32(), run.GetProperty("reversed").GetInt32()));
        var line = ledger.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal((section, month), (line.GetProperty("section").GetString(), line.GetProperty("month").GetString()));
        Assert.Equal(good.GetProperty("rule").GetString(), line.GetProperty("ruleBefore").GetString());
        Assert.Equal(good.GetProperty("amountFen").GetInt64(), line.GetProperty("amountBeforeFen").GetInt64());
        Assert.Equal("R-COMP-2", line.GetProperty("ruleAfter").GetString()); // worse than the baseline: upstream pays (R-COMP-2)

        var explanation = await client.GetJson($"/api/sections/{section}/months/{month}");
        Assert.Equal(6, explanation.GetProperty("result").GetInt32());
        Assert.Equal(explanation.GetProperty("amountFen").GetInt64(), line.GetProperty("amountAfterFen").GetInt64());
        var upstream = explanation.GetProperty("upstream").GetString()!;
        var net = ledger.GetProperty("net").EnumerateArray().ToDictionary(n => n.GetProperty("party").GetString()!, n => n.GetProperty("changeFen").GetInt64());
        Assert.True(net[upstream] < 0, $"the upstream party {upstream} now pays");
        Assert.Equal(lines + 2, (await client.GetJson("/api/ledger?limit=1")).GetProperty("total").GetInt32());
        Assert.Equal(6, EdgeResult(await client.GetJson(overviewUrl), section)); // the import moved the store's version: not the cached page

        var history = (await (await server.SignedIn("auditor")).GetJson("/api/imports"))[0];
        Assert.Equal(("results.csv", "monitoring", 1), (history.GetProperty("source").GetString(), history.GetProperty("by").GetString(), history.GetProperty("rows").GetInt32()));

        var audit = server.Services.GetRequiredService<StoreAccess>().Read(s => s.AuditLog(new AuditQuery(Action: "import.scenario")));
        Assert.Equal(("import.scenario.ledger", "results.csv", "monitoring", "MonitoringCentre"), (audit[0].Action, audit[0].Subject, audit[0].Actor, audit[0].Role));
        Assert.Equal("import.scenario", audit[1].Action);
        Assert.Equal(body.GetProperty("report").GetProperty("batchId").GetInt64(), JsonDocument.Parse(audit[1].After!).RootElement.GetProperty("batch").GetInt64());

        // The same file again changes nothing (R-LEDGER-3).
        var again = await (await client.PostAsync("/api/imports", Uploads.Results(Header + $"{section},{month},劣V,monitoring_centre,复核 revised\n"))).Body();
        Assert.Equal(0, again.GetProperty("ledger").GetProperty("linesTotal").GetInt32());
    }

    [Fact]
    public async Task In_the_page_a_file_with_one_bad_row_is_rejected_whole_then_the_corrected_file_changes_the_ledger()
    {
        var monitoring = await server.SignedIn("monitoring");
        var good = await Uploads.GoodMonth(monitoring, last: true);
        var (section, month) = (good.GetProperty("section").GetString()!, good.GetProperty("month").GetString()!);
        var before = await Uploads.State(monitoring, section, month);
        var folder = Directory.CreateTempSubdirectory("liuyu-import-page-").FullName;
        var bad = Path.Combine(folder, "bad", "results.csv");
        var fixedFile = Path.Combine(folder, "fixed", "results.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(bad)!);
        Directory.CreateDirectory(Path.GetDirectoryName(fixedFile)!);
        await File.WriteAllTextAsync(bad, Header + $"{section},{month},劣V,monitoring_centre,复核\n{section},{month[..5]}07,VII,monitoring_centre,\n");
        await File.WriteAllTextAsync(fixedFile, Header + $"{section},{month},劣V,monitoring_centre,复核\n");

        var page = await browser.NewPage();
        var errors = new List<string>();
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.FillAsync("#login-user", "monitoring");
        await page.FillAsync("#login-password", LiuyuServer.DemoPassword);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#nav:not(.hidden)");
        // The browser logs the refused upload (422) itself; anything else is a script error or a refused resource.
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.Contains("status of 422")) errors.Add(m.Text + " " + m.Location); };
        Assert.True(await page.IsVisibleAsync("#nav a[data-page=import]"));
        await page.ClickAsync("#nav a[data-page=import]");
        await page.WaitForSelectorAsync("#im-form");

        // Samples take an optional sections profile file; the other kinds do not show its field.
        await page.SelectOptionAsync("#im-kind", "samples");
        Assert.True(await page.IsVisibleAsync("#im-sections"));
        await page.SelectOptionAsync("#im-kind", "scenario");
        Assert.False(await page.IsVisibleAsync("#im-sections"));
        await page.SetInputFilesAsync("#im-file", bad);
        await page.ClickAsync("#im-import");
        await page.WaitForSelectorAsync("#im-errors");
        var row = await page.InnerTextAsync("#im-errors tbody tr.rejected");
        Assert.Contains("results.csv", row);
        Assert.Contains("3", row);
        Assert.Contains("class", row);
        Assert.Contains("VII", row);
        Assert.Contains("1", await page.InnerTextAsync("#im-files tbody tr")); // one accepted, one rejected
        await Browser.Shot(page, "import-rejected");
        Assert.Equal(before, await Uploads.State(monitoring, section, month));

        await page.SetInputFilesAsync("#im-file", fixedFile);
        await page.ClickAsync("#im-check");
        await page.WaitForSelectorAsync("#im-outcome");
        Assert.Contains("校验通过", await page.InnerTextAsync("#im-outcome"));
        // The dry run shows the ledger change the import would make, and writes nothing.
        Assert.Contains("导入后台账将变化", await page.InnerTextAsync("#im-ledger h2"));
        Assert.Contains(section, await page.InnerTextAsync("#im-lines"));
        Assert.Contains("R-COMP-2", await page.InnerTextAsync("#im-lines"));
        await Browser.Shot(page, "import-dry-run");
        Assert.Equal(before, await Uploads.State(monitoring, section, month));

        await page.ClickAsync("#im-import");
        await page.WaitForSelectorAsync("#im-outcome:has-text('已导入')");
        Assert.Contains("台账变化", await page.InnerTextAsync("#im-ledger h2"));
        Assert.DoesNotContain("将", await page.InnerTextAsync("#im-ledger h2"));
        Assert.Contains(section, await page.InnerTextAsync("#im-lines"));
        Assert.Contains("R-COMP-2", await page.InnerTextAsync("#im-lines"));
        Assert.True(await page.Locator("#im-net tbody tr").CountAsync() >= 2);
        await page.WaitForSelectorAsync("#im-history td:has-text('results.csv')");
        await Browser.Shot(page, "import-ledger");

        var after = await Uploads.State(monitoring, section, month);
        Assert.Equal((before.Lines + 2, before.Batches + 1, before.Revisions + 1), after);

        // The 台账 words the reversal in Chinese from the line's fields, not the domain's "reversal of line N".
        await page.GotoAsync(server.BaseAddress + $"#/ledger?from={month}&to={month}");
        var reversal = page.Locator($"#ledger-table tr[data-section='{section}']", new() { HasTextString = "冲销第" });
        await reversal.WaitForAsync();
        Assert.DoesNotContain("reversal of line", await page.InnerTextAsync("#ledger-table"));
        await page.GotoAsync(server.BaseAddress + "#/import");
        await page.WaitForSelectorAsync("#im-history td:has-text('results.csv')");
        // The store's summary "results ~1" in words.
        Assert.Equal("水质结果 更新 1", (await page.InnerTextAsync("#im-history tbody tr:first-child td:last-child")).Trim());

        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("h1:has-text('Import data')");
        // The history's time in one form in both languages, not the browser locale's (2026/12/4 or 12/4/2026, 3:01 PM).
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", (await page.InnerTextAsync("#im-history tbody tr:first-child td:nth-child(2)")).Trim());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_auditor_and_districts_have_no_import_page_in_the_navigation()
    {
        foreach (var user in new[] { "auditor", "liangping" })
        {
            var page = await browser.SignIn(server.BaseAddress, user);
            Assert.False(await page.IsVisibleAsync("#nav a[data-page=import]"));
        }
    }
}
