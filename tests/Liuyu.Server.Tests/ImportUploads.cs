using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Liuyu.Server.Infrastructure;
using Liuyu.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Liuyu.Server.Tests;

/// <summary>Uploads for <c>POST /api/imports</c>: multipart bodies and the facts a test builds them from.</summary>
public static class Uploads
{
    /// <param name="sections">A sections profile file sent in the field <c>sections</c> (samples only).</param>
    public static MultipartFormDataContent Form(string? kind, IEnumerable<(string Name, string Text)> files, bool dryRun = false, string? month = null,
        (string Name, string Text)? sections = null, string? year = null, bool targets = false)
    {
        var form = new MultipartFormDataContent();
        if (kind is not null) form.Add(new StringContent(kind), "kind");
        form.Add(new StringContent(dryRun ? "true" : "false"), "dryRun");
        if (month is not null) form.Add(new StringContent(month), "month");
        if (year is not null) form.Add(new StringContent(year), "year");
        if (targets) form.Add(new StringContent("true"), "targets");
        void Add(string field, string name, string text)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(content, field, name);
        }
        foreach (var (name, text) in files) Add("file", name, text);
        if (sections is { } s) Add("sections", s.Name, s.Text);
        return form;
    }

    public static MultipartFormDataContent Results(string text, bool dryRun = false) => Form("scenario", [("results.csv", text)], dryRun);

    /// <summary>A current 2024 posting whose section-month has an imported result of class Ⅰ–Ⅲ, skipping <paramref name="taken"/> sections.</summary>
    public static async Task<JsonElement> GoodMonth(HttpClient client, ISet<string>? taken = null, bool last = false)
    {
        var page = await client.GetJson("/api/ledger?from=2024-06&to=2024-06&limit=2000");
        var lines = page.GetProperty("lines").EnumerateArray().ToList();
        var reversed = lines.Where(l => l.GetProperty("kind").GetString() == "Reversal").Select(l => l.GetProperty("reverses").GetInt64()).ToHashSet();
        var candidates = lines.Where(l => l.GetProperty("kind").GetString() == "Posting" && !reversed.Contains(l.GetProperty("sequence").GetInt64())
                                          && l.GetProperty("result").ValueKind == JsonValueKind.Number && l.GetProperty("result").GetInt32() <= 3
                                          && l.GetProperty("baseline").ValueKind == JsonValueKind.Number && l.GetProperty("baseline").GetInt32() <= 3
                                          && taken?.Contains(l.GetProperty("section").GetString()!) != true).ToList();
        return last ? candidates.Last() : candidates.First();
    }

    /// <summary>What must stay the same when an upload is refused or rehearsed: ledger lines, import batches, the month's result revisions.</summary>
    public static async Task<(int Lines, int Batches, int Revisions)> State(HttpClient client, string section, string month) => (
        (await client.GetJson("/api/ledger?limit=1")).GetProperty("total").GetInt32(),
        (await client.GetJson("/api/imports")).GetArrayLength(),
        (await client.GetJson($"/api/sections/{section}/months/{month}")).GetProperty("revisions").GetArrayLength());
}

