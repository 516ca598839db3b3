using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// 审计 through the API: changes made in the web application are recorded under the signed-in user's name and role,
/// with the states before and after as JSON objects; users' administration and lockouts are recorded without passwords.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AuditLogThroughTheApi(LiuyuServer server)
{
    /// <summary>A 2024 R-COMP-2 payment by a district with no exemption applied for yet.</summary>
    internal static async Task<(string Section, string Month, string Payer)> PaymentByADistrict(HttpClient client)
    {
        var parties = (await client.GetJson("/api/scheme")).GetProperty("parties").EnumerateArray()
            .Where(p => p.GetProperty("kind").GetString() == "District").Select(p => p.GetProperty("id").GetString()).ToHashSet();
        var taken = (await client.GetJson("/api/exemptions")).EnumerateArray().Select(e => (e.GetProperty("section").GetString(), e.GetProperty("month").GetString())).ToHashSet();
        var line = (await client.GetJson("/api/ledger?rule=R-COMP-2&from=2024-01&to=2024-12")).GetProperty("lines").EnumerateArray()
            .Last(l => l.GetProperty("kind").GetString() == "Posting" && parties.Contains(l.GetProperty("payer").GetString())
                       && !taken.Contains((l.GetProperty("section").GetString(), l.GetProperty("month").GetString())));
        return (line.GetProperty("section").GetString()!, line.GetProperty("month").GetString()!, line.GetProperty("payer").GetString()!);
    }

    private static async Task<List<JsonElement>> Entries(HttpClient client, string query) =>
        [.. (await client.GetJson("/api/audit?" + query)).GetProperty("entries").EnumerateArray()];

    [Fact]
    public async Task A_districts_application_and_a_bureaus_approval_appear_under_their_users_with_before_and_after()
    {
        var auditor = await server.SignedIn("auditor");
        var (section, month, payer) = await PaymentByADistrict(auditor);
        var subject = Uri.EscapeDataString($"{section} {month}");

        var district = await server.SignedIn(payer);
        Assert.Equal(HttpStatusCode.Created, (await district.PostAsJsonAsync("/api/exemptions", new { section, month, reason = "山体滑坡 landslide" })).StatusCode);
        var apply = Assert.Single(await Entries(auditor, $"action=exemption.apply&subject={subject}"));
        Assert.Equal((payer, "District"), (apply.GetProperty("actor").GetString(), apply.GetProperty("role").GetString()));
        Assert.Equal(JsonValueKind.Null, apply.GetProperty("before").ValueKind);
        Assert.Equal(JsonValueKind.Object, apply.GetProperty("after").ValueKind);
        Assert.Equal("山体滑坡 landslide", apply.GetProperty("after").GetProperty("reason").GetString());

        var finance = await server.SignedIn("finance");
        Assert.Equal(HttpStatusCode.OK, (await finance.PostAsync($"/api/exemptions/{section}/{month}/approve", null)).StatusCode);
        var approve = Assert.Single(await Entries(auditor, $"action=exemption&actor=finance&subject={subject}"));
        Assert.Equal(("exemption.approve", "FinanceBureau"), (approve.GetProperty("action").GetString(), approve.GetProperty("role").GetString()));
        Assert.False(approve.GetProperty("before").GetProperty("financeApproved").GetBoolean());
        Assert.True(approve.GetProperty("after").GetProperty("financeApproved").GetBoolean());
        Assert.True(approve.GetProperty("id").GetInt64() > apply.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task User_administration_and_a_lockout_are_recorded_without_passwords()
    {
        var admin = await server.SignedIn(LiuyuServer.AdminUser);
        var name = "audit-" + Guid.NewGuid().ToString("N")[..6];
        const string password = "Secret-audit-Pa55!";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { userName = name, password, role = "Auditor" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/users/{name}/role", new { role = "District", party = "liangping" })).StatusCode);

        var stranger = server.Anonymous();
        await stranger.RefreshToken();
        for (var i = 0; i < 5; i++)
            Assert.NotEqual(HttpStatusCode.OK, (await stranger.PostAsJsonAsync("/api/account/login", new { userName = name, password = "wrong-password-" + i })).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await stranger.PostAsJsonAsync("/api/account/login", new { userName = name, password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{name}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/users/{name}/unlock", null)).StatusCode);
        await server.SignedIn(name, password);

        var raw = await (await admin.GetAsync($"/api/audit?subject={name}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(password, raw);
        var entries = await Entries(admin, $"subject={name}");
        Assert.Equal(["user.unlock", "user.lockout", "user.role", "user.create"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal([LiuyuServer.AdminUser, "anonymous", LiuyuServer.AdminUser, LiuyuServer.AdminUser], entries.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal("Auditor", entries[2].GetProperty("before").GetProperty("roles")[0].GetString());
        Assert.Equal(("District", "liangping"), (entries[2].GetProperty("after").GetProperty("roles")[0].GetString(), entries[2].GetProperty("after").GetProperty("party").GetString()));
        Assert.Equal(5, entries[1].GetProperty("after").GetProperty("failedAttempts").GetInt32());
        Assert.True(entries[0].GetProperty("before").GetProperty("lockedOut").GetBoolean());
    }

    [Fact]
    public async Task The_log_pages_newest_first_by_entry_id()
    {
        var auditor = await server.SignedIn("auditor");
        var first = await auditor.GetJson("/api/audit?limit=1");
        var next = first.GetProperty("next").GetInt64();
        var id = Assert.Single(first.GetProperty("entries").EnumerateArray()).GetProperty("id").GetInt64();
        Assert.Equal(id, next);
        var older = (await auditor.GetJson($"/api/audit?before={next}&limit=500")).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.NotEmpty(older);
        Assert.All(older, o => Assert.True(o < next));
        Assert.Equal(older.OrderDescending(), older);
        // The demo's two accounted years were posted by the server itself on first start.
        Assert.Contains(await Entries(auditor, "action=ledger.account&actor=liuyu%20server&limit=500"), e => e.GetProperty("subject").GetString() == "2023");
    }
}
