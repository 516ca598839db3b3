using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Liuyu.Data.Csv;
using Liuyu.TestSupport;

namespace Liuyu.Server.Tests;

/// <summary>
/// R-EXT-1 and R-EXT-2 through the real server, on a store holding shared example 4 (rule families, water quantity,
/// two districts of 四川): quantity lines on the section page and in the explanation; a cross-province agreement's
/// statement read, downloaded and confirmed by the other province's finance department, which is refused everything else.
/// </summary>
public sealed class CrossProvinceAndQuantityThroughTheServer : IClassFixture<CrossProvinceAndQuantityThroughTheServer.Example4Server>
{
    /// <summary>A server of its own on a store with example 4 imported and 2024 accounted (no demo data).</summary>
    public sealed class Example4Server : IDisposable
    {
        public LiuyuServer Server { get; }

        public Example4Server()
        {
            var dir = Path.Combine(Path.GetTempPath(), $"liuyu-ext-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, "server.db");
            using (var store = Liuyu.Storage.LiuyuStore.Open(path))
            {
                store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "4"), "test");
                store.Account(2024);
            }
            Server = new LiuyuServer(path, null);
        }

        public void Dispose() => Server.Dispose();
    }

    private readonly LiuyuServer _server;

    public CrossProvinceAndQuantityThroughTheServer(Example4Server fixture) => _server = fixture.Server;

    private async Task<HttpClient> Sichuan()
    {
        var admin = await _server.SignedIn(LiuyuServer.AdminUser, LiuyuServer.AdminPassword);
        // D04 is a district of 四川 on R0 only (its section S0 D04 → D01).
        var r = await admin.PostAsJsonAsync("/api/users", new { userName = "sichuan-finance", password = "Shu-Finance-7788!", role = "ProvinceFinance", party = "D04" });
        Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.BadRequest, await r.Content.ReadAsStringAsync());
        return await _server.SignedIn("sichuan-finance", "Shu-Finance-7788!");
    }

    [Fact]
    public async Task R_EXT_1_the_section_page_has_flow_against_base_flow_and_quantity_lines()
    {
        var finance = await _server.SignedIn("finance");
        var s5 = await finance.GetJson("/api/sections/S5");
        var flows = s5.GetProperty("flows").EnumerateArray().ToList();
        Assert.Equal(12, flows.Count);
        Assert.All(flows, f => Assert.Equal(34.05m, f.GetProperty("baseFlow").GetDecimal()));
        Assert.Equal(32.85m, flows[0].GetProperty("flow").GetDecimal());
        var quantity = s5.GetProperty("months").EnumerateArray().Where(l => l.GetProperty("purpose").GetString() == "quantity").ToList();
        Assert.Equal(12, quantity.Count);
        Assert.Equal("R-EXT-1a", quantity[0].GetProperty("rule").GetString());
        Assert.Equal(30_000_000, quantity[0].GetProperty("amountFen").GetInt64());

        var e = await finance.GetJson("/api/sections/S5/months/2024-01");
        var q = e.GetProperty("quantity");
        Assert.Equal(("R-EXT-1a", "D07", "D06", 30_000_000L), (q.GetProperty("rule").GetString(), q.GetProperty("payer").GetString(), q.GetProperty("payee").GetString(), q.GetProperty("amountFen").GetInt64()));
        Assert.Equal("penalty", q.GetProperty("mode").GetString());

        var steps = await finance.GetJson("/api/sections/S0/months/2024-01");
        Assert.Equal(("class-steps", "R-FAM-4a"), (steps.GetProperty("ruleFamily").GetString(), steps.GetProperty("rule").GetString()));
        Assert.Equal("100000000", steps.GetProperty("familyParameters").GetProperty("step").GetString());
    }

    /// <summary>
    /// A section under R-EXT-1 has two lines a month (water quality and water quantity, keyed apart by purpose): the
    /// overview draws its quality, counts it once and adds both lines' money (it answered 500 before).
    /// </summary>
    [Fact]
    public async Task R_EXT_1_the_overview_of_a_month_with_quality_and_quantity_lines_draws_the_quality_and_moves_both()
    {
        var finance = await _server.SignedIn("finance");
        var r = await finance.GetAsync("/api/overview/2024?month=1");
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var overview = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        var lines = (await finance.GetJson("/api/ledger?from=2024-01&to=2024-01")).GetProperty("lines").EnumerateArray().ToList();
        var quality = lines.Where(l => l.GetProperty("purpose").GetString() == "quality").ToList();
        Assert.Contains(lines, l => l.GetProperty("purpose").GetString() == "quantity" && l.GetProperty("section").GetString() == "S5");

        var month = overview.GetProperty("monthFigures");
        Assert.Equal(quality.Count, month.GetProperty("sectionsAccounted").GetInt32());
        Assert.Equal(quality.Count, overview.GetProperty("edgesTotal").GetInt32());
        Assert.Equal(lines.Where(l => l.GetProperty("payer").ValueKind == JsonValueKind.String).Sum(l => l.GetProperty("amountFen").GetInt64()),
            month.GetProperty("movedFen").GetInt64());
        var s5 = overview.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("section").GetString() == "S5");
        var s5Quality = quality.Single(l => l.GetProperty("section").GetString() == "S5");
        Assert.Equal((s5Quality.GetProperty("rule").GetString(), s5Quality.GetProperty("amountFen").GetInt64()),
            (s5.GetProperty("rule").GetString(), s5.GetProperty("amountFen").GetInt64()));

        // The year to date counts the same way: section-months by their quality lines, money by every line.
        var march = await finance.GetJson("/api/overview/2024?month=3");
        var toMarch = (await finance.GetJson("/api/ledger?from=2024-01&to=2024-03")).GetProperty("lines").EnumerateArray().ToList();
        var year = march.GetProperty("yearFigures");
        Assert.Equal(toMarch.Count(l => l.GetProperty("purpose").GetString() == "quality"), year.GetProperty("sectionsAccounted").GetInt32());
        Assert.True(toMarch.Count(l => l.GetProperty("purpose").GetString() == "quantity") >= 3);
        Assert.Equal(toMarch.Where(l => l.GetProperty("payer").ValueKind == JsonValueKind.String).Sum(l => l.GetProperty("amountFen").GetInt64()),
            year.GetProperty("movedFen").GetInt64());
    }

    [Fact]
    public async Task R_EXT_2_parties_carry_their_province()
    {
        var auditor = await _server.SignedIn("auditor");
        var parties = (await auditor.GetJson("/api/scheme")).GetProperty("parties").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("province").GetString());
        Assert.Equal(("四川", "重庆", "重庆"), (parties["D04"], parties["D01"], parties["CITY"]));
    }

    [Fact]
    public async Task R_EXT_2_the_other_provinces_finance_department_reads_downloads_and_confirms_its_agreement()
    {
        var sichuan = await Sichuan();
        var list = await sichuan.GetJson("/api/cross-province");
        Assert.Equal(["R0"], list.GetProperty("rivers").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal([2024], list.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));

        var st = await sichuan.GetJson("/api/cross-province/2024/R0");
        var d04 = st.GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("party").GetString() == "D04");
        Assert.Equal("四川", d04.GetProperty("province").GetString());
        Assert.All(st.GetProperty("lines").EnumerateArray(), l => Assert.Equal("R0", l.GetProperty("river").GetString()));
        Assert.Equal(0, st.GetProperty("parties").EnumerateArray().Sum(p => p.GetProperty("netFen").GetInt64()));

        var pdf = await sichuan.GetAsync("/api/cross-province/2024/R0/statement.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));
        var xlsx = await sichuan.GetAsync("/api/cross-province/2024/R0/statement.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);

        var confirmed = await sichuan.PostAsJsonAsync("/api/cross-province/2024/R0/confirm", new { });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True((await confirmed.Body()).GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("party").GetString() == "D04").GetProperty("confirmed").GetBoolean());
        // The year's settlement sees the confirmation of D04 on R0, and only that one.
        var finance = await _server.SignedIn("finance");
        var progress = (await finance.GetJson("/api/settlement/2024")).GetProperty("progress");
        Assert.Contains(progress.GetProperty("confirmed").EnumerateArray(), c => c.GetProperty("river").GetString() == "R0" && c.GetProperty("party").GetString() == "D04");
    }

    [Theory]
    [InlineData("/api/scheme")]
    [InlineData("/api/ledger")]
    [InlineData("/api/settlement/2024")]
    [InlineData("/api/sections/S0")]
    [InlineData("/api/sections/S0/months/2024-01")]
    [InlineData("/api/files/2024/settlement.pdf")]
    [InlineData("/api/exemptions")]
    [InlineData("/api/agreements")]
    public async Task R_EXT_2_the_other_provinces_finance_department_reads_nothing_else(string path)
    {
        var sichuan = await Sichuan();
        Assert.Equal(HttpStatusCode.Forbidden, (await sichuan.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task R_EXT_2_another_rivers_statement_and_confirmation_are_refused_with_a_code()
    {
        var sichuan = await Sichuan();
        var r = await sichuan.GetAsync("/api/cross-province/2024/R1");
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(ErrorCodes.CrossProvinceNotYours, (await r.Body()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await sichuan.PostAsJsonAsync("/api/cross-province/2024/R1/confirm", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sichuan.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "D04" })).StatusCode);
    }

    [Fact]
    public async Task R_EXT_2_the_role_is_bound_to_a_party_of_another_province()
    {
        var admin = await _server.SignedIn(LiuyuServer.AdminUser, LiuyuServer.AdminPassword);
        var r = await admin.PostAsJsonAsync("/api/users", new { userName = "wrong-province", password = "Shu-Finance-7788!", role = "ProvinceFinance", party = "D01" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains(ErrorCodes.PartyNotOtherProvince, await r.Content.ReadAsStringAsync());
        var none = await admin.PostAsJsonAsync("/api/users", new { userName = "no-party", password = "Shu-Finance-7788!", role = "ProvinceFinance" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains(ErrorCodes.PartyRequiredForProvinceFinance, await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_river_without_a_party_of_another_province_has_no_cross_province_statement()
    {
        var finance = await _server.SignedIn("finance");
        var r = await finance.GetAsync("/api/cross-province/2024/R2");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(ErrorCodes.RiverNotCrossProvince, (await r.Body()).GetProperty("code").GetString());
        var list = (await finance.GetJson("/api/cross-province")).GetProperty("rivers").EnumerateArray().Select(x => x.GetProperty("id").GetString()).ToList();
        Assert.Equal(["R0", "R1", "R3"], list);
    }
}
