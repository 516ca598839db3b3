using Liuyu.Domain;
using Liuyu.Storage;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests.Files;

/// <summary>
/// <c>liuyu bulletin import</c> takes the tables the bureaus publish as they are (issue 12): the Qianjiang bulletin of
/// ../shared/examples/published, a year table with '/' cells, its targets when asked; an alias recorded once is used.
/// </summary>
public class PublishedBulletinImport
{
    /// <summary>The shipped registry's parties and rivers, and 阿蓬江's sections as 黔江's bulletin names them (corrections-2026-12 S4).</summary>
    private static string Store(string targets = "section,year,class\nAPJ-1,2024,III\n")
    {
        var folder = ScenarioGenerator.TempFolder();
        var store = Path.Combine(folder, "s.db");
        Assert.Equal(0, CliRunner.Run("registry", "--import", "--store", store).Exit);
        var data = Directory.CreateDirectory(Path.Combine(folder, "sc")).FullName;
        File.WriteAllText(Path.Combine(data, "sections.csv"),
            "id,name,river,upstream,downstream,kind,km,approved\n" +
            "APJ-1,周家坝,apengjiang,CITY,qianjiang,municipal,10,true\n" +
            "APJ-2,两河,apengjiang,qianjiang,youyang,municipal,60,true\n" +
            "YUJ-1,郁江入境,yujiang,CITY,qianjiang,municipal,10,true\n");
        File.WriteAllText(Path.Combine(data, "targets.csv"), targets);
        var (exit, _, err) = CliRunner.Run("import", "--store", store, "--data", data);
        Assert.True(exit == 0, err);
        return store;
    }

    [Fact]
    public void The_Qianjiang_bulletin_as_printed_imports_the_registered_sections_lists_the_skipped_and_warns_of_missing_targets()
    {
        var store = Store();
        var path = SharedFolder.Path_("examples", "published", "bulletin-qianjiang-2025-01", "bulletin.csv");

        var (exit, stdout, err) = CliRunner.Run("bulletin", "import", "--store", store, "--file", path, "--month", "2025-01");

        Assert.True(exit == 0, err);
        Assert.Contains("2 new results", stdout);
        Assert.Contains("7 rows skipped", stdout);
        Assert.Contains("note: bulletin.csv, row 2, column '断面名称': section '胜利' (段溪河) is not in the list of compensation sections; skipped", err);
        Assert.Contains("section 郁江入境 (YUJ-1, 郁江): no result in this file", err);
        // 2025 has no targets: said, not booked silently at ¥0.
        Assert.Contains("warning: bulletin.csv: 2025: 2 assessment section(s) have results but no target for the year (周家坝、两河)", err);
        using var s = LiuyuStore.Open(store);
        var scheme = s.LoadScheme();
        Assert.Equal(WaterClass.II, scheme.ResultOf(new SectionId("APJ-2"), new YearMonth(2025, 1))!.Class);
        Assert.Equal(WaterClass.I, scheme.ResultOf(new SectionId("APJ-1"), new YearMonth(2025, 1))!.Class);
    }

    [Fact]
    public void A_year_table_with_slashes_imports_no_valid_result_for_them_and_its_targets_when_asked()
    {
        var store = Store(targets: "section,year,class\n");
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "year.csv");
        File.WriteAllText(path,
            "断面名称,考核水质类别,1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月,备注\n" +
            "周家坝,Ⅲ,Ⅱ,/,Ⅱ,/,Ⅱ,/,Ⅲ,/,Ⅱ,/,Ⅱ,/,季度\n" +
            "郁江入境,Ⅱ,Ⅰ,Ⅰ,Ⅰ,Ⅱ,Ⅱ,Ⅱ,Ⅱ,Ⅱ,Ⅰ,Ⅰ,Ⅰ,Ⅰ,\n");

        var (exit, stdout, err) = CliRunner.Run("bulletin", "import", "--store", store, "--file", path, "--year", "2023", "--targets");

        Assert.True(exit == 0, err);
        Assert.Contains("24 new results", stdout);
        Assert.Contains("2 targets", stdout);
        Assert.Contains("'/' read as no valid result", err);
        Assert.DoesNotContain("no target for the year", err);
        using var s = LiuyuStore.Open(store);
        var scheme = s.LoadScheme();
        var feb = scheme.ResultOf(new SectionId("APJ-1"), new YearMonth(2023, 2))!;
        Assert.Equal(((WaterClass?)null, "/；季度"), (feb.Class, feb.Note));
        Assert.Contains(scheme.Targets, t => t.Section.Value == "APJ-1" && t.Year == 2023 && t.Class == WaterClass.III);
        Assert.Contains(scheme.Targets, t => t.Section.Value == "YUJ-1" && t.Year == 2023 && t.Class == WaterClass.II);
    }

    [Fact]
    public void A_near_name_is_refused_until_an_alias_is_recorded_then_it_imports_and_the_alias_is_audited()
    {
        var store = Store();
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "b.csv");
        File.WriteAllText(path, "河流名称,断面名称,水质类别\n阿蓬江,两河口,二类\n");

        var refused = CliRunner.Run("bulletin", "import", "--store", store, "--file", path, "--month", "2025-01");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("b.csv, row 2, column '断面名称': no registered section is named '两河口'; did you mean 两河 (APJ-2)?", refused.Err);

        var alias = CliRunner.Run("bulletin", "alias", "--store", store, "--name", "两河口", "--section", "APJ-2");
        Assert.True(alias.Exit == 0, alias.Err);
        var (exit, stdout, err) = CliRunner.Run("bulletin", "import", "--store", store, "--file", path, "--month", "2025-01");

        Assert.True(exit == 0, err);
        Assert.Contains("1 new results", stdout);
        Assert.Contains("'二类' read as Ⅱ", err);
        using var s = LiuyuStore.Open(store);
        Assert.Equal(WaterClass.II, s.LoadScheme().ResultOf(new SectionId("APJ-2"), new YearMonth(2025, 1))!.Class);
        Assert.Contains(s.AuditLog(new Application.AuditQuery(Action: "section.alias")), e => e.Subject == "APJ-2");
    }
}
