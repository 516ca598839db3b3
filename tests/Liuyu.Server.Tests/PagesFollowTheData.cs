using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>
/// Long work shows progress and pages follow the data: an upload shows its bytes and the server's work, a new result
/// clears the previous one (a refusal does not stay under the next file's outcome), and after importing a new year
/// the year selectors of the overview and the river page move to it without signing in again. The payment form starts
/// on an amount still owed, never a party paying itself.
/// </summary>
[Collection(WorkingYearCollection.Name)]
public sealed class PagesFollowTheData(StoryServer server, Browser browser)
{
    [Fact]
    public async Task After_importing_a_new_year_the_selectors_move_to_it_and_a_refusal_does_not_linger()
    {
        var page = await browser.SignIn(server.BaseAddress, "monitoring");
        await page.GotoAsync(server.BaseAddress + "#/overview");
        await page.WaitForSelectorAsync("#ov-year");
        Assert.Equal("2024", await page.InputValueAsync("#ov-year"));

        await page.GotoAsync(server.BaseAddress + "#/import");
        await page.WaitForSelectorAsync("#im-form");
        await page.SetInputFilesAsync("#im-file", new FilePayload { Name = "results.csv", MimeType = "text/csv", Buffer = "section,month,class,source\nDEMO-longxihe-1,2025-13,3,municipal\n"u8.ToArray() });
        await page.ClickAsync("#im-import");
        await page.WaitForSelectorAsync("#im-errors");

        await page.SetInputFilesAsync("#im-file", new FilePayload { Name = "results.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("section,month,class,source\n" + string.Concat(Enumerable.Range(1, 3).Select(m => $"DEMO-longxihe-1,2025-0{m},3,municipal\n"))) });
        await page.ClickAsync("#im-import");
        await page.WaitForSelectorAsync("#im-outcome");
        Assert.Equal(0, await page.Locator("#im-errors, #im-progress-card").CountAsync());
        Assert.True(await page.IsEnabledAsync("#im-import"));

        await page.GotoAsync(server.BaseAddress + "#/river/longxihe");
        await page.WaitForSelectorAsync("#rv-year");
        Assert.Equal("2025", await page.InputValueAsync("#rv-year"));
        await page.GotoAsync(server.BaseAddress + "#/overview");
        await page.WaitForSelectorAsync("#ov-year");
        Assert.Equal("2025", await page.InputValueAsync("#ov-year"));
    }

    [Fact]
    public async Task An_upload_shows_its_progress_while_it_goes()
    {
        var page = await browser.SignIn(server.BaseAddress, "monitoring");
        await page.GotoAsync(server.BaseAddress + "#/import");
        await page.WaitForSelectorAsync("#im-form");
        // Hold the answer back so that the page is seen at work.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/imports", async route => { if (route.Request.Method == "POST") await release.Task; await route.ContinueAsync(); });
        await page.SetInputFilesAsync("#im-file", new FilePayload { Name = "results.csv", MimeType = "text/csv", Buffer = "section,month,class,source\nDEMO-longxihe-1,2024-01,3,municipal\n"u8.ToArray() });
        await page.ClickAsync("#im-check");
        await page.WaitForSelectorAsync("#im-progress-card");
        Assert.False(await page.IsEnabledAsync("#im-check"));
        release.SetResult();
        await page.WaitForSelectorAsync("#im-outcome");
        Assert.Equal(0, await page.Locator("#im-progress-card").CountAsync());
    }

    [Fact]
    public async Task The_payment_form_starts_on_an_amount_still_owed()
    {
        var page = await browser.SignIn(server.BaseAddress, "finance");
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2024");
        await page.WaitForSelectorAsync("#pay-form");
        var (payer, payee) = (await page.InputValueAsync("#pay-payer"), await page.InputValueAsync("#pay-payee"));
        Assert.NotEqual(payer, payee);
        var due = (await (await server.SignedIn("finance")).GetJson("/api/settlement/2024/payments")).GetProperty("dues").EnumerateArray()
            .First(d => d.GetProperty("outstandingFen").GetInt64() > 0);
        Assert.Equal((due.GetProperty("payer").GetString(), due.GetProperty("payee").GetString()), (payer, payee));
        Assert.Equal((due.GetProperty("outstandingFen").GetInt64() / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), await page.InputValueAsync("#pay-amount"));
        Assert.NotEqual("", await page.InputValueAsync("#pay-date"));
    }
}
