using System.Net;
using System.Net.Http.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// A change to a user takes effect on the user's next request (role, party, lock, password, deletion), and signing out
/// ends the session on the server: a copy of the cookie is refused afterwards.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SessionsEndOnTheServer(LiuyuServer server)
{
    private const string Password = "Session-test-Pa55!";

    private async Task<(HttpClient Admin, string Name, HttpClient User)> NewUserSignedIn(string role, string? party = null)
    {
        var admin = await server.SignedIn(LiuyuServer.AdminUser);
        var name = "s-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = name, password = Password, role, party });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await server.SignedIn(name, Password);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/account/me")).StatusCode);
        return (admin, name, user);
    }

    [Fact]
    public async Task A_demoted_user_is_refused_on_the_next_request_and_signs_in_with_the_new_role()
    {
        var (admin, name, user) = await NewUserSignedIn("FinanceBureau");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/users/{name}/role", new { role = "Auditor" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsJsonAsync("/api/settlement/2024/payments", new { })).StatusCode);
        var again = await server.SignedIn(name, Password);
        var roles = (await again.GetJson("/api/account/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal(["Auditor"], roles);
    }

    [Fact]
    public async Task A_district_user_rebound_to_another_party_loses_the_old_partys_session()
    {
        var (admin, name, user) = await NewUserSignedIn("District", "liangping");
        Assert.Equal("liangping", (await user.GetJson("/api/account/me")).GetProperty("party").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/users/{name}/role", new { role = "District", party = "dianjiang" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/account/me")).StatusCode);
        // The refusal comes before the endpoint: the old party's confirmation cannot be given with the old cookie.
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "liangping" })).StatusCode);
        var again = await server.SignedIn(name, Password);
        Assert.Equal("dianjiang", (await again.GetJson("/api/account/me")).GetProperty("party").GetString());
    }

    [Fact]
    public async Task A_user_locked_by_the_administrator_is_refused_on_the_next_request_and_cannot_sign_in()
    {
        var (admin, name, user) = await NewUserSignedIn("Auditor");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{name}/lock", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/account/me")).StatusCode);
        var client = server.Anonymous();
        await client.RefreshToken();
        var r = await client.PostAsJsonAsync("/api/account/login", new { userName = name, password = Password });
        Assert.Equal(HttpStatusCode.Locked, r.StatusCode);
        Assert.Equal("account-disabled", (await r.Body()).GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{name}/unlock", null)).StatusCode);
        await server.SignedIn(name, Password);
    }

    [Fact]
    public async Task A_password_set_by_the_administrator_ends_the_users_session()
    {
        var (admin, name, user) = await NewUserSignedIn("Auditor");
        const string next = "Another-session-Pa55!";
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/users/{name}/password", new { password = next })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/account/me")).StatusCode);
        await server.SignedIn(name, next);
    }

    [Fact]
    public async Task A_deleted_user_is_refused_on_the_next_request()
    {
        var (admin, name, user) = await NewUserSignedIn("Auditor");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{name}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/account/me")).StatusCode);
        var users = (await admin.GetJson("/api/users")).EnumerateArray().Select(u => u.GetProperty("userName").GetString());
        Assert.DoesNotContain(name, users);
    }

    [Fact]
    public async Task The_administrator_cannot_lock_or_delete_the_own_account()
    {
        var admin = await server.SignedIn(LiuyuServer.AdminUser);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/users/{LiuyuServer.AdminUser}/lock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync($"/api/users/{LiuyuServer.AdminUser}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task A_cookie_replayed_after_signing_out_is_refused()
    {
        var (_, _, user) = await NewUserSignedIn("Auditor");
        var cookie = server.AuthCookie(user);
        // The copy works while the session lasts…
        Assert.Equal(HttpStatusCode.OK, (await server.WithCookie(cookie).GetAsync("/api/account/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsync("/api/account/logout", null)).StatusCode);

        // …and not after the sign-out.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.WithCookie(cookie).GetAsync("/api/account/me")).StatusCode);
    }
}
