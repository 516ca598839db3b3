using Liuyu.Data.Bulletins;
using Liuyu.Data.Csv;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests.Bulletins;

/// <summary>A bulletin's section names are matched exactly on their river; anything else is reported, never guessed.</summary>
public class BulletinMatching
{
    private static readonly River[] Rivers = [new(new RiverId("R1"), "一号河", null), new(new RiverId("R2"), "二号河", null)];

    private static readonly Section[] Sections =
    [
        new(new SectionId("S1"), "交界断面", new RiverId("R1"), new PartyId("A"), new PartyId("B"), SectionKind.Municipal, 1, true, null),
        new(new SectionId("S2"), "交界断面", new RiverId("R1"), new PartyId("B"), new PartyId("C"), SectionKind.Municipal, 2, true, null),
        new(new SectionId("S3"), "出境断面", new RiverId("R1"), new PartyId("C"), new PartyId("D"), SectionKind.Municipal, 3, true, null),
        new(new SectionId("S4"), "入境断面", new RiverId("R2"), new PartyId("D"), new PartyId("E"), SectionKind.Municipal, 1, true, null),
    ];

    private static string Sheet(params XlsxCell[][] rows)
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "通报.xlsx");
        using var file = File.Create(path);
        using var w = new XlsxWriter(file);
        var sheet = w.AddSheet("通报");
        foreach (var r in rows) sheet.Row(r);
        return path;
    }

    [Fact]
    public void A_name_shared_by_two_sections_of_the_river_asks_for_the_id_and_the_id_works()
    {
        var path = Sheet(["断面名称", "河流", "月份", "水质类别"], ["交界断面", "R1", "2024-01", "II"], ["S2", "一号河", "2024-01", "III"]);

        var errors = Assert.Throws<InputException>(() => BulletinReader.Read(path, Rivers, Sections)).Errors;

        var e = Assert.Single(errors);
        Assert.Equal(("通报.xlsx[通报]", 2, "断面名称"), (e.File, e.Row, e.Column));
        Assert.Contains("S1, S2", e.Message);
        Assert.Contains("write the section id", e.Message);
    }

    [Fact]
    public void A_name_found_only_on_another_river_says_where_it_is()
    {
        var path = Sheet(["断面名称", "河流", "月份", "水质类别"], ["入境断面", "R1", "2024-01", "II"]);
        var e = Assert.Single(Assert.Throws<InputException>(() => BulletinReader.Read(path, Rivers, Sections)).Errors);
        Assert.Equal(ErrorCodes.SectionOnOtherRiver, e.Code);
        Assert.Equal("S4 (R2)", e.Args["found"]);
    }

    [Fact]
    public void Months_in_the_sheet_must_agree_with_the_month_given_and_a_section_appears_once_a_month()
    {
        var path = Sheet(["断面名称", "河流", "月份", "水质类别"],
            ["出境断面", "R1", 45292d, "II"],        // 2024-01-01 as an Excel serial date
            ["出境断面", "R1", "2024-01", "III"],
            ["入境断面", "R2", "2024-02", "II"]);

        var errors = Assert.Throws<InputException>(() => BulletinReader.Read(path, Rivers, Sections, new YearMonth(2024, 1))).Errors;

        Assert.Contains(errors, e => e.Row == 3 && e.Message.Contains("already has a class for 2024-01 in row 2"));
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "月份" && e.Message.Contains("differs from --month 2024-01"));
    }

    [Fact]
    public void An_empty_class_is_no_valid_result_with_its_note()
    {
        var path = Sheet(["断面名称", "河流", "水质类别", "备注"], ["出境断面", "一号河", null, "断流"]);
        var r = Assert.Single(BulletinReader.Read(path, Rivers, Sections, new YearMonth(2024, 1)).Results);
        Assert.Equal((new SectionId("S3"), (WaterClass?)null, "断流", ResultSource.Municipal), (r.Section, r.Class, r.Note, r.Source));
    }
}
