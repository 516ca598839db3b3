using System.Net;

namespace Liuyu.Server.Tests;

/// <summary>The server starts on the demo data, answers its health check and documents its API without a CDN.</summary>
[Collection(ServerCollection.Name)]
public sealed class ServerBasics(LiuyuServer server)
{
    [Fact]
    public async Task Health_answers_healthy_without_signing_in()
    {
        var r = await server.Anonymous().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("Healthy", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_ledger_page_names_each_lines_section_as_the_registry_does()
    {
        var client = await server.SignedIn("finance");
        var names = (await client.GetJson("/api/registry")).GetProperty("sections").EnumerateArray()
            .ToDictionary(x => x.GetProperty("id").GetString()!, x => x.GetProperty("name").GetString());
        var lines = (await client.GetJson("/api/ledger?from=2023-01&to=2023-03&offset=7&limit=60")).GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(60, lines.Count);
        Assert.All(lines, l => Assert.Equal(names[l.GetProperty("section").GetString()!], l.GetProperty("sectionName").GetString()));
        Assert.True(lines.Select(l => l.GetProperty("section").GetString()).Distinct().Count() > 1);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_feature_routes()
    {
        var doc = await server.Anonymous().GetStringAsync("/openapi/v1.json");
        foreach (var route in new[] { "/api/ledger", "/api/overview/{year}", "/api/settlement/{year}/confirm", "/api/exemptions", "/api/sections/{section}/months/{month}" })
            Assert.Contains($"\"{route}\"", doc);
    }

    [Fact]
    public async Task The_API_reference_is_served_from_the_server_not_a_CDN()
    {
        var client = server.Anonymous();
        var html = await client.GetStringAsync("/scalar/");
        Assert.DoesNotContain("https://", html);
        Assert.Contains("scalar.js", html);
        var script = await client.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task The_page_and_ECharts_are_served_from_the_server()
    {
        var client = server.Anonymous();
        var html = await client.GetStringAsync("/");
        Assert.Contains("lib/echarts.min.js", html);
        Assert.DoesNotContain("https://", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/lib/echarts.min.js")).StatusCode);
    }

    [Fact]
    public async Task The_demo_scheme_is_loaded_and_accounted_on_first_start()
    {
        var client = await server.SignedIn("auditor");
        var scheme = await client.GetJson("/api/scheme");
        Assert.Equal("demo", scheme.GetProperty("dataset").GetString());
        Assert.Equal([2023, 2024], scheme.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));
        Assert.True(scheme.GetProperty("rivers").GetArrayLength() > 10);
    }

    [Fact]
    public async Task The_page_is_served_with_a_content_security_policy_and_no_framing()
    {
        var r = await server.Anonymous().GetAsync("/");
        Assert.Contains("script-src 'self'", r.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
