using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

[CollectionDefinition(Name)]
public sealed class YearEndCollection : ICollectionFixture<LiuyuServer>, ICollectionFixture<Browser>
{
    // A server of its own: closing a year would change what the other collections expect of 2023.
    public const string Name = "year-end";
}

/// <summary>
/// R-SET-1 to the end: every party confirms 2023 (districts for themselves, the Finance Bureau for the treasury), the
/// Finance Bureau clears and closes it in the settlement page; a closed year accepts no confirmation.
/// </summary>
[Collection(YearEndCollection.Name)]
public sealed class YearEndSettlement(LiuyuServer server, Browser browser)
{
    [Fact]
    public async Task Every_party_confirms_then_the_finance_bureau_clears_and_closes_the_year()
    {
        var finance = await server.SignedIn("finance");
        var progress = (await finance.GetJson("/api/settlement/2023")).GetProperty("progress");
        var parties = progress.GetProperty("pending").EnumerateArray().Select(c => c.GetProperty("party").GetString()!).Distinct().ToList();
        Assert.Contains("CITY", parties);

        var district = await server.SignedIn(parties.First(p => p != "CITY"));
        Assert.Equal(HttpStatusCode.Forbidden, (await district.PostAsync("/api/settlement/2023/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await finance.PostAsync("/api/settlement/2023/close", null)).StatusCode);

        foreach (var party in parties)
        {
            var client = party == "CITY" ? finance : await server.SignedIn(party);
            var r = await client.PostAsJsonAsync("/api/settlement/2023/confirm", new { party });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        Assert.True((await finance.GetJson("/api/settlement/2023")).GetProperty("progress").GetProperty("allConfirmed").GetBoolean());

        var page = await browser.NewPage();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.FillAsync("#login-user", "finance");
        await page.FillAsync("#login-password", LiuyuServer.DemoPassword);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#nav:not(.hidden)");
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2023");
        await page.WaitForSelectorAsync("#st-clear:enabled");
        await page.ClickAsync("#st-clear");
        await page.WaitForSelectorAsync("#st-close:enabled");
        Assert.Equal("已清算", await page.InnerTextAsync("#st-cleared"));
        await page.ClickAsync("#st-close");
        await page.WaitForSelectorAsync("#st-closed");
        await Browser.Shot(page, "settlement-closed");

        var after = await finance.GetJson("/api/settlement/2023");
        Assert.True(after.GetProperty("closed").GetBoolean());
        Assert.True(after.GetProperty("progress").GetProperty("cleared").GetBoolean());
        var late = await finance.PostAsJsonAsync("/api/settlement/2023/confirm", new { party = "CITY" });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("closed", (await late.Body()).GetProperty("detail").GetString());
    }
}
