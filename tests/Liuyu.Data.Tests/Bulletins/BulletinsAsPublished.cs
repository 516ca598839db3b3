using Liuyu.Data.Bulletins;
using Liuyu.Data.Csv;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests.Bulletins;

/// <summary>
/// Bulletins and year tables are read as the bureaus print them (issue 12): synonyms, ignored columns, merged river cells,
/// every class spelling shown as read, "not monitored" markers as no valid result (R-DATA-4), sections outside the scheme
/// skipped and listed, near names refused with a suggestion and never guessed.
/// </summary>
public class BulletinsAsPublished
{
    private static readonly River[] Rivers =
    [
        new(new RiverId("apengjiang"), "阿蓬江", "hubei"),
        new(new RiverId("yujiang"), "郁江", "hubei"),
        new(new RiverId("pengxihe"), "澎溪河（小江）", null),
    ];

    private static Section S(string id, string name, string river, string up, string down, SectionKind kind = SectionKind.Municipal) =>
        new(new SectionId(id), name, new RiverId(river), new PartyId(up), new PartyId(down), kind, 1, true, null);

    private static readonly Section[] Sections =
    [
        S("APJ-1", "周家坝", "apengjiang", "CITY", "qianjiang"),
        S("APJ-2", "两河", "apengjiang", "qianjiang", "youyang"),
        S("APJ-3", "阿蓬江出境", "apengjiang", "youyang", "CITY", SectionKind.National),
        S("YUJ-1", "郁江入境", "yujiang", "CITY", "qianjiang"),
        S("PXH-1", "养鹿渡口", "pengxihe", "kaizhou", "yunyang"),
        S("YUJ-2", "两河", "yujiang", "qianjiang", "pengshui"),
    ];

    private static readonly Dictionary<PartyId, PartyKind> Kinds = new()
    {
        [new PartyId("CITY")] = PartyKind.Municipal, [new PartyId("hubei")] = PartyKind.Province,
    };

    private static BulletinRegistry Registry(params SectionAlias[] aliases) => new(Rivers, Sections, aliases, Kinds);

