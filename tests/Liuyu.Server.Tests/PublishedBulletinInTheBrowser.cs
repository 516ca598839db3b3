namespace Liuyu.Server.Tests;

/// <summary>
/// In the browser (issue 12): a bulletin as published is checked on the import page, which shows how each spelling was read,
/// the rows skipped and, in Chinese, that its year has no targets; once imported, the overview and the settlement page of
/// that year say so too, instead of silent ¥0 lines.
/// </summary>
[Collection(ImportCollection.Name)]
public sealed class PublishedBulletinInTheBrowser(LiuyuServer server, Browser browser)
{
    [Fact]
    public async Task A_year_without_targets_is_flagged_in_Chinese_on_the_preview_the_overview_and_the_settlement_page()
    {
        var folder = Directory.CreateTempSubdirectory("liuyu-bulletin-").FullName;
        var file = Path.Combine(folder, "黔江区水环境质量月报.csv");
        await File.WriteAllTextAsync(file, "序号,河流名称,断面名称,断面属性,监测结果,主要污染指标\n1,阿蓬江,示例·阿蓬江入境断面,市控,6类,——\n2,,周家坝,市评,Ⅰ,——\n");
        var page = await browser.SignIn(server.BaseAddress, "ecology");
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text + " " + m.Location); };

        await page.ClickAsync("#nav a[data-page=import]");
        await page.WaitForSelectorAsync("#im-form");
        await page.SelectOptionAsync("#im-kind", "bulletin");
        Assert.True(await page.IsVisibleAsync("#im-year"));
        await page.FillAsync("#im-month", "2031-01");
        await page.SetInputFilesAsync("#im-file", file);
        await page.ClickAsync("#im-check");
        await page.WaitForSelectorAsync("#im-outcome");

        Assert.Contains("没有当年考核目标", await page.InnerTextAsync("#im-targets-missing"));
        Assert.Contains("“6类”读作 劣Ⅴ", await page.InnerTextAsync("#im-readings"));
        Assert.Contains("周家坝", await page.InnerTextAsync("#im-skipped"));
        Assert.Contains("不在补偿断面名录中", await page.InnerTextAsync("#im-skipped"));
        await Browser.Shot(page, "import-bulletin-preview");

        await page.ClickAsync("#im-import");
        await page.WaitForSelectorAsync("#im-outcome:has-text('已导入')");

        await page.GotoAsync(server.BaseAddress + "#/overview?year=2031&month=1");
        await page.WaitForSelectorAsync("#ov-warnings");
        Assert.Contains("2031 年有 1 个考核断面有监测结果但没有当年考核目标", await page.InnerTextAsync("#ov-warnings"));
        await page.GotoAsync(server.BaseAddress + "#/settlement?year=2031");
        await page.WaitForSelectorAsync("#st-warnings");
        Assert.Contains("核算金额均为 0 元", await page.InnerTextAsync("#st-warnings"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Directory.Delete(folder, recursive: true);
    }
}
