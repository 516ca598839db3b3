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
        { "GET", "/api/settlement/2024/payments" },
        { "POST", "/api/settlement/2024/payments" },
        { "POST", "/api/exemptions/DEMO-longxihe-1/2024-03/reject" },
        { "POST", "/api/exemptions/DEMO-longxihe-1/2024-03/attachments" },
        { "GET", "/api/exemptions/DEMO-longxihe-1/2024-03/attachments" },
        { "GET", "/api/exemptions/DEMO-longxihe-1/2024-03/attachments/1" },
        { "POST", "/api/joint/activities" },
        { "GET", "/api/sections/DEMO-longxihe-1/samples" },
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
    [InlineData("/api/settlement/2024/payments")]
    [InlineData("/api/exemptions/DEMO-longxihe-1/2024-03/reject")]
    [InlineData("/api/exemptions/DEMO-longxihe-1/2024-03/attachments")]
    [InlineData("/api/joint/activities")]
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

    [Fact]
    public async Task Only_the_finance_bureau_records_payments()
    {
        var body = new { payer = "liangping", payee = "dianjiang", amount = 1, paidOn = "2025-03-01" };
        foreach (var user in new[] { "liangping", "ecology", "monitoring" })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn(user)).PostAsJsonAsync("/api/settlement/2024/payments", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await server.SignedIn("liangping")).GetAsync("/api/settlement/2024/payments")).StatusCode);
    }

    [Fact]
    public async Task Only_the_bureaus_reject_exemptions_and_only_the_applying_district_attaches()
    {
        var (section, month, district) = await WorkflowEndpoints.PendingApplication(server, "洪水 flood");
        foreach (var user in new[] { district, "monitoring" })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn(user)).PostAsJsonAsync($"/api/exemptions/{section}/{month}/reject", new { reason = "x" })).StatusCode);
        foreach (var user in new[] { "finance", "ecology", district == "liangping" ? "dianjiang" : "liangping" })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn(user)).PostAsync($"/api/exemptions/{section}/{month}/attachments", WorkflowEndpoints.File("a.pdf", WorkflowEndpoints.Pdf))).StatusCode);
    }

    [Fact]
    public async Task A_district_records_only_joint_activities_it_takes_part_in_and_the_finance_bureau_none()
    {
        var body = new { river = "longxihe", kind = "JointEnforcement", date = "2025-04-01", parties = new[] { "dianjiang" }, description = "联合执法" };
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn("liangping")).PostAsJsonAsync("/api/joint/activities", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn("finance")).PostAsJsonAsync("/api/joint/activities", body)).StatusCode);
        var ofRiver = (await (await server.SignedIn("auditor")).GetJson("/api/joint?river=longxihe")).GetProperty("meetingSystems")[0];
        var member = ofRiver.GetProperty("with").EnumerateArray().Concat(ofRiver.GetProperty("without").EnumerateArray()).First().GetString()!;
        var own = new { river = "longxihe", kind = "JointEnforcement", date = "2025-04-01", parties = new[] { member }, description = "联合执法检查" };
        Assert.Equal(HttpStatusCode.Created, (await (await server.SignedIn(member)).PostAsJsonAsync("/api/joint/activities", own)).StatusCode);
    }
}