    private static string Csv(string name, string text)
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_Qianjiang_bulletin_as_printed_stores_the_classes_of_the_registered_sections_and_lists_the_rest()
    {
        var path = SharedFolder.Path_("examples", "published", "bulletin-qianjiang-2025-01", "bulletin.csv");

        var file = BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1)));

        // 阿蓬江 两河 Ⅱ, and 周家坝 Ⅰ on the row below, whose river cell is blank (merged as printed).
        Assert.Equal([("APJ-2", "II"), ("APJ-1", "I")], file.Results.Select(r => (r.Section.Value, r.Class!.Value.Code)));
        Assert.All(file.Results, r => Assert.Equal(new YearMonth(2025, 1), r.Month));
        Assert.Equal(7, file.Skipped);
        var skipped = file.Warnings.Where(w => w.Code == ErrorCodes.BulletinSectionSkipped).ToList();
        Assert.Equal([2, 3, 6, 7, 8, 9, 10], skipped.Select(w => w.Row!.Value));
        Assert.Equal(("黎水电站", "段溪河"), (skipped[1].Args["name"], skipped[1].Args["river"]));
        Assert.Equal(["主要污染指标", "序号", "断面属性", "水域功能"], file.Warnings.Where(w => w.Code == ErrorCodes.BulletinColumnIgnored).Select(w => w.Args["column"]).Order());
        Assert.Equal("3", Assert.Single(file.Warnings, w => w.Code == ErrorCodes.BulletinRiverContinued).Args["count"]);
        // 黔江's sections not in this bulletin: 郁江入境 and 郁江's 两河; 阿蓬江出境 (酉阳 → 市级) is not 黔江's.
        Assert.Equal(["YUJ-1", "YUJ-2"], file.Warnings.Where(w => w.Code == ErrorCodes.BulletinSectionNotMentioned).Select(w => w.Args["section"]).Order());
    }

    [Theory]
    [InlineData("Ⅲ", 3, false)]
    [InlineData("III", 3, false)]
    [InlineData("Ⅲ类", 3, false)]
    [InlineData("劣Ⅴ", 6, false)]
    [InlineData("劣V类", 6, false)]
    [InlineData("3", 3, true)]
    [InlineData("3类", 3, true)]
    [InlineData("三类", 3, true)]
    [InlineData("劣五类", 6, true)]
    [InlineData("6", 6, true)]
    [InlineData("6类", 6, true)]
    [InlineData("VI", 6, true)]
    [InlineData("ⅱ", 2, true)]
    public void Every_class_spelling_is_read_and_the_unusual_ones_are_shown_as_read(string text, int ordinal, bool shown)
    {
        var path = Csv("b.csv", $"断面名称,河流名称,监测结果\n周家坝,阿蓬江,{text}\n");

        var file = BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1)));

        Assert.Equal(ordinal, Assert.Single(file.Results).Class!.Value.Ordinal);
        var read = file.Warnings.Where(w => w.Code == ErrorCodes.BulletinClassRead).ToList();
        if (!shown) Assert.Empty(read);
        else Assert.Equal((text, WaterClass.FromOrdinal(ordinal).Display, 2, "监测结果"), (read.Single().Args["value"], read.Single().Args["class"], read.Single().Row!.Value, read.Single().Column));
    }

    [Fact]
    public void Six_class_reads_as_worse_than_five_and_the_message_says_so()
    {
        var path = Csv("b.csv", "断面名称,河流名称,水质类别\n周家坝,阿蓬江,6类\n两河,阿蓬江,6类\n");
        var note = Assert.Single(BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1))).Warnings, w => w.Code == ErrorCodes.BulletinClassRead);
        Assert.Equal("'6类' read as 劣Ⅴ (2 cell(s))", note.Message);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("—")]
    [InlineData("——")]
    [InlineData("-")]
    [InlineData("未监测")]
    [InlineData("断流")]
    [InlineData("干涸")]
    [InlineData("停测")]
    public void A_not_monitored_marker_is_no_valid_result_with_the_marker_as_reason(string marker)
    {
        var path = Csv("b.csv", $"断面名称,河流名称,水质类别\n周家坝,阿蓬江,{marker}\n两河,阿蓬江,Ⅱ\n");

        var file = BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1)));

        var r = file.Results.Single(x => x.Section.Value == "APJ-1");
        Assert.Equal(((WaterClass?)null, marker), (r.Class, r.Note));
        Assert.Equal(marker, Assert.Single(file.Warnings, w => w.Code == ErrorCodes.BulletinNotMonitored).Args["value"]);
    }

    [Fact]
    public void A_class_in_no_accepted_spelling_is_refused_with_the_accepted_forms_naming_file_row_and_column()
    {
        var path = Csv("b.csv", "断面名称,河流名称,水质类别\n周家坝,阿蓬江,七类\n两河,阿蓬江,良好\n");

        var errors = Assert.Throws<InputException>(() => BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1)))).Errors;

        Assert.Equal([("b.csv", 2, "水质类别", "七类"), ("b.csv", 3, "水质类别", "良好")], errors.Select(e => (e.File, e.Row!.Value, e.Column, e.Args["value"])));
        Assert.All(errors, e => Assert.Equal(ErrorCodes.BulletinClassInvalid, e.Code));
        Assert.Contains("劣五类", errors[0].Message);
    }

    [Fact]
    public void A_name_a_letter_from_a_section_of_its_river_is_refused_with_the_suggestion_and_an_alias_makes_it_match()
    {
        var path = Csv("b.csv", "断面名称,河流名称,水质类别\n两河口,阿蓬江,Ⅱ\n");

        var e = Assert.Single(Assert.Throws<InputException>(() => BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1)))).Errors);
        Assert.Equal((ErrorCodes.BulletinSectionNearMiss, 2, "断面名称", "两河", "APJ-2"), (e.Code, e.Row!.Value, e.Column, e.Args["suggestion"], e.Args["ids"]));

        var file = BulletinReader.Read(path, Registry(new SectionAlias("两河口", new SectionId("APJ-2"))), new BulletinOptions(new YearMonth(2025, 1)));
        Assert.Equal("APJ-2", Assert.Single(file.Results).Section.Value);
        Assert.Equal("两河口", Assert.Single(file.Warnings, w => w.Code == ErrorCodes.BulletinSectionAlias).Args["name"]);
    }

    [Fact]
    public void A_river_printed_with_its_other_name_left_out_is_the_registered_river()
    {
        var path = Csv("b.csv", "断面名称,河流名称,水质类别\n养鹿渡口,澎溪河,Ⅲ\n");
        Assert.Equal("PXH-1", Assert.Single(BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1))).Results).Section.Value);
    }

    [Fact]
    public void A_workbook_fills_merged_river_cells_from_the_merged_range_below_its_title()
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "月报.xlsx");
        using (var stream = File.Create(path))
        using (var w = new XlsxWriter(stream))
        {
            var sheet = w.AddSheet("表1");
            sheet.Row("2025年1月黔江区水环境质量月报");
            sheet.Row("序号", "河流名称", "断面名称", "监测结果");
            sheet.Row(1d, "阿蓬江", "两河", "2");
            sheet.Row(2d, null, "周家坝", "一类");
            sheet.Merge("B3:B4");
            sheet.Merge("A1:D1");
        }

        var file = BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1)));

        Assert.Equal([("APJ-2", 2), ("APJ-1", 1)], file.Results.Select(r => (r.Section.Value, r.Class!.Value.Ordinal)));
        Assert.All(file.Results, r => Assert.Equal(new YearMonth(2025, 1), r.Month));
        Assert.Equal("1", Assert.Single(file.Warnings, w => w.Code == ErrorCodes.BulletinMergedFilled).Args["count"]);
        Assert.DoesNotContain(file.Warnings, w => w.Code == ErrorCodes.BulletinRiverContinued);
    }

    [Fact]
    public void A_workbook_without_a_merged_range_does_not_guess_a_blank_river()
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "月报.xlsx");
        using (var stream = File.Create(path))
        using (var w = new XlsxWriter(stream))
        {
            var sheet = w.AddSheet("表1");
            sheet.Row("河流名称", "断面名称", "监测结果");
            sheet.Row("阿蓬江", "两河", "Ⅱ");
            sheet.Row(null, "周家坝", "Ⅰ");
        }
        var e = Assert.Single(Assert.Throws<InputException>(() => BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1)))).Errors);
        Assert.Equal((ErrorCodes.ValueEmpty, "月报.xlsx[表1]", 3, "河流名称"), (e.Code, e.File, e.Row!.Value, e.Column));
    }

    [Fact]
    public void A_year_table_without_a_river_column_matches_unique_names_takes_its_year_from_the_title_and_stores_slashes_as_no_result()
    {
        var path = Csv("year.csv",
            "2023年1-12月开州区地表水考核断面水质情况,,,,,\n" +
            "断面名称,考核水质类别,1月,2月,3月,备注\n" +
            "养鹿渡口,Ⅲ,/,Ⅱ,Ⅲ,季度监测\n" +
            "周家坝,Ⅱ,Ⅱ,/,一类,\n" +
            "津关,Ⅱ,Ⅰ,Ⅰ,Ⅰ,\n");

        var file = BulletinReader.Read(path, Registry(), new BulletinOptions());

        Assert.True(file.YearTable);
        var pxh = file.Results.Where(r => r.Section.Value == "PXH-1").OrderBy(r => r.Month).ToList();
        Assert.Equal([new YearMonth(2023, 1), new YearMonth(2023, 2), new YearMonth(2023, 3)], pxh.Select(r => r.Month));
        Assert.Equal(((WaterClass?)null, "/；季度监测"), (pxh[0].Class, pxh[0].Note));
        Assert.Equal(WaterClass.II, pxh[1].Class);
        Assert.Equal(6, file.Results.Count);
        Assert.Equal("津关", Assert.Single(file.Warnings, w => w.Code == ErrorCodes.BulletinSectionSkipped).Args["name"]);
        // Targets are imported only when asked.
        Assert.Empty(file.Targets);
        Assert.Single(file.Warnings, w => w.Code == ErrorCodes.BulletinTargetsNotImported);

        var withTargets = BulletinReader.Read(path, Registry(), new BulletinOptions(ImportTargets: true));
        Assert.Equal([("APJ-1", 2023, "II"), ("PXH-1", 2023, "III")], withTargets.Targets.Select(t => (t.Section.Value, t.Year, t.Class.Code)).Order());
    }

    [Fact]
    public void A_year_table_without_a_year_asks_for_one_and_a_year_given_differently_is_refused()
    {
        var path = Csv("year.csv", "断面名称,1月,2月\n养鹿渡口,Ⅱ,Ⅲ\n");
        Assert.Equal(ErrorCodes.BulletinNoYear, Assert.Single(Assert.Throws<InputException>(() => BulletinReader.Read(path, Registry(), new BulletinOptions())).Errors).Code);
        Assert.Equal(2024, BulletinReader.Read(path, Registry(), new BulletinOptions(Year: 2024)).Results[0].Month.Year);

        var titled = Csv("titled.csv", "2023年1-12月,,\n断面名称,一月,二月\n养鹿渡口,Ⅱ,Ⅲ\n");
        Assert.Equal(ErrorCodes.BulletinYearDiffers, Assert.Single(Assert.Throws<InputException>(() => BulletinReader.Read(titled, Registry(), new BulletinOptions(Year: 2024))).Errors).Code);
        Assert.Equal([new YearMonth(2023, 1), new YearMonth(2023, 2)], BulletinReader.Read(titled, Registry(), new BulletinOptions()).Results.Select(r => r.Month));
    }

    [Fact]
    public void Without_a_river_column_a_name_on_two_rivers_asks_for_the_river_naming_the_row()
    {
        var path = Csv("year.csv", "断面名称,1月\n两河,Ⅱ\n");
        var e = Assert.Single(Assert.Throws<InputException>(() => BulletinReader.Read(path, Registry(), new BulletinOptions(Year: 2025))).Errors);
        Assert.Equal((ErrorCodes.BulletinSectionNeedsRiver, 2, "断面名称"), (e.Code, e.Row!.Value, e.Column));
        Assert.Contains("阿蓬江", e.Args["rivers"]);
        Assert.Contains("郁江", e.Args["rivers"]);
    }

    [Fact]
    public void A_file_naming_no_registered_section_is_refused_rather_than_importing_nothing()
    {
        var path = Csv("b.csv", "断面名称,河流名称,水质类别\n胜利,段溪河,Ⅱ\n");
        var e = Assert.Single(Assert.Throws<InputException>(() => BulletinReader.Read(path, Registry(), new BulletinOptions(new YearMonth(2025, 1)))).Errors);
        Assert.Equal((ErrorCodes.BulletinNoRegisteredSection, "1"), (e.Code, e.Args["count"]));
    }
}
