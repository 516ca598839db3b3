using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>
/// R-EXT-1 and R-EXT-2 as a new user tries them in the browser, on a store holding shared example 4: the section page's
/// flow chart and quantity lines with their explanation; the other province's finance department, which lands on its
/// cross-province statement, sees nothing else, and confirms it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class QuantityAndCrossProvinceInTheBrowser(Browser browser, CrossProvinceAndQuantityThroughTheServer.Example4Server fixture)
    : IClassFixture<CrossProvinceAndQuantityThroughTheServer.Example4Server>
{
    [Fact]
    public async Task The_section_page_draws_flow_against_the_base_flow_and_explains_a_quantity_line()
    {
        var server = fixture.Server;
        var page = await browser.SignIn(server.BaseAddress, "finance");
        var errors = new List<string>();
        // The section page's own requests all succeed (the overview it was signed in on may still be loading its own).
        page.Response += (_, r) => { if (r.Status >= 400 && r.Url.Contains("/api/sections/", StringComparison.Ordinal)) errors.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync(server.BaseAddress + "#/section/S5");
        await page.WaitForSelectorAsync("#section-flow-chart canvas");
        var series = await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.getElementById('section-flow-chart')).getOption().series.length");
        Assert.Equal(2, series);
        Assert.Equal(12, await page.Locator("#section-flow-months tbody tr").CountAsync());
        // The class chart and table read the water-quality lines only.
        Assert.Equal(12, await page.Locator("#section-months tbody tr").CountAsync());
        await Browser.Shot(page, "section-flow");

        await page.ClickAsync("#section-flow-months tbody tr[data-month='2024-01']");
        await page.WaitForSelectorAsync("#explanation-quantity");
        var text = await page.InnerTextAsync("#explanation-quantity");
        Assert.Contains("R-EXT-1a", text);
        Assert.Contains("34.05", text);
        await Browser.Shot(page, "explanation-quantity");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_other_provinces_finance_department_sees_and_confirms_its_statement_only()
    {
        var server = fixture.Server;
        var admin = await server.SignedIn(LiuyuServer.AdminUser, LiuyuServer.AdminPassword);
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "sichuan-browser", password = "Shu-Browser-7788!", role = "ProvinceFinance", party = "D04" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await browser.SignIn(server.BaseAddress, "sichuan-browser", "Shu-Browser-7788!");
        await page.WaitForSelectorAsync("#cp-parties");
        Assert.Equal(["跨省清算"], (await page.Locator("#nav a:not(.hidden)").AllInnerTextsAsync()).Select(s => s.Trim()));
        var d04 = page.Locator("#cp-parties tr[data-party='D04']");
        Assert.Contains("四川", await d04.InnerTextAsync());
        Assert.Contains("待确认", await d04.InnerTextAsync());
        await Browser.Shot(page, "cross-province");

        await page.ClickAsync("#cp-confirm");
        await page.WaitForSelectorAsync("#cp-parties tr[data-party='D04']:has-text('已确认')");
        Assert.True(await page.Locator("#cp-confirm").IsDisabledAsync());
    }
}
