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
