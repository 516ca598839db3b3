using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>
/// A scripted walk through every page each role can open, in Chinese, with the explanation dialog: no English sentence
/// (two English words in a row) and none of the English words the server stores (Posting, pending, anonymous, …) is on
/// the screen. Ids (DEMO-longxihe-1, R-COMP-2), units (km) and the language switch (English) are not sentences.
/// </summary>
[Collection(WorkingYearCollection.Name)]
public sealed partial class EveryPageSpeaksChinese(StoryServer server, Browser browser)
{
    [GeneratedRegex(@"\b[A-Za-z]{2,}[ ,:;]+[a-z]{2,}\b")]
    private static partial Regex EnglishWords();

    [GeneratedRegex(@"\b(Posting|Reversal|Pending|Approved|Rejected|National|Municipal|MonitoringCentre|FinanceBureau|EcologyBureau|anonymous|system|server|demo|dataset|expired|policy@\S+|cq2023(?!）))\b")]
    private static partial Regex StoredEnglish();

    [Theory]
    [InlineData("finance")]
    [InlineData("ecology")]
    [InlineData("monitoring")]
    [InlineData("auditor")]
    [InlineData("admin")]
    [InlineData("liangping")]
    public async Task Every_page_a_role_opens_is_in_Chinese(string user)
    {
        var page = await browser.SignIn(server.BaseAddress, user, user == LiuyuServer.AdminUser ? LiuyuServer.AdminPassword : LiuyuServer.DemoPassword);
        var routes = (await page.Locator("#nav a:not(.hidden)").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))")).ToList();
        routes.AddRange(["#/stations", "#/section/DEMO-longxihe-1", "#/settlement?year=2023", "#/settlement?year=2024", "#/river/longxihe?year=2023"]);
        var found = new List<string>();
        foreach (var route in routes)
        {
            await page.GotoAsync(server.BaseAddress + route);
            await page.WaitForSelectorAsync("#page h1");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            found.AddRange(English(await page.InnerTextAsync("#main")).Select(w => $"{route}: {w}"));
        }
        await page.GotoAsync(server.BaseAddress + "#/ledger?river=longxihe&from=2023-03&to=2023-03");
        await page.ClickAsync("#ledger-table tr.click >> nth=0");
        await page.WaitForSelectorAsync("#explanation");
        found.AddRange(English(await page.InnerTextAsync("#dialog-content")).Select(w => $"explanation: {w}"));
        Assert.True(found.Count == 0, "English on a Chinese page:\n" + string.Join("\n", found.Distinct().Take(30)));
    }

    private static IEnumerable<string> English(string text) =>
        EnglishWords().Matches(text).Select(m => m.Value).Concat(StoredEnglish().Matches(text).Select(m => m.Value));
}
