namespace Liuyu.Server.Tests;

/// <summary>
/// The overview's map: Chongqing's districts from the bundled GeoJSON (served by the site itself, no CDN), coloured by the
/// year's net receipts, with every river's chain drawn through its districts; the river page's schematic chain puts each
/// section between its two parties, coloured by the month's class.
/// </summary>
[Collection(WorkingYearCollection.Name)]
public sealed class MapAndRiverChains(StoryServer server, Browser browser)
{
    [Fact]
    public async Task The_overview_maps_the_districts_by_net_receipts_with_the_rivers_on_them()
    {
        var page = await browser.SignIn(server.BaseAddress, "finance");
        await page.GotoAsync(server.BaseAddress + "#/overview?year=2023&month=12");
        await page.WaitForSelectorAsync("#district-map canvas");
        await page.WaitForFunctionAsync("() => echarts.getInstanceByDom(document.getElementById('district-map'))?.getOption()?.series?.length === 2");
        var mapped = await page.EvaluateAsync<string[]>("() => echarts.getInstanceByDom(document.getElementById('district-map')).getOption().series[0].data.filter(x => x.value != null).map(x => x.name)");
        // Current names: 梁平 and 武隆 became districts (区) in 2016; the map says so.
        Assert.Contains("梁平区", mapped);
        Assert.DoesNotContain("梁平县", mapped);
        Assert.True(await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.getElementById('district-map')).getOption().series[1].data.length") > 10);
        var geo = await (await server.SignedIn("auditor")).GetAsync("/lib/chongqing.json");
        Assert.True(geo.IsSuccessStatusCode);
        await Browser.Shot(page, "overview-map");
    }

    [Fact]
    public async Task The_river_page_draws_its_chain_with_the_sections_between_the_parties()
    {
        var page = await browser.SignIn(server.BaseAddress, "finance");
        await page.GotoAsync(server.BaseAddress + "#/river/longxihe?year=2024");
        await page.WaitForSelectorAsync("#rv-chain");
        var sections = (await (await server.SignedIn("auditor")).GetJson("/api/rivers/longxihe/2024")).GetProperty("sections").GetArrayLength();
        Assert.Equal(sections, await page.Locator("#rv-chain [data-chain-section]").CountAsync());
        Assert.Equal(sections, await page.Locator("#rv-chain [data-chain-section] .cls").CountAsync());
        Assert.Contains("2024-12", await page.InnerTextAsync("#page h2 >> nth=0"));
    }
}
