using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>The workflow steps in the browser (issue 4): 拨付 on the settlement page, 驳回 and attachments on the exemptions page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkflowPages(LiuyuServer server, Browser browser)
{
    private Task<IPage> SignIn(string user, string password = LiuyuServer.DemoPassword) => browser.SignIn(server.BaseAddress, user, password);

    [Fact]
    public async Task The_finance_bureau_records_a_payment_and_the_settlement_page_shows_it()
    {
        var page = await SignIn("finance");
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2024");
        await page.WaitForSelectorAsync("#pay-form");
        var payer = await page.InputValueAsync("#pay-payer");
        var payee = await page.InputValueAsync("#pay-payee");
        // A refusal names its field in the page's language, then the server's detail.
        await page.FillAsync("#pay-amount", "12.345");
        await page.FillAsync("#pay-date", "2025-05-08");
        await page.ClickAsync("#pay-form button[type=submit]");
        await page.WaitForSelectorAsync("#error:not(.hidden)");
        Assert.StartsWith("未被接受 · 金额：", await page.InnerTextAsync("#error-text"));
        Assert.Equal(0, await page.Locator("#payments-made tr", new() { HasTextString = "2025-05-08" }).CountAsync());

        await page.FillAsync("#pay-amount", "4321.09");
        await page.ClickAsync("#pay-form button[type=submit]");
        var row = page.Locator("#payments-made tr", new() { HasTextString = "2025-05-08" });
        await row.WaitForAsync();
        Assert.Contains("4,321.09", await row.InnerTextAsync());
        await page.Locator("#payments").ScrollIntoViewIfNeededAsync();
        await Browser.Shot(page, "settlement-payment");

        // A district sees the payment too, but no form.
        var district = await SignIn(payer == "CITY" ? payee : payer);
        await district.GotoAsync(server.BaseAddress + "#/settlement?year=2024");
        await district.Locator("#payments-made tr", new() { HasTextString = "2025-05-08" }).WaitForAsync();
        Assert.Equal(0, await district.Locator("#pay-form").CountAsync());
    }

    [Fact]
    public async Task A_bureau_rejects_an_exemption_and_the_page_shows_the_reason_with_the_ledger_unchanged()
    {
        var (section, month, district) = await WorkflowEndpoints.PendingApplication(server, "突发山洪 flash flood");
        var api = await server.SignedIn("auditor");
        var before = (await api.GetJson($"/api/ledger?from={month}&to={month}")).GetProperty("lines").GetArrayLength();

        var page = await SignIn("finance");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync("当月无灾情记录");
        await page.GotoAsync(server.BaseAddress + "#/exemptions");
        await page.ClickAsync($"[data-reject='{section}|{month}']");
        var row = page.Locator($"tr[data-exemption='{section}|{month}']");
        await row.Locator("[data-rejection]").WaitForAsync();
        var text = await row.InnerTextAsync();
        Assert.Contains("已驳回", text);
        Assert.Contains("当月无灾情记录", text);
        Assert.Equal(0, await row.Locator("[data-approve], [data-reject]").CountAsync());
        await row.ScrollIntoViewIfNeededAsync();
        await Browser.Shot(page, "exemption-rejected");

        var owner = await SignIn(district);
        await owner.GotoAsync(server.BaseAddress + "#/exemptions");
        Assert.Contains("已驳回", await owner.Locator($"tr[data-exemption='{section}|{month}']").InnerTextAsync());
        Assert.Equal(before, (await api.GetJson($"/api/ledger?from={month}&to={month}")).GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task A_district_uploads_a_document_that_the_bureau_downloads()
    {
        // A 2024 month where a district pays and nobody has applied yet.
        var (section, month, payer) = await server.UnclaimedDistrictPayment();

        var district = await SignIn(payer);
        await district.GotoAsync(server.BaseAddress + "#/exemptions");
        await district.WaitForSelectorAsync("#em-form");
        await district.SelectOptionAsync("#em-section", section);
        await district.FillAsync("#em-month", month);
        await district.FillAsync("#em-reason", "特大暴雨 torrential rain");
        await district.SetInputFilesAsync("#em-file", new FilePayload { Name = "灾情报告.pdf", MimeType = "application/pdf", Buffer = WorkflowEndpoints.Pdf });
        await district.ClickAsync("#em-form button[type=submit]");
        var link = $"tr[data-exemption='{section}|{month}'] a[download]";
        await district.WaitForSelectorAsync(link);
        Assert.Equal("灾情报告.pdf", await district.InnerTextAsync(link));
        await district.Locator(link).ScrollIntoViewIfNeededAsync();
        await Browser.Shot(district, "exemption-attachment");

        var bureau = await SignIn("ecology");
        await bureau.GotoAsync(server.BaseAddress + "#/exemptions");
        await bureau.WaitForSelectorAsync(link);
        var download = await bureau.RunAndWaitForDownloadAsync(() => bureau.ClickAsync(link));
        Assert.Equal("灾情报告.pdf", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"download-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(saved);
        Assert.Equal(WorkflowEndpoints.Pdf, await File.ReadAllBytesAsync(saved));
    }

    [Fact]
    public async Task A_refused_document_says_that_the_application_itself_is_submitted()
    {
        var api = await server.SignedIn("auditor");
        var taken = (await api.GetJson("/api/exemptions")).EnumerateArray().Select(e => (e.GetProperty("section").GetString(), e.GetProperty("month").GetString())).ToHashSet();
        var month = Enumerable.Range(1, 12).Select(m => $"2023-{m:D2}").First(m => !taken.Contains(("DEMO-longxihe-2", m)));

        var district = await SignIn("dianjiang");
        await district.GotoAsync(server.BaseAddress + "#/exemptions");
        await district.WaitForSelectorAsync("#em-form");
        await district.SelectOptionAsync("#em-section", "DEMO-longxihe-2");
        await district.FillAsync("#em-month", month);
        await district.FillAsync("#em-reason", "山洪");
        await district.SetInputFilesAsync("#em-file", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "plain text"u8.ToArray() });
        await district.ClickAsync("#em-form button[type=submit]");
        await district.WaitForSelectorAsync("#error:not(.hidden)");
        var error = await district.InnerTextAsync("#error-text");
        Assert.Contains("申请已提交", error);
        Assert.Contains("notes.txt", error);
        await district.WaitForSelectorAsync($"tr[data-exemption='DEMO-longxihe-2|{month}'] [data-attach]", new() { State = WaitForSelectorState.Attached });
    }

    [Fact]
    public async Task The_ecology_bureau_records_a_joint_activity_and_a_section_without_samples_says_so()
    {
        var page = await SignIn("ecology");
        await page.GotoAsync(server.BaseAddress + "#/joint?river=longxihe");
        await page.WaitForSelectorAsync("#jg-form");
        await page.SelectOptionAsync("#jg-form-kind", "JointEmergencyResponse");
        await page.FillAsync("#jg-form-date", "2025-07-15");
        await page.FillAsync("#jg-form-description", "突发水污染联合应急演练");
        await page.Locator("#jg-form-parties input").First.CheckAsync();
        await page.ClickAsync("#jg-form button[type=submit]");
        await page.Locator("#activities tr", new() { HasTextString = "突发水污染联合应急演练" }).WaitForAsync();
        await Browser.Shot(page, "joint-recorded");

        await page.GotoAsync(server.BaseAddress + "#/section/DEMO-longxihe-1");
        await page.WaitForSelectorAsync("#section-samples");
        Assert.Contains("无监测样品", await page.InnerTextAsync("#section-samples"));

        // With samples: the table of monthly values and classes, and the chart against the target class limit.
        var csv = Path.Combine(Path.GetTempPath(), $"samples-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "section,sampled_at,indicator,value,unit,flag,detection_limit,saturation,measured_by,source\n" + string.Join("\n",
            Enumerable.Range(1, 6).SelectMany(m => new[] { $"DEMO-longxihe-2,2023-0{m}-10 08:00,COD,{14 + 3 * m},,,,,市监测中心,monitoring_centre",
                $"DEMO-longxihe-2,2023-0{m}-10 08:00,NH3N,{0.3m + 0.1m * m},,,,,市监测中心,monitoring_centre", $"DEMO-longxihe-2,2023-0{m}-10 08:00,DO,7.2,,,,,市监测中心,monitoring_centre" })) + "\n");
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Infrastructure.StoreAccess>(server.Services)
            .Write(s => s.ImportSamples(new FileInfo(csv), "test"));
        await page.GotoAsync(server.BaseAddress + "#/section/DEMO-longxihe-2");
        await page.WaitForSelectorAsync("#sample-table tbody tr");
        Assert.Equal(6, await page.Locator("#sample-table tbody tr").CountAsync());
        // Issue 14: each month says where its class came from; these are the lab's samples, without a station's completeness.
        Assert.Equal(6, await page.Locator("#sample-table td.sm-source[data-source=samples]").CountAsync());
        Assert.Equal("手工监测", (await page.Locator("#sample-table td.sm-source").First.InnerTextAsync()).Trim());
        await page.WaitForSelectorAsync("#sample-chart canvas");
        await page.Locator("#sample-chart").ScrollIntoViewIfNeededAsync();
        await Browser.Shot(page, "section-samples");
    }
}
