using System.Net;
using System.Net.Http.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// Cookies are Secure when the request came over HTTPS, here as a proxy on loopback (trusted by default) tells it
/// with X-Forwarded-Proto; over plain HTTP they are not (a server on localhost without TLS still works).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ForwardedHeadersAndSecureCookies(LiuyuServer server)
{
    private static IEnumerable<string> Cookies(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues("Set-Cookie", out var all) ? all.Where(c => c.StartsWith(name + "=", StringComparison.Ordinal)) : [];

    [Fact]
    public async Task The_sign_in_and_anti_forgery_cookies_are_secure_over_https()
    {
        var client = server.Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var token = await client.GetAsync("/api/account/antiforgery");
        Assert.Contains("secure", Assert.Single(Cookies(token, "liuyu.csrf")), StringComparison.OrdinalIgnoreCase);
        await client.RefreshToken();
        var r = await client.PostAsJsonAsync("/api/account/login", new { userName = "auditor", password = LiuyuServer.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("secure", Assert.Single(Cookies(r, "liuyu.auth")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Over_plain_http_the_cookies_are_not_marked_secure()
    {
        var client = server.Anonymous();
        var token = await client.GetAsync("/api/account/antiforgery");
        Assert.DoesNotContain("secure", Assert.Single(Cookies(token, "liuyu.csrf")), StringComparison.OrdinalIgnoreCase);
    }
}
