using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuyu.Server.Tests;

/// <summary>
/// The real server (Kestrel on a free loopback port, the real pipeline, a fresh SQLite store and users store in a
/// temporary data folder, the demo scheme loaded on first start) shared by every test of the collection.
/// </summary>
public sealed class LiuyuServer : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "Admin-test-Pa55!";
    public const string DemoPassword = "Demo-test-Pa55!";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "liuyu-server-tests-" + Guid.NewGuid().ToString("N")[..8]);

    private readonly string? _store;
    private readonly string? _users;

    public LiuyuServer() : this(null, null) { }

    /// <summary>A server on the given stores (connection strings; null: SQLite files in the temporary data folder). Internal: xUnit wants one public constructor on a fixture.</summary>
    internal LiuyuServer(string? store, string? users)
    {
        _store = store;
        _users = users;
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
        if (_store is not null) builder.UseSetting("ConnectionStrings:Liuyu", _store);
        if (_users is not null) builder.UseSetting("ConnectionStrings:Users", _users);
        builder.UseEnvironment("Production");
    }

    /// <summary>The real server's address, for the browser.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client with its own cookie jar, not signed in, carrying no anti-forgery token.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = BaseAddress });

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
