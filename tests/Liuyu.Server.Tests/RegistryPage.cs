using System.Text.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// 名录 (issue 12): the store's sections with their targets and aliases, and the shipped reference registry with each
/// fact's confidence and sources (the December 2026 corrections), read by every signed-in user; a year whose sections
/// have results but no targets is flagged there too.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RegistryPage(LiuyuServer server, Browser browser)
{
    [Fact]
    public async Task The_registry_lists_sections_with_targets_and_the_reference_facts_with_confidence_and_sources()
    {
        var client = await server.SignedIn("liangping");
        var d = await client.GetJson("/api/registry");

        var section = d.GetProperty("sections").EnumerateArray().First(s => s.GetProperty("kind").GetString() != "None");
        Assert.Equal([2023, 2024], section.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("year").GetInt32()));
        var pushun = d.GetProperty("referenceSections").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "普顺");
        Assert.Equal(("confirmed", "high"), (pushun.GetProperty("status").GetString(), pushun.GetProperty("confidence").GetString()));
        Assert.Equal(["S1", "S2"], pushun.GetProperty("sources").EnumerateArray().Select(x => x.GetString()!));
        Assert.Contains(d.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("name").GetString() == "大洪河" && c.GetProperty("membership").GetString() == "candidate");
        Assert.Equal(JsonValueKind.Array, d.GetProperty("warnings").ValueKind);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/registry")).StatusCode);
    }

    /// <summary>
    /// The scheme's count of sections per river and the registry's targets per section are each made in one pass (a scan
    /// per river or per section was quadratic at national scale): they still agree with the sections and the year's
    /// targets they count.
    /// </summary>
    [Fact]
    public async Task The_schemes_section_counts_and_the_registrys_targets_agree_with_the_sections_they_count()
    {
        var client = await server.SignedIn("finance");
        var scheme = await client.GetJson("/api/scheme");
        var registry = await client.GetJson("/api/registry");
        var sections = registry.GetProperty("sections").EnumerateArray().ToList();

        var perRiver = sections.CountBy(s => s.GetProperty("river").GetString()!).ToDictionary();
        var rivers = scheme.GetProperty("rivers").EnumerateArray().ToList();
        Assert.All(rivers, r => Assert.Equal(perRiver.GetValueOrDefault(r.GetProperty("id").GetString()!), r.GetProperty("sections").GetInt32()));
        Assert.Contains(rivers, r => r.GetProperty("sections").GetInt32() > 1);
        Assert.Equal(sections.Count, rivers.Sum(r => r.GetProperty("sections").GetInt32()));

        // Each section's targets: in year order, and for 2024 the class the year's target page gives it where that is entered.
        var targets = sections.ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("targets").EnumerateArray()
            .Select(t => (Year: t.GetProperty("year").GetInt32(), Class: t.GetProperty("class").GetString()!)).ToList());
        Assert.All(targets.Values, t => Assert.Equal(t.Select(x => x.Year).Order(), t.Select(x => x.Year)));
        var entered = (await client.GetJson("/api/registry/targets/2024")).GetProperty("sections").EnumerateArray()
            .Where(s => !s.GetProperty("draft").GetBoolean() && s.GetProperty("class").ValueKind == JsonValueKind.String).ToList();
        Assert.NotEmpty(entered);
        Assert.All(entered, s => Assert.Contains((2024, s.GetProperty("class").GetString()!), targets[s.GetProperty("id").GetString()!]));
        Assert.Contains(targets.Values, t => t.Count == 0);
    }

    [Fact]
    public async Task The_registry_page_shows_targets_per_year_and_the_corrections_in_Chinese()
    {
        var page = await browser.SignIn(server.BaseAddress, "ecology");
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text + " " + m.Location); };
        await page.ClickAsync("#nav a[data-page=registry]");
        await page.WaitForSelectorAsync("#rg-sections");

        Assert.Contains("2024：", await page.InnerTextAsync("#rg-sections"));
        var longxihe = await page.InnerTextAsync("#rg-rivers tr[data-river=longxihe]");
        Assert.Contains("已确认", longxihe);
        Assert.Contains("（高；S1、S2）", longxihe);
        Assert.Contains("大洪河", await page.InnerTextAsync("#rg-candidates"));
        Assert.Contains("（低；S3、S12）", await page.InnerTextAsync("#rg-candidates"));
        await Browser.Shot(page, "registry");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
