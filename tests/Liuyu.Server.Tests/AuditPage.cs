using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>审计 in the browser: the Finance Bureau approves an exemption, the auditor finds the entry with its before and after.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditPage(LiuyuServer server, Browser browser)
{
    private Task<IPage> SignIn(string user, string password = LiuyuServer.DemoPassword) => browser.SignIn(server.BaseAddress, user, password);

    [Fact]
    public async Task The_auditor_sees_the_finance_bureaus_approval_with_the_changed_field_highlighted()
    {
        // A district applies (through the API) for a 2024 month it pays for; the Finance Bureau approves in the page.
        var (section, month, payer) = await server.UnclaimedDistrictPayment();
        var district = await server.SignedIn(payer);
        Assert.Equal(HttpStatusCode.Created, (await district.PostAsJsonAsync("/api/exemptions", new { section, month, reason = "突发山洪 sudden flash flood" })).StatusCode);

        var finance = await SignIn("finance");
        Assert.True(await finance.Locator("#nav a[data-page=audit]").IsVisibleAsync());
        await finance.GotoAsync(server.BaseAddress + "#/exemptions");
        var approve = $"[data-approve='{section}|{month}']";
        await finance.ClickAsync(approve);
        await finance.WaitForSelectorAsync(approve, new() { State = WaitForSelectorState.Detached });

        var auditor = await SignIn("auditor");
        await auditor.ClickAsync("#nav a[data-page=audit]");
        await auditor.WaitForSelectorAsync("#audit tbody tr[data-id]");
        await auditor.FillAsync("#au-subject", $"{section} {month}");
        await auditor.SelectOptionAsync("#au-action", "exemption");
        await auditor.ClickAsync("#au-form button[type=submit]");
        var rows = auditor.Locator("#audit > tbody > tr[data-id]");
        await auditor.WaitForFunctionAsync("() => document.querySelectorAll('#audit > tbody > tr[data-id]').length === 2");
        var newest = await rows.First.InnerTextAsync();
        Assert.Contains("finance", newest);
        Assert.Contains("市财政局", newest);
        Assert.Contains("审批免责", newest);
        var changed = await rows.First.Locator("tr.changed").AllInnerTextsAsync();
        Assert.Equal("市财政局同意\t否\t→\t是", Assert.Single(changed));
        Assert.Contains("市生态环境局同意", await rows.First.Locator("tr.same").InnerTextAsync());
        var applied = await rows.Last.InnerTextAsync();
        Assert.Contains(payer, applied);
        Assert.Contains("申请免责", applied);
        Assert.Contains("突发山洪", applied);
        await Browser.Shot(auditor, "audit-exemption");

        await auditor.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.True(await auditor.Locator("#nav").IsHiddenAsync());
        Assert.True(await auditor.Locator(".au-filters-card").IsHiddenAsync());
        Assert.True(await auditor.Locator("#au-summary, .au-summary").IsVisibleAsync());
        await auditor.EmulateMediaAsync(new() { Media = Media.Screen });

        // The whole log a page at a time: "more" appends the older entries.
        await auditor.GotoAsync(server.BaseAddress + "#/audit?limit=2");
        await auditor.WaitForSelectorAsync("#audit tbody tr[data-id]");
        Assert.Equal(2, await rows.CountAsync());
        var ids = await rows.EvaluateAllAsync<long[]>("rs => rs.map(r => Number(r.dataset.id))");
        await auditor.ClickAsync("#au-more");
        await auditor.WaitForFunctionAsync("() => document.querySelectorAll('#audit > tbody > tr[data-id]').length === 4");
        var more = await rows.EvaluateAllAsync<long[]>("rs => rs.map(r => Number(r.dataset.id))");
        Assert.Equal(ids, more[..2]);
        Assert.True(more[2] < ids[1]);
        await Browser.Shot(auditor, "audit-log");
    }

    [Fact]
    public async Task A_payment_is_found_under_its_area_in_words_with_the_amount_in_yuan_and_the_parties_by_name()
    {
        // R-PEN-1 payments are audited as settlement.payment: the 资金拨付 area must find them (it once filtered on a
        // "payment" prefix no action has), and the entry must read as words, not field names and fen.
        var finance = await server.SignedIn("finance");
        var due = (await finance.GetJson("/api/settlement/2024/payments")).GetProperty("dues").EnumerateArray().First();
        var (payer, payee) = (due.GetProperty("payer").GetString()!, due.GetProperty("payee").GetString()!);
        Assert.Equal(HttpStatusCode.Created, (await finance.PostAsJsonAsync("/api/settlement/2024/payments", new { payer, payee, amount = "3,141.59", paidOn = "2025-07-01" })).StatusCode);
        var names = (await finance.GetJson("/api/scheme")).GetProperty("parties").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("name").GetString()!);

        var auditor = await SignIn("auditor");
        await auditor.GotoAsync(server.BaseAddress + "#/audit");
        await auditor.WaitForSelectorAsync("#audit tbody tr[data-id]");
        await auditor.SelectOptionAsync("#au-action", new SelectOptionValue { Label = "资金拨付" });
        await auditor.ClickAsync("#au-form button[type=submit]");
        await auditor.WaitForSelectorAsync(".au-summary");
        var rows = auditor.Locator("#audit > tbody > tr[data-id]");
        Assert.True(await rows.CountAsync() >= 1);
        var all = await rows.AllInnerTextsAsync();
        Assert.All(all, r => Assert.Contains("登记拨付", r));
        var ours = Assert.Single(all, r => r.Contains("3,141.59"));
        Assert.Contains(names[payer], ours);
        Assert.Contains(names[payee], ours);
        Assert.Contains("付款日期", ours);
        Assert.DoesNotContain("amountFen", ours);
        Assert.DoesNotContain("314159", ours);
    }

    [Fact]
    public async Task A_district_has_no_audit_page_in_its_navigation()
    {
        var page = await SignIn("liangping");
        Assert.True(await page.Locator("#nav a[data-page=audit]").IsHiddenAsync());
        Assert.True(await page.Locator("#nav a[data-page=exemptions]").IsVisibleAsync());
    }
}
