using System.Net;
using System.Net.Http.Json;

namespace Liuyu.Server.Tests;

/// <summary>Identity with cookies: a wrong password is refused, repeated failures lock the account, the login form needs its anti-forgery token.</summary>
[Collection(ServerCollection.Name)]
public sealed class SigningIn(LiuyuServer server)
{
    [Fact]
    public async Task A_right_password_signs_in_and_names_the_role_and_party()
    {
        var client = await server.SignedIn("liangping");
        var me = await client.GetJson("/api/account/me");
        Assert.Equal("liangping", me.GetProperty("party").GetString());
        Assert.Contains("District", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_problem()
    {
        var client = server.Anonymous();
        await client.RefreshToken();
        var r = await client.PostAsJsonAsync("/api/account/login", new { userName = "ecology", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        // A user of its own: locking a demo user would break the other tests that sign in as it on the shared server.
        var user = "lock-" + Guid.NewGuid().ToString("N")[..6];
        var admin = await server.SignedIn(LiuyuServer.AdminUser);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { userName = user, password = LiuyuServer.DemoPassword, role = "MonitoringCentre" })).StatusCode);
        var client = server.Anonymous();
        await client.RefreshToken();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/account/login", new { userName = user, password = "wrong-password" });
        var r = await client.PostAsJsonAsync("/api/account/login", new { userName = user, password = LiuyuServer.DemoPassword });
        Assert.Equal(HttpStatusCode.Locked, r.StatusCode);
    }

    [Fact]
    public async Task Signing_in_without_the_anti_forgery_token_is_refused()
    {
        var r = await server.Anonymous().PostAsJsonAsync("/api/account/login", new { userName = "finance", password = LiuyuServer.DemoPassword });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("Anti-forgery", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_change_without_the_anti_forgery_token_is_refused_even_when_signed_in()
    {
        var client = await server.SignedIn("liangping");
        client.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        var r = await client.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "liangping" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task An_empty_user_name_is_a_validation_problem()
    {
        var client = server.Anonymous();
        await client.RefreshToken();
        var r = await client.PostAsJsonAsync("/api/account/login", new { userName = "", password = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await r.Body()).GetProperty("errors").TryGetProperty("userName", out _));
    }
}