/// <summary>
/// 数据导入 on the shared demo server: who may upload what, bad requests naming the field, an upload with one bad row
/// refused whole (422, file, row and column named, nothing written) and a dry run writing nothing.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ImportUploads(LiuyuServer server)
{
    private const string Header = "section,month,class,source,note\n";

    [Fact]
    public async Task Uploading_needs_a_signed_in_importer()
    {
        var anonymous = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/imports", Uploads.Results(Header + "X,2024-01,I,joint,\n"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/imports")).StatusCode);

        foreach (var user in new[] { "auditor", "liangping" })
        {
            var client = await server.SignedIn(user);
            var r = await client.PostAsync("/api/imports", Uploads.Results(Header + "X,2024-01,I,joint,\n"));
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        // The auditor reads the history; a district does not.
        Assert.Equal(HttpStatusCode.OK, (await (await server.SignedIn("auditor")).GetAsync("/api/imports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn("liangping")).GetAsync("/api/imports")).StatusCode);
    }

    [Fact]
    public async Task Without_the_anti_forgery_token_nothing_is_read()
    {
        var client = await server.SignedIn("monitoring");
        client.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        var r = await client.PostAsync("/api/imports", Uploads.Results(Header + "X,2024-01,I,joint,\n"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("Anti-forgery", (await r.Body()).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("monitoring", "payments.csv", "year,payer,payee,amount,paid_on\n")]
    [InlineData("monitoring", "targets.csv", "section,year,class\n")]
    [InlineData("finance", "results.csv", Header)]
    [InlineData("ecology", "exemptions.csv", "section,month,finance_approved,ecology_approved\n")]
    public async Task Each_table_is_imported_by_the_bureau_that_owns_it(string user, string file, string text)
    {
        var client = await server.SignedIn(user);
        var r = await client.PostAsync("/api/imports", Uploads.Form("scenario", [(file, text)]));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Contains(Path.GetFileNameWithoutExtension(file), (await r.Body()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_finance_bureau_imports_no_bulletin()
    {
        var client = await server.SignedIn("finance");
        var r = await client.PostAsync("/api/imports", Uploads.Form("bulletin", [("bulletin.csv", "section,river,month,class\n")]));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    public static TheoryData<string?, string[], string?, string> BadRequests => new()
    {
        { "scenario", [], null, "file" },
        { "everything", ["results.csv"], null, "kind" },
        { null, ["results.csv"], null, "kind" },
        { "bulletin", ["bulletin.csv"], "2024-13", "month" },
        { "scenario", ["results.csv"], "2024-01", "month" },
        { "scenario", ["my results.csv"], null, "file" },
        { "scenario", ["results.txt"], null, "file" },
        { "samples", ["a.csv", "b.csv", "c.csv"], null, "file" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_upload_names_the_field(string? kind, string[] files, string? month, string field)
    {
        var client = await server.SignedIn("ecology");
        var r = await client.PostAsync("/api/imports", Uploads.Form(kind, files.Select(f => (f, Header)), month: month));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await r.Body()).GetProperty("errors").TryGetProperty(field, out _), await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Not_a_form_at_all_is_a_bad_request()
    {
        var client = await server.SignedIn("monitoring");
        var r = await client.PostAsync("/api/imports", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await r.Body()).GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task One_bad_row_rejects_the_upload_whole_naming_file_row_and_column()
    {
        var client = await server.SignedIn("monitoring");
        var good = await Uploads.GoodMonth(client);
        var (section, month) = (good.GetProperty("section").GetString()!, good.GetProperty("month").GetString()!);
        var before = await Uploads.State(client, section, month);

        // Row 2 would change the ledger; row 3 names a section that does not exist; row 4 has no water class VII; row 5 no month 13.
        var text = Header + $"{section},{month},劣V,monitoring_centre,复核\nNOWHERE,{month},III,joint,\n{section},2024-07,VII,joint,\n{section},2024-13,II,joint,\n";
        var r = await client.PostAsync("/api/imports", Uploads.Results(text));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var problem = await r.Body();
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("file").GetString(), e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Contains(("results.csv", 3, "section"), errors);
        Assert.Contains(("results.csv", 4, "class"), errors);
        Assert.Contains(("results.csv", 5, "month"), errors);
        Assert.DoesNotContain(errors, e => e.Item2 == 2);
        var file = problem.GetProperty("files").EnumerateArray().Single();
        Assert.Equal((4, 1, 3), (file.GetProperty("rows").GetInt32(), file.GetProperty("accepted").GetInt32(), file.GetProperty("rejected").GetInt32()));
        Assert.Contains("nothing was imported", problem.GetProperty("detail").GetString());

        Assert.Equal(before, await Uploads.State(client, section, month));
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_change_in_the_ledger_and_writes_nothing()
    {
        var client = await server.SignedIn("ecology");
        var good = await Uploads.GoodMonth(client, last: true);
        var (section, month) = (good.GetProperty("section").GetString()!, good.GetProperty("month").GetString()!);
        var before = await Uploads.State(client, section, month);
        var store = server.Services.GetRequiredService<StoreAccess>();
        var audit = store.Read(s => s.AuditLog(new AuditQuery(Limit: 1000)).Count);
        var runs = store.Read(s => s.AccountingRuns().Count);

        var r = await client.PostAsync("/api/imports", Uploads.Results(Header + $"{section},{month},劣V,monitoring_centre,复核\n", dryRun: true));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Body();
        Assert.True(body.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, body.GetProperty("report").GetProperty("updated").GetProperty("results").GetInt32());
        Assert.Equal(1, body.GetProperty("files")[0].GetProperty("accepted").GetInt32());
        // The ledger change the import would make, accounted inside the rolled-back rehearsal: R-COMP-2, upstream pays.
        var ledger = body.GetProperty("ledger");
        var line = ledger.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal((section, month, good.GetProperty("rule").GetString(), "R-COMP-2"),
            (line.GetProperty("section").GetString(), line.GetProperty("month").GetString(), line.GetProperty("ruleBefore").GetString(), line.GetProperty("ruleAfter").GetString()));
        Assert.Equal((1, 1), (ledger.GetProperty("accounting")[0].GetProperty("posted").GetInt32(), ledger.GetProperty("accounting")[0].GetProperty("reversed").GetInt32()));
        Assert.Equal(before, await Uploads.State(client, section, month));
        Assert.Equal((audit, runs), (store.Read(s => s.AuditLog(new AuditQuery(Limit: 1000)).Count), store.Read(s => s.AccountingRuns().Count)));
    }

    [Fact]
    public async Task An_upload_over_50_MB_is_refused_with_a_clear_message()
    {
        var client = await server.SignedIn("monitoring");
        var form = new MultipartFormDataContent { { new StringContent("scenario"), "kind" }, { new ByteArrayContent(new byte[51 * 1024 * 1024]), "file", "results.csv" } };
        // Expect: 100-continue, as a careful client sends it: the server answers before the body is sent.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = form };
        request.Headers.ExpectContinue = true;
        var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains("50 MB", (await r.Body()).GetProperty("detail").GetString());
    }
}
