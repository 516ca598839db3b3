namespace Liuyu.Server.Tests;

/// <summary>
/// 年度考核目标 on the registry page (issue 12, item 5): the Ecology Bureau picks a year, sets a section's class and
/// saves; after a reload the class is the year's own (no longer a draft). The monitoring centre reads the same table
/// without a save button. A far year (2035) and the last section, so that the demo's targets stay as other tests read them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class YearTargetsInTheBrowser(LiuyuServer server, Browser browser)
{
    private static async Task ShowYear(Microsoft.Playwright.IPage page, int year)
    {
        await page.WaitForSelectorAsync("#rg-targets");
        await page.FillAsync("#rg-year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#rg-yt-form button[type=submit]");
        await page.WaitForSelectorAsync($"#rg-targets[data-year='{year}']");
    }

    [Fact]
    public async Task The_Ecology_Bureau_sets_a_target_on_the_page_and_it_is_there_after_reload()
    {
        var page = await browser.SignIn(server.BaseAddress, "ecology");
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text + " " + m.Location); };
        await page.ClickAsync("#nav a[data-page=registry]");
        await ShowYear(page, 2035);
        var row = page.Locator("#rg-targets tbody tr").Last;
        var section = await row.GetAttributeAsync("data-section");
        Assert.Equal("", await row.Locator("select").InputValueAsync());

        await row.Locator("select").SelectOptionAsync("II");
        await page.ClickAsync("#rg-yt-save");
        await page.WaitForSelectorAsync("#rg-yt-result.notice");
        Assert.Contains("已保存 2035 年考核目标：新增 1 项", await page.InnerTextAsync("#rg-yt-result"));

        await page.ReloadAsync();
        await ShowYear(page, 2035);
        var saved = page.Locator($"#rg-targets tr[data-section='{section}']");
        Assert.Equal("II", await saved.Locator("select").InputValueAsync());
        Assert.Contains("已录入", await saved.InnerTextAsync());
        // The next year starts from it, as a draft.
        await ShowYear(page, 2036);
        var draft = page.Locator($"#rg-targets tr[data-section='{section}']");
        Assert.Equal(("II", "draft"), (await draft.Locator("select").InputValueAsync(), await draft.GetAttributeAsync("class")));
        Assert.Contains("草稿：沿用 2035 年", await draft.InnerTextAsync());
        await Browser.Shot(page, "registry-targets");
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var monitoring = await browser.SignIn(server.BaseAddress, "monitoring");
        await monitoring.ClickAsync("#nav a[data-page=registry]");
        await ShowYear(monitoring, 2035);
        Assert.Equal(0, await monitoring.Locator("#rg-yt-save").CountAsync());
        Assert.True(await monitoring.Locator($"#rg-targets tr[data-section='{section}'] select").IsDisabledAsync());
    }
}
