using Liuyu.Server.Infrastructure;
using Liuyu.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>What a new user does in the browser: sign in, read the overview's charts, confirm a district's settlement.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserFlows(LiuyuServer server, Browser browser)
{
    private Task<IPage> SignIn(string user, string password = LiuyuServer.DemoPassword) => browser.SignIn(server.BaseAddress, user, password);

    [Fact]
    public async Task Signing_in_shows_the_Chinese_overview()
    {
        var page = await browser.NewPage();
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.WaitForSelectorAsync("#login:not(.hidden)");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await page.FillAsync("#login-user", "finance");
        await page.FillAsync("#login-password", "wrong-password");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#error:not(.hidden)");
        Assert.Equal("用户名或密码错误。", await page.InnerTextAsync("#error-text"));
        await Browser.Shot(page, "login-error");

        await page.FillAsync("#login-password", LiuyuServer.DemoPassword);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#figures");
        Assert.Contains("总览", await page.InnerTextAsync("nav"));

        // A page that cannot be shown leaves its error alone, not the overview under it as if it were the section.
        await page.GotoAsync(server.BaseAddress + "#/section/NO-SUCH-SECTION");
        await page.WaitForSelectorAsync("#error:not(.hidden)");
        var notFound = await page.InnerTextAsync("#error-text");
        Assert.StartsWith("未找到 · ", notFound);
        Assert.Contains("NO-SUCH-SECTION", notFound);
        Assert.Equal(0, await page.Locator("#page h1, #figures").CountAsync());
    }

    [Fact]
    public async Task The_overview_renders_its_charts()
    {
        var page = await SignIn("auditor");
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync(server.BaseAddress + "#/overview?year=2024&month=6");
        await page.WaitForSelectorAsync("#page h1:has-text('2024-06')");
        await page.WaitForSelectorAsync("#network canvas");
        await page.WaitForSelectorAsync("#flows canvas");
        await page.WaitForTimeoutAsync(1500); // the force layout settles
        Assert.Contains("2024-06", await page.InnerTextAsync("#page h1"));
        Assert.Equal(5, await page.Locator(".figure").CountAsync());
        // The canvas is drawn, not blank: ECharts has series data for both charts.
        var series = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('#network, #flows')].map(e => echarts.getInstanceByDom(e).getOption().series.length).reduce((a, b) => a + b, 0)");
        Assert.Equal(2, series);
        await Browser.Shot(page, "overview");

        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("text=Sections accounted");
        await page.WaitForSelectorAsync("#network canvas");
        await page.WaitForTimeoutAsync(1000);
        await Browser.Shot(page, "overview-en");
        Assert.Empty(errors); // nothing refused by the content security policy, no script error
    }

    [Fact]
    public async Task The_river_heatmap_and_the_ledger_drill_down_to_the_explanation()
    {
        var page = await SignIn("auditor");
        await page.GotoAsync(server.BaseAddress + "#/river/longxihe?year=2023");
        await page.WaitForSelectorAsync("#heatmap canvas");
        await page.WaitForTimeoutAsync(500);
        await Browser.Shot(page, "river");

        await page.ClickAsync("a[href='#/section/DEMO-longxihe-1']");
        await page.WaitForSelectorAsync("#section-chart canvas");
        await page.WaitForSelectorAsync("#section-months tr.click");
        await Browser.Shot(page, "section");

        await page.GotoAsync(server.BaseAddress + "#/ledger?river=longxihe&from=2023-03&to=2023-03");
        await page.WaitForSelectorAsync("#ledger-table tr.click");
        await page.ClickAsync("#ledger-table tr.click");
        await page.WaitForSelectorAsync("#explanation");
        Assert.Contains("R-", await page.InnerTextAsync("#explanation"));
        await Browser.Shot(page, "explanation");
    }

    [Fact]
    public async Task A_district_confirms_its_settlement()
    {
        var page = await SignIn("liangping");
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2023");
        await page.WaitForSelectorAsync("#st-confirm");
        Assert.True(await page.IsEnabledAsync("#st-confirm"));
        await page.ClickAsync("#st-confirm");
        await page.WaitForSelectorAsync("#st-confirm:disabled");
        Assert.Contains("已认定", await page.InnerTextAsync("#progress"));
        Assert.DoesNotContain("待认定", await page.InnerTextAsync("#progress"));
        await Browser.Shot(page, "settlement-confirmed");
    }

    [Fact]
    public async Task An_exemption_approved_by_both_bureaus_changes_the_ledger()
    {
        // A 2024 month where a district pays its downstream neighbour (R-COMP-2).
        var api = await server.SignedIn("auditor");
        var districts = (await api.GetJson("/api/scheme")).GetProperty("parties").EnumerateArray()
            .Where(p => p.GetProperty("kind").GetString() == "District").Select(p => p.GetProperty("id").GetString()).ToHashSet();
        var line = (await api.GetJson("/api/ledger?rule=R-COMP-2&from=2024-01&to=2024-12")).GetProperty("lines").EnumerateArray()
            .Last(l => districts.Contains(l.GetProperty("payer").GetString()) && l.GetProperty("payer").GetString() != "liangping");
        var (section, month, payer, river) = (line.GetProperty("section").GetString()!, line.GetProperty("month").GetString()!,
            line.GetProperty("payer").GetString()!, line.GetProperty("river").GetString()!);

        var district = await SignIn(payer);
        await district.GotoAsync(server.BaseAddress + "#/exemptions");
        await district.WaitForSelectorAsync("#em-form");
        await district.SelectOptionAsync("#em-section", section);
        await district.FillAsync("#em-month", month);
        await district.FillAsync("#em-reason", "突发山洪 sudden flash flood");
        await district.ClickAsync("#em-form button[type=submit]");
        await district.WaitForSelectorAsync($"#exemptions td:has-text('{month}')");

        foreach (var bureau in new[] { "finance", "ecology" })
        {
            var page = await SignIn(bureau);
            await page.GotoAsync(server.BaseAddress + "#/exemptions");
            var approve = $"[data-approve='{section}|{month}']";
            await page.WaitForSelectorAsync(approve);
            await page.ClickAsync(approve);
            await page.WaitForSelectorAsync(approve, new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
            if (bureau == "ecology") await Browser.Shot(page, "exemption-approved");
        }

        var ledger = await SignIn("auditor");
        await ledger.GotoAsync(server.BaseAddress + $"#/ledger?river={river}&from={month}&to={month}");
        var rows = ledger.Locator($"#ledger-table tr[data-section='{section}']");
        await rows.Last.WaitForAsync();
        var texts = await rows.AllInnerTextsAsync();
        Assert.Contains(texts, t => t.Contains("冲销"));
        Assert.Contains("R-EXEMPT-1", texts[^1]);
        await Browser.Shot(ledger, "ledger-after-exemption");
    }

    [Fact]
    public async Task The_administrator_creates_a_district_user_who_then_signs_in()
    {
        var admin = await SignIn(LiuyuServer.AdminUser, LiuyuServer.AdminPassword);
        await admin.ClickAsync("#nav a[data-page=users]");
        await admin.WaitForSelectorAsync("#us-form");
        await admin.FillAsync("#us-name", "fuling-clerk");
        await admin.FillAsync("#us-password", "short");
        await admin.SelectOptionAsync("#us-party", "fuling");
        await admin.ClickAsync("#us-form button[type=submit]");
        await admin.WaitForSelectorAsync("#error:not(.hidden)");
        Assert.Contains("密码不符合要求：长度不足", await admin.InnerTextAsync("#error-text")); // Identity's rules worded from their codes

        await admin.FillAsync("#us-password", "Wujiang-Tide-2024"); // the password policy refuses one containing the user name
        await admin.ClickAsync("#us-form button[type=submit]");
        await admin.WaitForSelectorAsync("#users td:has-text('fuling-clerk')");

        var clerk = await SignIn("fuling-clerk", "Wujiang-Tide-2024");
        Assert.Contains("fuling-clerk", await clerk.InnerTextAsync("#who"));
        Assert.True(await clerk.Locator("#nav a[data-page=users]").IsHiddenAsync());
    }

    [Fact]
    public async Task The_administrator_changes_a_users_role_on_the_users_page_and_the_audit_log_records_it()
    {
        var admin = await SignIn(LiuyuServer.AdminUser, LiuyuServer.AdminPassword);
        await admin.ClickAsync("#nav a[data-page=users]");
        await admin.FillAsync("#us-name", "wanzhou-clerk");
        await admin.FillAsync("#us-password", "Yangtze-Ferry-2024"); // the password policy refuses one containing the user name
        await admin.SelectOptionAsync("#us-party", "wanzhou");
        await admin.ClickAsync("#us-form button[type=submit]");
        await admin.WaitForSelectorAsync("#users tr[data-user=wanzhou-clerk]");
        // The administrator does not change their own role (the server refuses it too).
        Assert.Equal(0, await admin.Locator($"#users [data-role-of={LiuyuServer.AdminUser}]").CountAsync());

        // A district user moved to another district, then made an auditor: the district choice follows the role.
        await admin.ClickAsync("#users [data-role-of=wanzhou-clerk]");
        await admin.SelectOptionAsync("#us-edit-party", "fuling");
        await Browser.Shot(admin, "users-role");
        await admin.ClickAsync("#us-edit-save");
        // The page is drawn again from the server's list once the change is saved (the choices then leave the row).
        await admin.WaitForSelectorAsync("#us-edit-save", new() { State = WaitForSelectorState.Detached });
        Assert.Contains("涪陵", await admin.InnerTextAsync("#users tr[data-user=wanzhou-clerk]"));
        await admin.ClickAsync("#users [data-role-of=wanzhou-clerk]");
        await admin.SelectOptionAsync("#us-edit-role", "Auditor");
        Assert.True(await admin.IsDisabledAsync("#us-edit-party"));
        await admin.ClickAsync("#us-edit-save");
        await admin.WaitForSelectorAsync("#us-edit-save", new() { State = WaitForSelectorState.Detached });
        var row = await admin.InnerTextAsync("#users tr[data-user=wanzhou-clerk]");
        Assert.Contains("审计", row);
        Assert.DoesNotContain("涪陵", row);
        Assert.Contains("审计", await admin.InnerTextAsync("#notice"));

        var audit = server.Services.GetRequiredService<StoreAccess>().Read(s => s.AuditLog(new AuditQuery(Action: "user.role", Subject: "wanzhou-clerk")));
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Equal(LiuyuServer.AdminUser, e.Actor));
        Assert.Contains("\"fuling\"", audit[0].Before);
        Assert.Contains("Auditor", audit[0].After);

        var clerk = await SignIn("wanzhou-clerk", "Yangtze-Ferry-2024");
        Assert.True(await clerk.IsVisibleAsync("#nav a[data-page=audit]"));
    }

    private static async Task<string> SettlementLinks(Microsoft.Playwright.IPage page)
    {
        await page.WaitForSelectorAsync("#st-downloads a");
        return string.Join(" ", await page.Locator("#st-downloads a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"));
    }

    [Fact]
    public async Task In_english_at_1366_pixels_no_navigation_label_breaks_over_two_lines()
    {
        // The Finance Bureau has the most links; in English they once broke inside (中 over 文, Joint over governance).
        var page = await SignIn("finance");
        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("#nav a[data-page=joint]:has-text('Joint governance')");
        var broken = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('#nav a, .top .tools > *')].filter(a => a.offsetParent && a.getClientRects().length === 1 && a.offsetHeight > 34).map(a => a.textContent)");
        Assert.Empty(broken);
        Assert.True(await page.EvaluateAsync<int>("() => document.querySelector('header').offsetHeight") < 60);
        await page.ClickAsync("#lang");
    }

    [Fact]
    public async Task The_settlement_prints_without_navigation_and_the_joint_governance_page_renders()
    {
        var page = await SignIn("auditor");
        await page.GotoAsync(server.BaseAddress + "#/joint");
        await page.WaitForSelectorAsync("#meeting-systems tbody tr");
        await page.GotoAsync(server.BaseAddress + "#/agreements?date=2025-08-01");
        await page.WaitForSelectorAsync("#agreements tbody tr");
        // The warnings in Chinese from their figures, not the domain's English sentences.
        var agreements = await page.InnerTextAsync("#agreements");
        Assert.Contains("到期，应续签（R-AGR-2）", agreements);
        Assert.Contains("缴纳流域补偿基金", agreements);
        Assert.DoesNotContain("renewal due", agreements);
        Assert.DoesNotContain("basin fund", agreements);
        Assert.Contains("未签署", agreements);
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2024");
        Assert.Contains("/api/files/2024/settlement.pdf", await SettlementLinks(page));
        // Cross-province statements (R-EXT-2) are reached from the settlement page; the nav keeps the link for the
        // other province's finance department and the districts, so the Finance Bureau's English header stays one line.
        Assert.True(await page.IsVisibleAsync("#st-cross-province"));
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2024");
        await page.WaitForSelectorAsync("#party-totals tbody tr");
        await page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Print });
        Assert.True(await page.Locator("#nav").IsHiddenAsync());
        Assert.True(await page.Locator(".filters").First.IsHiddenAsync());
        var pdf = Path.Combine(Browser.Screenshots, "settlement-2024.pdf");
        await page.PdfAsync(new() { Path = pdf, Format = "A4", PrintBackground = true });
        Assert.True(new FileInfo(pdf).Length > 10_000);
    }
}
