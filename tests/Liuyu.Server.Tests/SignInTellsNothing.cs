using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Liuyu.Server.Tests;

/// <summary>
/// Sign-in does not tell whether a user name exists: an unknown name gets the answer of an existing one with a wrong
/// password (status and body, a password hash verified all the same), through the warning before the lockout and the
/// lockout itself; and the lockout holds for the client address that failed, not for the user signing in from elsewhere.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SignInTellsNothing(LiuyuServer server)
{
    /// <summary>A client that the server sees at <paramref name="address"/> (loopback is a trusted proxy, so X-Forwarded-For counts).</summary>
    private async Task<HttpClient> From(string address)
    {
        var client = server.Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        await client.RefreshToken();
        return client;
    }

    private static string Fresh(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> NewUser()
    {
        var admin = await server.SignedIn(LiuyuServer.AdminUser);
        var name = Fresh("known-");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { userName = name, password = LiuyuServer.DemoPassword, role = "Auditor" })).StatusCode);
        return name;
    }

    /// <summary>Status and body, without the trace id that differs on every answer.</summary>
    private static async Task<string> Answer(HttpResponseMessage r)
    {
        var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return $"{(int)r.StatusCode} {body.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}";
    }

    [Fact]
    public async Task An_unknown_name_is_answered_as_a_known_one_with_a_wrong_password_up_to_and_through_the_lockout()
    {
        var known = await NewUser();
        var unknown = Fresh("nobody-");
        var a = await From("198.51.100.10");
        var b = await From("198.51.100.11");
        var answers = new List<(string Known, string Unknown)>();
        for (var i = 0; i < 6; i++)
            answers.Add((await Answer(await a.PostAsJsonAsync("/api/account/login", new { userName = known, password = "Wrong-password-" + i })),
                         await Answer(await b.PostAsJsonAsync("/api/account/login", new { userName = unknown, password = "Wrong-password-" + i }))));

        foreach (var (k, u) in answers) Assert.Equal(k, u);
        Assert.StartsWith("401 ", answers[0].Known);
        Assert.Contains("\"sign-in-failed\"", answers[0].Known);
        // The fourth failure warns: one attempt left; the fifth locks, and says for how long.
        Assert.Contains("\"sign-in-failed-warning\"", answers[3].Known);
        Assert.Contains("\"remaining\":\"1\"", answers[3].Known);
        Assert.StartsWith("423 ", answers[4].Known);
        Assert.Contains("\"account-locked\"", answers[4].Known);
        Assert.Contains("\"minutes\":\"15\"", answers[4].Known);
        Assert.StartsWith("423 ", answers[5].Known);
    }

    [Fact]
    public async Task An_unknown_name_costs_a_password_hash_as_a_known_one_does()
    {
        var client = await From("198.51.100.20");
        var before = server.Hasher.Verified;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/account/login", new { userName = Fresh("nobody-"), password = "Wrong-password-1" })).StatusCode);
        Assert.True(server.Hasher.Verified > before, "no password was hashed for the unknown user name");
    }

    [Fact]
    public async Task A_stranger_who_fails_from_another_address_does_not_lock_the_user_out()
    {
        var name = await NewUser();
        var stranger = await From("203.0.113.66");
        for (var i = 0; i < 5; i++) await stranger.PostAsJsonAsync("/api/account/login", new { userName = name, password = "Wrong-password-" + i });
        Assert.Equal(HttpStatusCode.Locked, (await stranger.PostAsJsonAsync("/api/account/login", new { userName = name, password = LiuyuServer.DemoPassword })).StatusCode);

        var user = await From("192.0.2.7");
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsJsonAsync("/api/account/login", new { userName = name, password = LiuyuServer.DemoPassword })).StatusCode);
    }
}
