using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Liuyu.Data.Csv;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>
/// A refusal carries a code and its arguments beside the English detail (docs/web.md, "Refusals are codes"): a
/// validation problem as <c>codes</c> (field → [{code, args}]), any other problem as <c>code</c> and <c>args</c>, an
/// import's rejected rows each with their own.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RefusalsAreCodes(LiuyuServer server)
{
    private static Dictionary<string, string?> Args(JsonElement e) =>
        e.GetProperty("args").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

    [Fact]
    public async Task A_bad_month_in_a_query_is_month_invalid_with_the_value()
    {
        var r = await (await server.SignedIn("auditor")).GetAsync("/api/ledger?from=2024-13");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var body = await r.Body();
        var coded = Assert.Single(body.GetProperty("codes").GetProperty("from").EnumerateArray());
        Assert.Equal(ErrorCodes.MonthInvalid, coded.GetProperty("code").GetString());
        Assert.Equal("2024-13", Args(coded)["value"]);
        // API clients keep the English message.
        Assert.Equal("'2024-13' is not a month (expected YYYY-MM)", body.GetProperty("errors").GetProperty("from")[0].GetString());
    }

    [Fact]
    public async Task An_unknown_section_is_section_unknown_with_the_id()
    {
        var r = await (await server.SignedIn("auditor")).GetAsync("/api/sections/NOWHERE");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        var body = await r.Body();
        Assert.Equal(ErrorCodes.SectionUnknown, body.GetProperty("code").GetString());
        Assert.Equal("NOWHERE", Args(body)["section"]);
        Assert.Contains("NOWHERE", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_rejected_import_names_each_row_with_its_code_and_arguments()
    {
        var client = await server.SignedIn("monitoring");
        var good = await Uploads.GoodMonth(client);
        var section = good.GetProperty("section").GetString()!;
        var r = await client.PostAsync("/api/imports", Uploads.Results($"section,month,class,source,note,序号\n{section},2024-13,II,joint,,1\nNOWHERE,2024-05,VII,joint,,2\n", dryRun: true));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var problem = await r.Body();
        Assert.Equal(ErrorCodes.UploadRejectedRows, problem.GetProperty("code").GetString());
        Assert.Equal("2", Args(problem)["rows"]);
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        var month = Assert.Single(errors, e => e.GetProperty("row").GetInt32() == 2);
        Assert.Equal(("results.csv", "month", ErrorCodes.MonthInvalid), (month.GetProperty("file").GetString(), month.GetProperty("column").GetString(), month.GetProperty("code").GetString()));
        Assert.Equal("2024-13", Args(month)["value"]);
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("code").GetString() == ErrorCodes.SectionUnknown && Args(e)["section"] == "NOWHERE");
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("code").GetString() == ErrorCodes.ClassInvalid && Args(e)["value"] == "VII");
    }

    [Fact]
    public async Task An_accepted_import_reports_an_unknown_column_as_a_coded_warning()
    {
        var client = await server.SignedIn("monitoring");
        var good = await Uploads.GoodMonth(client);
        var (section, month) = (good.GetProperty("section").GetString()!, good.GetProperty("month").GetString()!);
        var r = await client.PostAsync("/api/imports", Uploads.Results($"section,month,class,source,note,序号\n{section},{month},II,joint,,1\n", dryRun: true));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var warning = Assert.Single((await r.Body()).GetProperty("report").GetProperty("warnings").EnumerateArray());
        Assert.Equal((ErrorCodes.ColumnUnknown, "results.csv"), (warning.GetProperty("code").GetString(), warning.GetProperty("file").GetString()));
        Assert.Equal("序号", Args(warning)["column"]);
    }

    [Fact]
    public async Task Tables_a_role_may_not_import_are_refused_each_with_its_code()
    {
        var client = await server.SignedIn("monitoring");
        var r = await client.PostAsync("/api/imports", Uploads.Form("scenario", [("targets.csv", "section,year,class\nX,2024,II\n"), ("exemptions.csv", "section,month,finance_approved,ecology_approved\n")]));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var codes = (await r.Body()).GetProperty("codes");
        var targets = Assert.Single(codes.GetProperty("targets").EnumerateArray());
        Assert.Equal((ErrorCodes.TableForbidden, "EcologyBureau"), (targets.GetProperty("code").GetString(), Args(targets)["roles"]));
        Assert.Equal(ErrorCodes.TableNotImported, Assert.Single(codes.GetProperty("exemptions").EnumerateArray()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_demo_import_is_sent_with_the_codes_of_its_source_and_actor()
    {
        var history = (await (await server.SignedIn("auditor")).GetJson("/api/imports")).EnumerateArray().ToList();
        var demo = history.Single(b => b.GetProperty("sourceCode").GetString() == ErrorCodes.SourceDemo);
        Assert.Equal(ErrorCodes.ActorServer, demo.GetProperty("byCode").GetString());
    }
}

/// <summary>In the Chinese page a refused import is worded in Chinese from its codes: no English sentence reaches it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RefusalsInTheChinesePage(LiuyuServer server, Browser browser)
{
    /// <summary>What an English sentence of the server looks like: a few English words in a row.</summary>
    [GeneratedRegex(@"\b(is not|not a|unknown|expected|missing|nothing was|cannot|neither|rejected|the upload)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishProse();

    [Fact]
    public async Task A_refused_import_is_shown_in_Chinese()
    {
        var folder = Directory.CreateTempSubdirectory("liuyu-refusal-page-").FullName;
        var bad = Path.Combine(folder, "results.csv");
        await File.WriteAllTextAsync(bad, "section,month,class,source,note\nNOWHERE,2024-13,VII,joint,\n");
        var notes = Path.Combine(folder, "notes.txt");
        await File.WriteAllTextAsync(notes, "plain text");

        var page = await browser.SignIn(server.BaseAddress, "monitoring");
        await page.ClickAsync("#nav a[data-page=import]");
        await page.WaitForSelectorAsync("#im-form");
        await page.SelectOptionAsync("#im-kind", "scenario");
        await page.SetInputFilesAsync("#im-file", bad);
        await page.ClickAsync("#im-check");
        await page.WaitForSelectorAsync("#im-errors");
        var rows = await page.InnerTextAsync("#im-errors tbody");
        Assert.Contains("“2024-13”不是月份", rows);
        Assert.Contains("未知断面“NOWHERE”", rows);
        Assert.Contains("“VII”不是水质类别", rows);
        Assert.DoesNotMatch(EnglishProse(), await page.InnerTextAsync("#im-result"));
        await Browser.Shot(page, "import-refused-in-chinese");

        // A refusal of the request itself (a file that is no table) goes to the error bar, worded in Chinese too.
        await page.SetInputFilesAsync("#im-file", notes);
        await page.ClickAsync("#im-check");
        await page.WaitForSelectorAsync("#error:not(.hidden)");
        var error = await page.InnerTextAsync("#error-text");
        Assert.StartsWith("未被接受 · 文件：", error);
        Assert.Contains("“notes.txt”既不是 CSV 文件也不是 Excel 工作簿", error);
        Assert.DoesNotMatch(EnglishProse(), error);
        Assert.Equal(0, await page.Locator("#error-text details").CountAsync());
    }

    [Fact]
    public async Task An_unknown_code_is_a_Chinese_sentence_with_the_server_message_folded_away()
    {
        var page = await browser.SignIn(server.BaseAddress, "auditor");
        await page.RouteAsync(new Regex(@"/api/ledger\?"), route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 400,
            ContentType = "application/problem+json",
            Body = """{"status":400,"detail":"something only a newer server says","code":"no-such-code","args":{}}""",
        }));
        await page.ClickAsync("#nav a[data-page=ledger]");
        await page.WaitForSelectorAsync("#error:not(.hidden)");
        Assert.StartsWith("未被接受 · 服务器拒绝了该请求", await page.InnerTextAsync("#error-text"));
        Assert.Contains("something only a newer server says", await page.Locator("#error-text details").TextContentAsync());
    }
}
