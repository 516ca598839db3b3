using System.Net;
using System.Net.Http.Json;
using System.Text;
using Liuyu.Application.UseCases;
using Liuyu.Server.Features.Ledger;
using Liuyu.Server.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Liuyu.Server.Tests;

/// <summary>A server of its own for the tests that change the store (accounting more years, approving exemptions).</summary>
[CollectionDefinition(Name)]
public sealed class ChangingStoreCollection : ICollectionFixture<LiuyuServer>
{
    public const string Name = "changing-store";
}

internal static class StoreChanges
{
    /// <summary>Accounts a year through the server's own store, as the CLI or an import would change it behind the pages.</summary>
    public static void Account(LiuyuServer server, int year)
    {
        using var scope = server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<StoreAccess>().Write(s => AccountPeriod.Run(s, year));
    }

    public static async Task<List<IDictionary<string, object>>> Rows(HttpResponseMessage r, ExcelType type)
    {
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        return [.. new MemoryStream(bytes).Query(useHeaderRow: false, excelType: type).Cast<IDictionary<string, object>>()];
    }
}

/// <summary>
/// R-LEDGER-1 export (issue: formula injection and the 1,000-row CSV): <c>/api/ledger/export</c> gives every line the
/// filters match, with names beside ids and headers in the reader's language, to whoever may read the ledger.
/// </summary>
[Collection(ChangingStoreCollection.Name)]
public sealed class LedgerExportIsComplete(LiuyuServer server)
{
    [Fact]
    public async Task A_csv_export_holds_every_line_of_a_ledger_longer_than_a_thousand_lines()
    {
        StoreChanges.Account(server, 2025);
        var finance = await server.SignedIn("finance");
        var total = (await finance.GetJson("/api/ledger?limit=1")).GetProperty("total").GetInt32();
        Assert.True(total > 1000, $"the store has {total} lines");
        var sequences = new List<string>();
        for (var offset = 0; offset < total; offset += LedgerEndpoints.MaxLimit)
            sequences.AddRange((await finance.GetJson($"/api/ledger?offset={offset}&limit={LedgerEndpoints.MaxLimit}")).GetProperty("lines").EnumerateArray()
                .Select(l => l.GetProperty("sequence").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(total, sequences.Count);

        var response = await finance.GetAsync("/api/ledger/export?format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var rows = await StoreChanges.Rows(response, ExcelType.CSV);
        Assert.Equal(total + 1, rows.Count);
        Assert.Equal("序号", rows[0]["A"]?.ToString()?.TrimStart('\ufeff'));
        Assert.Equal(sequences, rows.Skip(1).Select(r => r["A"]?.ToString() ?? "").ToList());
    }

    [Fact]
    public async Task The_export_takes_the_ledgers_filters_and_names_rivers_sections_and_parties()
    {
        var auditor = await server.SignedIn("auditor");
        var page = await auditor.GetJson("/api/ledger?rule=R-COMP-2&from=2024-01&to=2024-12&limit=2000");
        var scheme = await auditor.GetJson("/api/scheme");
        var parties = scheme.GetProperty("parties").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("name").GetString()!);
        var rows = await StoreChanges.Rows(await auditor.GetAsync("/api/ledger/export?rule=R-COMP-2&from=2024-01&to=2024-12&format=xlsx&lang=en"), ExcelType.XLSX);
        var header = rows[0].Values.Select(v => v?.ToString()).ToList();
        Assert.Equal(["Sequence", "Kind", "Settlement year"], header.Take(3));
        int Column(string name) => header.IndexOf(name);
        var lines = page.GetProperty("lines").EnumerateArray().ToList();
        Assert.NotEmpty(lines);
        Assert.Equal(lines.Count, rows.Count - 1);
        foreach (var (line, row) in lines.Zip(rows.Skip(1).Select(r => r.Values.ToList())))
        {
            Assert.Equal(line.GetProperty("sequence").GetInt64(), Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("R-COMP-2", row[Column("Rule")]);
            Assert.Equal(line.GetProperty("payer").GetString(), row[Column("Payer id")]);
            Assert.Equal(parties[line.GetProperty("payer").GetString()!], row[Column("Payer")]);
            Assert.Equal(line.GetProperty("section").GetString(), row[Column("Section id")]);
            Assert.False(string.IsNullOrEmpty(row[Column("Section")]?.ToString()));
            Assert.False(string.IsNullOrEmpty(row[Column("River")]?.ToString()));
            // Signed: a reversal takes its amount back.
            var fen = line.GetProperty("amountFen").GetInt64() * (line.GetProperty("kind").GetString() == "Reversal" ? -1 : 1);
            Assert.Equal(fen, Convert.ToInt64(row[Column("Amount (fen)")], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Headers_are_chinese_unless_the_reader_asks_for_english()
    {
        var finance = await server.SignedIn("finance");
        async Task<string?> FirstHeader(string query, string? acceptLanguage = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ledger/export?from=2024-12&format=xlsx" + query);
            if (acceptLanguage is not null) request.Headers.Add("Accept-Language", acceptLanguage);
            return (await StoreChanges.Rows(await finance.SendAsync(request), ExcelType.XLSX))[0]["A"]?.ToString();
        }
        Assert.Equal("序号", await FirstHeader(""));
        Assert.Equal("Sequence", await FirstHeader("&lang=en"));
        Assert.Equal("Sequence", await FirstHeader("", "en-GB,en;q=0.9,zh;q=0.5"));
        Assert.Equal("序号", await FirstHeader("", "zh-CN,zh;q=0.9,en;q=0.8"));
        Assert.Equal("序号", await FirstHeader("&lang=zh", "en"));
    }

    [Fact]
    public async Task Who_may_read_the_ledger_may_export_it_and_nobody_else()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/ledger/export?format=csv")).StatusCode);
        var district = await server.SignedIn("liangping");
        var total = (await district.GetJson("/api/ledger?from=2024-01&to=2024-12&limit=1")).GetProperty("total").GetInt32();
        var rows = await StoreChanges.Rows(await district.GetAsync("/api/ledger/export?from=2024-01&to=2024-12&format=csv"), ExcelType.CSV);
        Assert.Equal(total + 1, rows.Count);
    }

    [Fact]
    public async Task A_format_other_than_csv_or_xlsx_and_a_bad_month_are_refused_with_codes()
    {
        var finance = await server.SignedIn("finance");
        var bad = await finance.GetAsync("/api/ledger/export?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("export-format-invalid", await bad.Content.ReadAsStringAsync());
        var month = await finance.GetAsync("/api/ledger/export?from=2024-13&format=csv");
        Assert.Equal(HttpStatusCode.BadRequest, month.StatusCode);
        Assert.Contains("month-invalid", await month.Content.ReadAsStringAsync());
    }
}

/// <summary>
/// Formula injection (CSV injection): what a district or the monitoring centre wrote (an exemption's reason, a results
/// note) reaches the finance staff's spreadsheet as text that does not run: a cell starting with <c>=</c>, <c>+</c>,
/// <c>-</c> (unless a number), <c>@</c>, tab or carriage return is prefixed with <c>'</c>.
/// </summary>
[Collection(ChangingStoreCollection.Name)]
public sealed class LedgerExportIsNeutralised(LiuyuServer server)
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/\",\"点击查看\")")]
    [InlineData("=1+cmd|' /C calc'!A0")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void A_cell_a_spreadsheet_would_run_is_prefixed(string cell) => Assert.Equal("'" + cell, LedgerExport.Neutralise(cell));

    [Theory]
    [InlineData("-12.5")]
    [InlineData("-3")]
    [InlineData("示例·龙溪河1号交界断面")]
    [InlineData("R-COMP-2")]
    [InlineData("")]
    public void A_number_or_plain_text_is_left_as_it_is(string cell) => Assert.Equal(cell, LedgerExport.Neutralise(cell));

    [Fact]
    public async Task Exemption_reasons_written_as_formulas_arrive_as_text_in_csv_and_xlsx_R_EXEMPT_1()
    {
        string[] reasons = ["=HYPERLINK(\"http://evil.example/\",\"点击查看\")", "=1+cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-12.5"];
        var finance = await server.SignedIn("finance");
        var ecology = await server.SignedIn("ecology");
        var applied = new List<(string Section, string Month, string Reason)>();
        foreach (var reason in reasons)
        {
            var (section, month, payer) = await server.UnclaimedDistrictPayment();
            var district = await server.SignedIn(payer);
            Assert.Equal(HttpStatusCode.Created, (await district.PostAsJsonAsync("/api/exemptions", new { section, month, reason })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await finance.PostAsync($"/api/exemptions/{section}/{month}/approve", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ecology.PostAsync($"/api/exemptions/{section}/{month}/approve", null)).StatusCode);
            applied.Add((section, month, reason));
        }

        foreach (var type in new[] { ExcelType.CSV, ExcelType.XLSX })
        {
            var rows = await StoreChanges.Rows(await finance.GetAsync($"/api/ledger/export?rule=R-EXEMPT-1&format={type.ToString().ToLowerInvariant()}&lang=en"), type);
            var header = rows[0].Values.Select(v => v?.ToString()?.TrimStart('\ufeff')).ToList();
            var (sectionColumn, monthColumn, noteColumn) = (header.IndexOf("Section id"), header.IndexOf("Month"), header.IndexOf("Note"));
            foreach (var (section, month, reason) in applied)
            {
                var row = rows.Skip(1).Select(r => r.Values.ToList()).Single(r => r[sectionColumn]?.ToString() == section && r[monthColumn]?.ToString() == month);
                var expected = reason == "-12.5" ? reason : "'" + reason;
                Assert.Equal(expected, Convert.ToString(row[noteColumn], System.Globalization.CultureInfo.InvariantCulture));
            }
            // Nothing in the file starts a formula, whichever cell it is.
            Assert.DoesNotContain(rows.SelectMany(r => r.Values), v => v is string s && s.Length > 0 && "=+@\t\r".Contains(s[0]));
        }
    }
}

/// <summary>
/// The pages' answers are kept per store version (output cache): an answer changes as soon as the store does, whoever
/// changed it (here the store itself, as the CLI would), and a browser that holds the current answer gets 304.
/// </summary>
[Collection(ChangingStoreCollection.Name)]
public sealed class CachedAnswersFollowTheStore(LiuyuServer server)
{
    [Fact]
    public async Task A_new_accounting_changes_the_ledger_page_the_overview_and_the_years_at_once()
    {
        var finance = await server.SignedIn("finance");
        Assert.Equal(0, (await finance.GetJson("/api/ledger?from=2026-01&to=2026-12&limit=10")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await finance.GetJson("/api/ledger?from=2026-01&to=2026-12&limit=10")).GetProperty("total").GetInt32());
        var overview = await finance.GetJson("/api/overview/2026");
        Assert.Equal(0, overview.GetProperty("yearFigures").GetProperty("sectionsAccounted").GetInt32());
        Assert.DoesNotContain(2026, (await finance.GetJson("/api/scheme")).GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));

        StoreChanges.Account(server, 2026);

        Assert.True((await finance.GetJson("/api/ledger?from=2026-01&to=2026-12&limit=10")).GetProperty("total").GetInt32() > 0);
        Assert.True((await finance.GetJson("/api/overview/2026")).GetProperty("yearFigures").GetProperty("sectionsAccounted").GetInt32() > 0);
        Assert.Contains(2026, (await finance.GetJson("/api/scheme")).GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));
    }

    [Fact]
    public async Task A_browser_holding_the_current_answer_gets_304_until_the_store_changes()
    {
        var auditor = await server.SignedIn("auditor");
        const string path = "/api/ledger?from=2024-01&to=2024-03&limit=5";
        var first = await auditor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using (var again = new HttpRequestMessage(HttpMethod.Get, path))
        {
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await auditor.SendAsync(again)).StatusCode);
        }

        StoreChanges.Account(server, 2022);

        using var after = new HttpRequestMessage(HttpMethod.Get, path);
        after.Headers.IfNoneMatch.Add(etag);
        var changed = await auditor.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    /// <summary>
    /// Issue 10: the settlement's payments and the exemptions are answered from the cache too (a national year's
    /// statement takes seconds to build); a payment recorded and an application made through the pages show on the next
    /// request, and each reader still gets the list their role and party may see.
    /// </summary>
    [Fact]
    public async Task A_payment_and_an_application_show_at_once_on_pages_served_from_the_cache()
    {
        var finance = await server.SignedIn("finance");
        foreach (var path in new[] { "/api/settlement/2024", "/api/settlement/2024/payments", "/api/exemptions", "/api/agreements", "/api/joint", "/api/registry/targets/2024" })
            Assert.NotNull((await finance.GetAsync(path)).Headers.ETag); // the cache's policy answered
        // Station values do not move the store's version: the early warnings are built on every request.
        Assert.Null((await finance.GetAsync("/api/overview/2024/warnings")).Headers.ETag);
        static int Count(System.Text.Json.JsonElement e) => e.GetProperty("payments").GetArrayLength();
        var before = await finance.GetJson("/api/settlement/2024/payments");
        Assert.Equal(Count(before), Count(await finance.GetJson("/api/settlement/2024/payments")));
        var due = before.GetProperty("dues").EnumerateArray().First();
        Assert.Equal(HttpStatusCode.Created, (await finance.PostAsJsonAsync("/api/settlement/2024/payments",
            new { payer = due.GetProperty("payer").GetString(), payee = due.GetProperty("payee").GetString(), amount = "12.34", paidOn = "2025-06-30" })).StatusCode);
        Assert.Equal(Count(before) + 1, Count(await finance.GetJson("/api/settlement/2024/payments")));

        var (section, month, payer) = await AuditLogThroughTheApi.PaymentByADistrict(finance);
        var other = (await finance.GetJson("/api/scheme")).GetProperty("parties").EnumerateArray()
            .Where(p => p.GetProperty("kind").GetString() == "District").Select(p => p.GetProperty("id").GetString()!).First(p => p != payer);
        var (applicant, bystander) = (await server.SignedIn(payer), await server.SignedIn(other));
        async Task<bool> Lists(HttpClient c) => (await c.GetJson("/api/exemptions")).EnumerateArray()
            .Any(e => e.GetProperty("section").GetString() == section && e.GetProperty("month").GetString() == month);
        foreach (var c in new[] { finance, applicant, bystander }) Assert.False(await Lists(c));
        Assert.Equal(HttpStatusCode.Created, (await applicant.PostAsJsonAsync("/api/exemptions", new { section, month, reason = "山洪 flash flood" })).StatusCode);
        Assert.True(await Lists(finance));
        Assert.True(await Lists(applicant));
        // Pending and not its own: another district does not see it, cached answer or not.
        Assert.False(await Lists(bystander));
    }

    /// <summary>
    /// Issue 10: a year's statement is built once per store version and shared by the overview, the rivers, the
    /// settlement and its payments; it is the statement the store settles, and a change of the store builds it anew.
    /// </summary>
    [Fact]
    public async Task A_years_statement_is_built_once_per_store_version_and_shared_by_its_pages()
    {
        using var scope = server.Services.CreateScope();
        var statements = scope.ServiceProvider.GetRequiredService<YearStatements>();
        var access = scope.ServiceProvider.GetRequiredService<StoreAccess>();
        var finance = await server.SignedIn("finance");
        var river = (await finance.GetJson("/api/scheme")).GetProperty("rivers").EnumerateArray().First().GetProperty("id").GetString();
        var due = (await finance.GetJson("/api/settlement/2024/payments")).GetProperty("dues").EnumerateArray().First();
        // A recorded payment is audited: each one moves the store to a version no page has asked for yet.
        async Task Pay() => Assert.Equal(HttpStatusCode.Created, (await finance.PostAsJsonAsync("/api/settlement/2024/payments",
            new { payer = due.GetProperty("payer").GetString(), payee = due.GetProperty("payee").GetString(), amount = "0.01", paidOn = "2025-06-30" })).StatusCode);
        await Pay();
        var built = statements.Built;
        await finance.GetJson("/api/settlement/2024");
        await finance.GetJson("/api/overview/2024?month=3");
        await finance.GetJson("/api/settlement/2024/payments");
        await finance.GetJson($"/api/rivers/{river}/2024");
        Assert.Equal(built + 1, statements.Built);
        var kept = access.Read(s => statements.Of(s, 2024));
        Assert.Equal(built + 1, statements.Built);
        Assert.Equal(Liuyu.Data.Contracts.AccountingJson.ToJson(access.Read(s => s.Settle(2024))), Liuyu.Data.Contracts.AccountingJson.ToJson(kept.Statement));

        await Pay();

        await finance.GetJson("/api/settlement/2024");
        Assert.Equal(built + 2, statements.Built);
        var anew = access.Read(s => statements.Of(s, 2024));
        Assert.NotSame(kept.Statement, anew.Statement);
        // The payment is in the new statement (what is overdue changed), which is again the store's own.
        Assert.NotEqual(Liuyu.Data.Contracts.AccountingJson.ToJson(kept.Statement), Liuyu.Data.Contracts.AccountingJson.ToJson(anew.Statement));
        Assert.Equal(Liuyu.Data.Contracts.AccountingJson.ToJson(access.Read(s => s.Settle(2024))), Liuyu.Data.Contracts.AccountingJson.ToJson(anew.Statement));
        // A year without lines is built for its request and not kept.
        access.Read(s => statements.Of(s, 1950));
        access.Read(s => statements.Of(s, 1950));
        Assert.Equal(built + 4, statements.Built);
    }

    /// <summary>
    /// An answer is kept per set of roles and per local day (what is overdue or expired is as of today), besides the
    /// store's version, the party and the language: the policy says so to the output cache.
    /// </summary>
    [Fact]
    public async Task The_cache_keeps_an_answer_per_roles_and_day()
    {
        using var scope = server.Services.CreateScope();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = "GET";
        http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.Role, Roles.FinanceBureau), new(System.Security.Claims.ClaimTypes.Role, Roles.Auditor)], "test"));
        var context = new Microsoft.AspNetCore.OutputCaching.OutputCacheContext { HttpContext = http };
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        string Today() => DateOnly.FromDateTime(clock.GetLocalNow().DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = Today();
        await ((Microsoft.AspNetCore.OutputCaching.IOutputCachePolicy)new PerStoreVersion()).CacheRequestAsync(context, default);
        var after = Today();
        var vary = context.CacheVaryByRules.VaryByValues;
        Assert.Equal(string.Join(',', new[] { Roles.FinanceBureau, Roles.Auditor }.Order(StringComparer.Ordinal)), vary["roles"]);
        // The server's clock read just before and just after the policy read it: the day is one of the two.
        Assert.Contains(vary["day"], new[] { before, after });
        Assert.Equal("", vary["party"]);
        Assert.False(string.IsNullOrEmpty(vary["store"]));
    }

    [Fact]
    public async Task Json_goes_compressed_to_a_client_that_accepts_brotli()
    {
        var finance = await server.SignedIn("finance");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ledger?limit=100");
        request.Headers.AcceptEncoding.ParseAdd("br");
        var r = await finance.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("br", r.Content.Headers.ContentEncoding);
        await using var body = new System.IO.Compression.BrotliStream(await r.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(body, Encoding.UTF8);
        Assert.Contains("\"lines\"", await reader.ReadToEndAsync());
    }
}
