using Liuyu.Domain.Accounting;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>R-BASE-1 and R-BASE-2: where a section's baseline comes from.</summary>
public class BaselineResolution
{
    private static Baseline? Resolve(IEnumerable<Section> sections, IEnumerable<Target> targets, Section of, TieBreak tie = TieBreak.Stricter) =>
        new BaselineResolver(sections, targets).Resolve(of, 2023, tie, out _);

    [Fact]
    public void R_BASE_1_an_assessment_section_uses_its_own_target()
    {
        var s = Sec("S1", SectionKind.National);
        var b = Resolve([s], [new Target(s.Id, 2023, WaterClass.II)], s)!;
        Assert.Equal((WaterClass.II, BaselineBasis.OwnTarget), (b.Class, b.Basis));
    }

    [Fact]
    public void R_BASE_1_an_assessment_section_without_a_target_has_no_baseline()
    {
        var s = Sec("S1", SectionKind.National);
        Assert.Null(new BaselineResolver([s], []).Resolve(s, 2023, TieBreak.Stricter, out var rule));
        Assert.Equal("R-BASE-1", rule);
    }

    [Fact]
    public void R_BASE_2_a_non_assessment_section_takes_the_nearest_assessment_target_upstream_or_downstream()
    {
        var up = Sec("U", SectionKind.National, 10m);
        var down = Sec("D", SectionKind.Municipal, 50m);
        var s = Sec("S", SectionKind.None, 35m);
        var b = Resolve([up, down, s], [new Target(up.Id, 2023, WaterClass.II), new Target(down.Id, 2023, WaterClass.IV)], s)!;
        Assert.Equal((WaterClass.IV, new SectionId("D"), BaselineBasis.NearestAssessmentSection, 15m), (b.Class, b.From, b.Basis, b.DistanceKm));
    }

    [Theory]
    [InlineData(TieBreak.Stricter, "II")]
    [InlineData(TieBreak.Laxer, "IV")]
    public void R_BASE_2_on_a_distance_tie_the_policy_tie_break_applies(TieBreak tie, string expected)
    {
        var up = Sec("U", SectionKind.National, 10m);
        var down = Sec("D", SectionKind.Municipal, 50m);
        var s = Sec("S", SectionKind.None, 30m);
        var b = Resolve([up, down, s], [new Target(up.Id, 2023, WaterClass.IV), new Target(down.Id, 2023, WaterClass.II)], s, tie)!;
        Assert.Equal(WaterClass.Parse(expected), b.Class);
        Assert.True(b.WasTie);
    }

    [Fact]
    public void R_BASE_2_a_named_reference_section_overrides_the_distance_rule()
    {
        var near = Sec("N", SectionKind.National, 31m);
        var far = Sec("F", SectionKind.National, 500m);
        var s = Sec("S", SectionKind.None, 30m, reference: "F");
        var b = Resolve([near, far, s], [new Target(near.Id, 2023, WaterClass.I), new Target(far.Id, 2023, WaterClass.IV)], s)!;
        Assert.Equal((WaterClass.IV, BaselineBasis.NamedReference), (b.Class, b.Basis));
    }

    [Fact]
    public void R_BASE_2_only_sections_of_the_same_river_count()
    {
        var other = new Section(new SectionId("O"), "O", new RiverId("OTHER"), A, B, SectionKind.National, 30m, true, null);
        var same = Sec("M", SectionKind.National, 300m);
        var s = Sec("S", SectionKind.None, 30m);
        var b = Resolve([other, same, s], [new Target(other.Id, 2023, WaterClass.I), new Target(same.Id, 2023, WaterClass.V)], s)!;
        Assert.Equal(new SectionId("M"), b.From);
    }

    [Fact]
    public void R_BASE_2_an_unapproved_assessment_section_still_lends_its_target()
    {
        var unapproved = Sec("U", SectionKind.Municipal, 40m, approved: false);
        var s = Sec("S", SectionKind.None, 41m);
        var b = Resolve([unapproved, s], [new Target(unapproved.Id, 2023, WaterClass.III)], s)!;
        Assert.Equal(new SectionId("U"), b.From);
    }

    [Fact]
    public void R_BASE_2_no_assessment_section_with_a_target_means_no_baseline()
    {
        var s = Sec("S", SectionKind.None, 41m);
        Assert.Null(new BaselineResolver([s], []).Resolve(s, 2023, TieBreak.Stricter, out var rule));
        Assert.Equal("R-BASE-2", rule);
    }
}
