using System.Net;
using System.Net.Http.Json;

namespace Liuyu.Server.Tests;

/// <summary>Every endpoint needs a signed-in user; changes need the right role, and a district acts only for itself.</summary>
[Collection(ServerCollection.Name)]
public sealed class EndpointAuthorisation(LiuyuServer server)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/account/me" },
        { "GET", "/api/scheme" },
        { "GET", "/api/overview/2024?month=3" },
        { "GET", "/api/rivers/longxihe/2024" },
        { "GET", "/api/ledger" },
        { "GET", "/api/sections/DEMO-longxihe-1/months/2023-03" },
        { "GET", "/api/sections/DEMO-longxihe-1" },
        { "GET", "/api/settlement/2024" },
        { "GET", "/api/exemptions" },
        { "GET", "/api/users" },
        { "GET", "/api/joint" },
        { "GET", "/api/agreements" },
        { "GET", "/api/files/2023/ledger.xlsx" },
        { "GET", "/api/files/2023/settlement.xlsx" },
        { "GET", "/api/files/2023/settlement.pdf" },
        { "GET", "/api/files/2023/3/bulletin.pdf" },
        { "GET", "/api/audit" },
        { "GET", "/api/imports" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Anonymous_requests_are_refused_with_401(string method, string path)
    {
        var r = await server.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Theory]
    [InlineData("/api/settlement/2024/confirm")]
    [InlineData("/api/settlement/2024/clear")]
    [InlineData("/api/settlement/2024/close")]
    [InlineData("/api/exemptions")]
    [InlineData("/api/exemptions/DEMO-longxihe-1/2024-03/approve")]
    [InlineData("/api/users")]
    [InlineData("/api/imports")]
    public async Task The_auditor_reads_but_changes_nothing(string path)
    {
        var client = await server.SignedIn("auditor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/settlement/2024")).StatusCode);
        var r = await client.PostAsJsonAsync(path, new { party = "CITY", section = "DEMO-longxihe-1", month = "2024-03", reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Theory]
    [InlineData("auditor", HttpStatusCode.OK)]
    [InlineData(LiuyuServer.AdminUser, HttpStatusCode.OK)]
    [InlineData("finance", HttpStatusCode.OK)]
    [InlineData("ecology", HttpStatusCode.OK)]
    [InlineData("monitoring", HttpStatusCode.Forbidden)]
    [InlineData("liangping", HttpStatusCode.Forbidden)]
    public async Task The_audit_log_is_read_by_the_auditor_the_administrator_and_the_bureaus_only(string user, HttpStatusCode expected)
    {
        var client = await server.SignedIn(user);
        Assert.Equal(expected, (await client.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task A_district_cannot_confirm_for_another_district()
    {
        var client = await server.SignedIn("liangping");
        var r = await client.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "dianjiang" });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task A_district_confirms_its_own_settlement()
    {
        var client = await server.SignedIn("dianjiang");
        var r = await client.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "dianjiang" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var confirmed = (await r.Body()).GetProperty("confirmed").EnumerateArray().Select(c => c.GetProperty("party").GetString());
        Assert.Contains("dianjiang", confirmed);
    }

    [Fact]
    public async Task A_district_cannot_clear_and_the_finance_bureau_cannot_clear_an_unconfirmed_year()
    {
        var district = await server.SignedIn("liangping");
        Assert.Equal(HttpStatusCode.Forbidden, (await district.PostAsync("/api/settlement/2023/clear", null)).StatusCode);
        var finance = await server.SignedIn("finance");
        var r = await finance.PostAsync("/api/settlement/2023/clear", null);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("not yet confirmed", (await r.Body()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_finance_bureau_confirms_for_the_treasury_but_not_for_a_district()
    {
        var finance = await server.SignedIn("finance");
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "liangping" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await finance.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "CITY" })).StatusCode);
    }

    [Fact]
    public async Task Only_the_administrator_manages_users()
    {
        var finance = await server.SignedIn("finance");
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync("/api/users")).StatusCode);
        var admin = await server.SignedIn(LiuyuServer.AdminUser);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
        var bad = await admin.PostAsJsonAsync("/api/users", new { userName = "someone", password = "Long-enough-1", role = "District", party = "nowhere" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var ok = await admin.PostAsJsonAsync("/api/users", new { userName = "wanzhou-staff", password = "Long-enough-1", role = "District", party = "wanzhou" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var staff = await server.SignedIn("wanzhou-staff", "Long-enough-1");
        Assert.Equal("wanzhou", (await staff.GetJson("/api/account/me")).GetProperty("party").GetString());
    }
}
