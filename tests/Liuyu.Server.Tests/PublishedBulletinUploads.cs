using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// 数据导入 of a bulletin as published (issue 12), rehearsed on the demo server: the preview shows what would be stored,
/// skipped and how each spelling was read before anything is written; a year without targets is flagged; aliases are
/// recorded by the Ecology Bureau or the monitoring centre only.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PublishedBulletinUploads(LiuyuServer server)
{
    // 阿蓬江（示例）'s head section in the demo registry, named as the river's bulletin prints it (the river without "（示例）").
    private const string Bulletin = "序号,河流名称,断面名称,断面属性,监测结果,主要污染指标\n1,阿蓬江,示例·阿蓬江入境断面,市控、区控,6类,——\n2,,周家坝,市评,Ⅰ,——\n";

    private static string[] Codes(JsonElement body) =>
        [.. body.GetProperty("report").GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()!)];

    [Fact]
    public async Task The_preview_of_a_published_bulletin_shows_stored_skipped_and_how_it_was_read_and_writes_nothing()
    {
        var client = await server.SignedIn("monitoring");
        var batches = (await client.GetJson("/api/imports")).GetArrayLength();

        var r = await client.PostAsync("/api/imports", Uploads.Form("bulletin", [("bulletin.csv", Bulletin)], dryRun: true, month: "2024-03"));

        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var body = await r.Body();
        var file = body.GetProperty("files").EnumerateArray().Single();
        Assert.Equal((2, 1, 1, 0), (file.GetProperty("rows").GetInt32(), file.GetProperty("accepted").GetInt32(), file.GetProperty("skipped").GetInt32(), file.GetProperty("rejected").GetInt32()));
        var warnings = body.GetProperty("report").GetProperty("warnings").EnumerateArray().ToList();
        var read = warnings.Single(w => w.GetProperty("code").GetString() == "bulletin-class-read");
        Assert.Equal(("6类", "劣Ⅴ"), (read.GetProperty("args").GetProperty("value").GetString(), read.GetProperty("args").GetProperty("class").GetString()));
        var skipped = warnings.Single(w => w.GetProperty("code").GetString() == "bulletin-section-skipped");
        Assert.Equal(("bulletin.csv", 3, "周家坝"), (skipped.GetProperty("file").GetString(), skipped.GetProperty("row").GetInt32(), skipped.GetProperty("args").GetProperty("name").GetString()));
        Assert.Contains("bulletin-river-continued", Codes(body));
        Assert.Contains("bulletin-column-ignored", Codes(body));
        Assert.DoesNotContain("targets-missing", Codes(body));
        Assert.Equal(batches, (await client.GetJson("/api/imports")).GetArrayLength());
    }

    [Fact]
    public async Task A_month_of_a_year_without_targets_is_flagged_on_the_preview()
    {
        var client = await server.SignedIn("monitoring");
        var r = await client.PostAsync("/api/imports", Uploads.Form("bulletin", [("bulletin.csv", Bulletin)], dryRun: true, month: "2031-01"));
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var missing = (await r.Body()).GetProperty("report").GetProperty("warnings").EnumerateArray().Single(w => w.GetProperty("code").GetString() == "targets-missing");
        Assert.Equal(("2031", "1"), (missing.GetProperty("args").GetProperty("year").GetString(), missing.GetProperty("args").GetProperty("count").GetString()));
    }

    [Fact]
    public async Task A_year_table_takes_its_year_from_the_field_and_a_class_in_no_spelling_is_refused_naming_row_and_column()
    {
        var client = await server.SignedIn("ecology");
        var table = "断面名称,考核水质类别,1月,2月\n示例·阿蓬江入境断面,Ⅲ,/,七类\n";

        var refused = await client.PostAsync("/api/imports", Uploads.Form("bulletin", [("year.csv", table)], dryRun: true, year: "2024"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var e = (await refused.Body()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(("bulletin-class-invalid", "year.csv", 2, "2月"), (e.GetProperty("code").GetString(), e.GetProperty("file").GetString(), e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()));

        var ok = await client.PostAsync("/api/imports", Uploads.Form("bulletin", [("year.csv", table.Replace("七类", "三类"))], dryRun: true, year: "2024"));
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        Assert.Contains("bulletin-not-monitored", Codes(await ok.Body()));
    }

    [Fact]
    public async Task Only_the_Ecology_Bureau_imports_a_target_column_and_a_year_goes_with_a_bulletin_only()
    {
        var monitoring = await server.SignedIn("monitoring");
        var r = await monitoring.PostAsync("/api/imports", Uploads.Form("bulletin", [("year.csv", "断面名称,考核水质类别,1月\n示例·阿蓬江入境断面,Ⅲ,Ⅱ\n")], dryRun: true, year: "2024", targets: true));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);

        var ecology = await server.SignedIn("ecology");
        var bad = await ecology.PostAsync("/api/imports", Uploads.Form("scenario", [("results.csv", "section,month,class\n")], year: "2024"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Body()).GetProperty("errors").TryGetProperty("year", out _));
    }

    [Fact]
    public async Task An_alias_is_recorded_by_the_monitoring_centre_not_by_a_district_and_once()
    {
        var district = await server.SignedIn("liangping");
        await district.RefreshToken();
        Assert.Equal(HttpStatusCode.Forbidden, (await district.PostAsJsonAsync("/api/aliases", new { name = "两河口", section = "DEMO-apengjiang-2" })).StatusCode);

        var monitoring = await server.SignedIn("monitoring");
        await monitoring.RefreshToken();
        var created = await monitoring.PostAsJsonAsync("/api/aliases", new { name = "阿蓬江两河口", section = "DEMO-apengjiang-2" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var again = await monitoring.PostAsJsonAsync("/api/aliases", new { name = "阿蓬江两河口", section = "DEMO-apengjiang-1" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("alias-taken", await again.Content.ReadAsStringAsync());
        Assert.Contains((await monitoring.GetJson("/api/aliases")).EnumerateArray(), a => a.GetProperty("name").GetString() == "阿蓬江两河口");
    }
}
