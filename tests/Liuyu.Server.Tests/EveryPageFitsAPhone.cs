using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>
/// At 390×844 (a phone) every page is usable without sideways scrolling: the page is never wider than the screen
/// (tables and charts scroll inside their own box), the navigation folds behind ☰ and unfolds, 退出 is on screen, and
/// no cell breaks one character per line.
/// </summary>
[Collection(WorkingYearCollection.Name)]
public sealed class EveryPageFitsAPhone(StoryServer server, Browser browser)
{
    public static TheoryData<string, string> Pages => new()
    {
        { "finance", "overview" }, { "finance", "river" }, { "finance", "section/DEMO-longxihe-1" }, { "finance", "ledger" },
        { "finance", "settlement?year=2023" }, { "finance", "settlement?year=2024" }, { "finance", "exemptions" }, { "finance", "agreements" },
        { "finance", "joint" }, { "finance", "import" }, { "finance", "audit" }, { "admin", "users" }, { "liangping", "settlement?year=2024" },
        { "liangping", "exemptions" }, { "liangping", "joint" }, { "auditor", "audit" }, { "monitoring", "import" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_has_no_sideways_scrolling_on_a_phone(string user, string route)
    {
        var page = await browser.SignIn(server.BaseAddress, user, Browser.PhoneWidth, Browser.PhoneHeight, user == LiuyuServer.AdminUser ? LiuyuServer.AdminPassword : LiuyuServer.DemoPassword);
        await page.GotoAsync(server.BaseAddress + "#/" + route);
        await page.WaitForSelectorAsync("#page h1");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Fits(page);
        Assert.True(await page.EvaluateAsync<bool>("() => { const r = document.getElementById('logout').getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth; }"),
            "退出 is off screen");
        // No cell one character wide: a cell's text is at most a few lines high (a row may be taller for its neighbour).
        var tallest = await page.EvaluateAsync<double>("() => Math.max(0, ...[...document.querySelectorAll('#page td, #page th')].filter(c => c.offsetParent && !c.querySelector('table, br, div')).map(c => { const r = document.createRange(); r.selectNodeContents(c); return r.getBoundingClientRect().height; }))");
        Assert.True(tallest < 64, $"a table cell is {tallest}px high: its text breaks one character per line");
        await Browser.Shot(page, $"phone-{user}-{route.Replace('/', '-').Replace('?', '-').Replace('=', '-')}");
    }

    [Fact]
    public async Task The_navigation_folds_behind_the_menu_and_the_explanation_fits()
    {
        var page = await browser.SignIn(server.BaseAddress, "finance", Browser.PhoneWidth, Browser.PhoneHeight);
        await page.WaitForSelectorAsync("#figures");
        Assert.False(await page.IsVisibleAsync("#nav a[data-page=ledger]"));
        await page.ClickAsync("#menu");
        await page.ClickAsync("#nav a[data-page=ledger]");
        await page.WaitForSelectorAsync("#ledger-table tr.click");
        Assert.False(await page.IsVisibleAsync("#nav a[data-page=ledger]"));
        await page.ClickAsync("#ledger-table tr.click >> nth=0");
        await page.WaitForSelectorAsync("#explanation");
        await Fits(page);
        var dialog = await page.EvaluateAsync<double>("() => document.querySelector('.dialog-body').getBoundingClientRect().right");
        Assert.True(dialog <= Browser.PhoneWidth);
        await Browser.Shot(page, "phone-explanation");

        var login = await browser.NewPage(Browser.PhoneWidth, Browser.PhoneHeight);
        await login.GotoAsync(server.BaseAddress.ToString());
        await login.WaitForSelectorAsync("#login:not(.hidden)");
        await Fits(login);
        Assert.False(await login.IsVisibleAsync("#menu"));
    }

    private static async Task Fits(IPage page)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => innerWidth"));
        Assert.True(scroll <= inner, $"the page is {scroll}px wide on a {inner}px screen");
    }
}
