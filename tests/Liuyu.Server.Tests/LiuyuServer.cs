using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Liuyu.Server.Tests;

/// <summary>
/// The real server (Kestrel on a free loopback port, the real pipeline, a fresh SQLite store and users store in a
/// temporary data folder, the demo scheme loaded on first start) shared by every test of the collection.
/// </summary>
public class LiuyuServer : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    // The password policy refuses a password that contains the user name (Admin-… for admin).
    public const string AdminPassword = "Chief-test-Pa55!";
    public const string DemoPassword = "Demo-test-Pa55!";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "liuyu-server-tests-" + Guid.NewGuid().ToString("N")[..8]);

    private readonly string? _store;
    private readonly string? _users;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    public LiuyuServer() : this(null, null) { }

    /// <summary>
    /// A server on the given stores (connection strings; null: SQLite files in the temporary data folder), with more
    /// settings (they win over the defaults below). Internal: xUnit wants one public constructor on a fixture.
    /// </summary>
    internal LiuyuServer(string? store, string? users, IReadOnlyDictionary<string, string>? settings = null)
    {
        _store = store;
        _users = users;
        _settings = settings;
        UseKestrel(0);
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Liuyu:DataFolder", _data);
        builder.UseSetting("Liuyu:Admin:User", AdminUser);
        builder.UseSetting("Liuyu:Admin:Password", AdminPassword);
        builder.UseSetting("Liuyu:DemoUsers:Password", DemoPassword);
        // The shared server keeps both demo years untouched: its tests walk 2023 through confirmation, clearance and
        // closing themselves. The demo's story (2023 closed, 2024 in confirmation) has a server of its own (DemoTellsAWorkingYear).
        builder.UseSetting("Liuyu:DemoStory", "false");
        if (_store is not null) builder.UseSetting("ConnectionStrings:Liuyu", _store);
        if (_users is not null) builder.UseSetting("ConnectionStrings:Users", _users);
        // Every test signs in from the loopback address: the sign-in rate limits are out of the way here, and tested
        // on a server of their own (SignInGuardServer).
        builder.UseSetting("Liuyu:SignIn:PerAddressPerMinute", "100000");
        builder.UseSetting("Liuyu:SignIn:PerAccountPerMinute", "100000");
        foreach (var (key, value) in _settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<LiuyuUser>, CountingHasher>());
    }

    /// <summary>The server's password hasher, which counts the passwords it verified.</summary>
    public CountingHasher Hasher => (CountingHasher)Services.GetRequiredService<IPasswordHasher<LiuyuUser>>();

    /// <summary>The real server's address, for the browser.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client with its own cookie jar (<see cref="CookieJar"/>), not signed in, carrying no anti-forgery token, following no redirect.</summary>
    public HttpClient Anonymous()
    {
        var jar = new CookieJar();
        var client = Plain(jar);
        _jars.Add(client, jar);
        return client;
    }

    /// <summary>A client signed in as <paramref name="user"/>, sending the anti-forgery token with every request.</summary>
    public async Task<HttpClient> SignedIn(string user, string? password = null)
    {
        var client = Anonymous();
        await client.RefreshToken();
        var r = await client.PostAsJsonAsync("/api/account/login", new { userName = user, password = password ?? (user == AdminUser ? AdminPassword : DemoPassword) });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await client.RefreshToken();
        return client;
    }

    /// <summary>The sign-in cookie a client holds ("liuyu.auth=…"), to be replayed by another client.</summary>
    public string AuthCookie(HttpClient client) =>
        _jars.TryGetValue(client, out var jar) && jar.Container.GetCookies(CookieJar.Https(BaseAddress))["liuyu.auth"] is { } c ? $"{c.Name}={c.Value}" : throw new InvalidOperationException("not a signed-in client of SignedIn");

    /// <summary>A client sending exactly this cookie header, with no cookie jar of its own.</summary>
    public HttpClient WithCookie(string cookie)
    {
        var client = Plain(new CookieJar());
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>A client of the real server (Kestrel) that follows no redirect and keeps cookies only in <paramref name="jar"/>.</summary>
    private HttpClient Plain(CookieJar jar)
    {
        jar.InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        return new HttpClient(jar) { BaseAddress = BaseAddress };
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, CookieJar> _jars = new();

    /// <summary>
    /// R-EXEMPT-1 test data: a 2024 section-month where a district pays (R-COMP-2) and nobody has applied for an
    /// exemption yet, so a test can apply for it whatever other tests on this shared server did before.
    /// </summary>
    public async Task<(string Section, string Month, string Payer)> UnclaimedDistrictPayment()
    {
        var api = await SignedIn("auditor");
        var districts = (await api.GetJson("/api/scheme")).GetProperty("parties").EnumerateArray()
            .Where(p => p.GetProperty("kind").GetString() == "District").Select(p => p.GetProperty("id").GetString()).ToHashSet();
        var taken = (await api.GetJson("/api/exemptions")).EnumerateArray().Select(e => (e.GetProperty("section").GetString(), e.GetProperty("month").GetString())).ToHashSet();
        var line = (await api.GetJson("/api/ledger?rule=R-COMP-2&from=2024-01&to=2024-12")).GetProperty("lines").EnumerateArray()
            .First(l => districts.Contains(l.GetProperty("payer").GetString()) && !taken.Contains((l.GetProperty("section").GetString(), l.GetProperty("month").GetString())));
        return (line.GetProperty("section").GetString()!, line.GetProperty("month").GetString()!, line.GetProperty("payer").GetString()!);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// A cookie jar the test can read (the sign-in cookie, to replay it) and that sends Secure cookies over the loopback
/// HTTP connection too, as a browser behind a TLS-terminating proxy would send them over HTTPS. A request that already
/// carries a Cookie header keeps it.
/// </summary>
public sealed class CookieJar : DelegatingHandler
{
    public CookieContainer Container { get; } = new();

    public static Uri Https(Uri uri) => new UriBuilder(uri) { Scheme = "https", Port = uri.Port }.Uri;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var https = Https(request.RequestUri!);
        if (!request.Headers.Contains("Cookie") && Container.GetCookieHeader(https) is { Length: > 0 } header) request.Headers.Add("Cookie", header);
        var response = await base.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var c in set) Container.SetCookies(https, c);
        return response;
    }
}

/// <summary>Identity's password hasher, counting the passwords verified (the unknown user's sign-in must verify one too).</summary>
public sealed class CountingHasher : PasswordHasher<LiuyuUser>
{
    private int _verified;

    public int Verified => Volatile.Read(ref _verified);

    public override PasswordVerificationResult VerifyHashedPassword(LiuyuUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<LiuyuServer>
{
    public const string Name = "server";
}

public static class HttpExtensions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Fetches a fresh anti-forgery token (it names the signed-in user) and sends it from now on.</summary>
    public static async Task RefreshToken(this HttpClient client)
    {
        var token = await client.GetFromJsonAsync<JsonElement>("/api/account/antiforgery");
        client.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token.GetProperty("token").GetString());
    }

    public static async Task<JsonElement> Body(this HttpResponseMessage r) =>
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<JsonElement> GetJson(this HttpClient client, string path)
    {
        var r = await client.GetAsync(path);
        Assert.True(r.IsSuccessStatusCode, $"GET {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.Body();
    }
}
