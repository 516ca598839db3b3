using System.Net;
using System.Net.Http.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// A server configured as it runs behind a TLS-terminating proxy (Liuyu:Proxy:Https) with tight sign-in rate limits:
/// its own instance, so that the limits do not meet the other tests' sign-ins.
/// </summary>
public sealed class GuardedServer() : LiuyuServer(null, null, new Dictionary<string, string>
{
    ["Liuyu:Proxy:Https"] = "true",
    ["Liuyu:SignIn:PerAddressPerMinute"] = "10",
    ["Liuyu:SignIn:PerAccountPerMinute"] = "8",
})
{
    /// <summary>A client as the proxy forwards it: from <paramref name="address"/>, over HTTPS.</summary>
    public async Task<HttpClient> From(string address)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        await client.RefreshToken();
        return client;
    }
}

/// <summary>
/// Behind a reverse proxy: the client's address and scheme come from the proxy's forwarded headers; plain HTTP is
/// redirected to HTTPS and HTTPS answers carry HSTS; sign-in attempts are rate limited per client address and per user
/// name, answered 429 with Retry-After.
/// </summary>
public sealed class BehindAReverseProxy(GuardedServer server) : IClassFixture<GuardedServer>
{
    private static string Fresh(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Plain_http_is_redirected_to_https()
    {
        var r = await server.Anonymous().GetAsync("/api/account/antiforgery");
        Assert.Equal(HttpStatusCode.PermanentRedirect, r.StatusCode);
        Assert.Equal("https", r.Headers.Location?.Scheme);
    }

    [Fact]
    public async Task Https_answers_carry_strict_transport_security_and_secure_cookies()
    {
        var client = server.Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/account/antiforgery");
        request.Headers.Host = "liuyu.example.org"; // HSTS is never sent to localhost
        var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(r.Headers.GetValues("Strict-Transport-Security")));
        Assert.All(r.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_limited_and_the_others_are_not()
    {
        var busy = await server.From("203.0.113.1");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 11; i++)
            answers.Add(await busy.PostAsJsonAsync("/api/account/login", new { userName = Fresh("guess-"), password = "Wrong-password-1" }));
        Assert.All(answers.Take(10), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var limited = answers[10];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After"))) > 0);
        Assert.Equal("too-many-requests", (await limited.Body()).GetProperty("code").GetString());

        var other = await server.From("203.0.113.2");
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostAsJsonAsync("/api/account/login", new { userName = Fresh("guess-"), password = "Wrong-password-1" })).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_for_one_user_name_are_limited_across_addresses()
    {
        var name = Fresh("target-");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 9; i++)
            answers.Add(await (await server.From($"198.18.0.{i + 1}")).PostAsJsonAsync("/api/account/login", new { userName = name, password = "Wrong-password-1" }));
        Assert.All(answers.Take(8), r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[8].StatusCode);
        Assert.True(answers[8].Headers.Contains("Retry-After"));
    }
}
