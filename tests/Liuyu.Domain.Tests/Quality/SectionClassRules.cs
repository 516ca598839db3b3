using Liuyu.Domain;
using Liuyu.Domain.Quality;
using static Liuyu.Domain.Tests.Quality.SampleBuilder;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>Q-IND, Q-SEC, Q-EXC, Q-MAIN and the DO saturation decision of Q-CLS-2.</summary>
public class SectionClassRules
{
    [Fact]
    public void Q_IND_1_water_temperature_and_fecal_coliforms_do_not_take_part()
    {
        var r = Evaluate(S("WT", 30m), S("FC", 90000m), S("COD", 12m));
        Assert.Equal(["COD"], Keys(r.Participating));
        Assert.Equal(WaterClass.I, r.Class);
    }

    [Fact]
    public void Q_IND_2_total_nitrogen_counts_only_when_the_section_opts_in()
    {
        Assert.Equal(WaterClass.I, Evaluate(S("TN", 3m), S("COD", 12m)).Class);
        var optedIn = Evaluate(new SectionProfile(WaterBody.Lake, IncludesTotalNitrogen: true), S("TN", 3m), S("COD", 12m));
        Assert.Equal(WaterClass.WorseThanV, optedIn.Class);
        Assert.Equal(["TN"], Keys(optedIn.Deciding));
    }

    [Fact]
    public void Q_IND_1_total_phosphorus_uses_lake_limits_in_a_lake_whatever_name_the_sample_used()
    {
        var lake = new SectionProfile(WaterBody.Lake);
        var r = Evaluate(lake, S("TP", 0.04m));
        Assert.Equal(["TP_LAKE"], Keys(r.Participating));
        Assert.Equal(WaterClass.III, r.Class);
        Assert.Equal(WaterClass.II, Evaluate(S("TP_LAKE", 0.04m)).Class); // river limits for a river
        Assert.Equal(["TP"], Keys(Evaluate(S("TP_LAKE", 0.04m)).Participating));
    }

    [Fact]
    public void Q_IND_3_R_DATA_4_a_month_without_a_class_indicator_sample_has_no_result()
    {
        var r = Evaluate(S("WT", 12m), S("FC", 100m));
        Assert.False(r.HasResult);
        Assert.Null(r.Class);
        Assert.Null(r.Grade);
        Assert.Empty(r.Deciding);
        Assert.Equal(21, r.NotSampled.Count);
    }

    [Fact]
    public void Q_IND_3_the_result_records_which_indicators_took_part_and_which_did_not()
    {
        var r = Evaluate(S("COD", 12m), S("NH3N", 0.1m), S("DO", 8m));
        Assert.Equal(["COD", "DO", "NH3N"], Keys(r.Participating));
        Assert.Equal(18, r.NotSampled.Count);
        Assert.False(r.IsComplete);
    }

    [Fact]
    public void Q_CLS_2_DO_is_class_I_when_the_mean_supplied_saturation_is_at_least_90_percent()
    {
        var r = Evaluate(S("DO", 3.0m, saturation: 95m), S("DO", 2.97m, day: 20));
        Assert.Equal(WaterClass.I, r.Class);
        Assert.True(r.Indicators[0].ClassIBySaturation);
        Assert.Equal(3.0m, r.Indicators[0].Value.Value);
    }

    [Fact]
    public void Q_CLS_2_DO_keeps_its_concentration_class_when_the_mean_saturation_is_below_90_percent()
    {
        // Example set 1, S0 2024-01: saturations 92 and 85 average 88.5.
        var r = Evaluate(S("DO", 6.00m), S("DO", 5.94m, day: 2), S("DO", 1.00m, saturation: 92m, day: 3), S("DO", 2.02m, saturation: 85m, day: 4));
        Assert.Equal(3.7m, r.Indicators[0].Value.Value);
        Assert.Equal(WaterClass.IV, r.Class);
        Assert.False(r.Indicators[0].ClassIBySaturation);
        Assert.Equal(WaterClass.I, Evaluate(S("DO", 1m, saturation: 90m)).Class);
    }

    [Fact]
    public void Q_SEC_1_deciding_indicators_are_all_those_at_the_worst_class()
    {
        var r = Evaluate(S("COD", 25m), S("NH3N", 1.2m), S("BOD5", 5m), S("DO", 8m));
        Assert.Equal(WaterClass.IV, r.Class);
        Assert.Equal(["BOD5", "COD", "NH3N"], Keys(r.Deciding));
    }

    [Theory]
    [InlineData(1, "优", GradeColour.Blue)]
    [InlineData(2, "优", GradeColour.Blue)]
    [InlineData(3, "良好", GradeColour.Green)]
    [InlineData(4, "轻度污染", GradeColour.Yellow)]
    [InlineData(5, "中度污染", GradeColour.Orange)]
    [InlineData(6, "重度污染", GradeColour.Red)]
    public void Q_SEC_2_grade_and_colour_follow_the_class(int ordinal, string name, GradeColour colour)
    {
        var g = QualityGrade.Of(WaterClass.FromOrdinal(ordinal));
        Assert.Equal(name, g.NameZh);
        Assert.Equal(colour, g.Colour);
    }

    [Fact]
    public void Q_EXC_1_exceedance_is_against_class_III_rounded_half_even_to_2_decimals_only_above_the_limit()
    {
        var r = Evaluate(S("TP", 0.201m), S("NH3N", 1.0m), S("COD", 21m), S("DO", 2.5m), S("pH", 10m));
        var byKey = r.Indicators.ToDictionary(i => i.Indicator.Key);
        Assert.Equal(0.00m, byKey["TP"].Exceedance);   // 0.005 → 0.00, half to even
        Assert.Null(byKey["NH3N"].Exceedance);         // at the limit is not above it
        Assert.Equal(0.05m, byKey["COD"].Exceedance);
        Assert.Null(byKey["DO"].Exceedance);
        Assert.Null(byKey["pH"].Exceedance);
    }

    [Fact]
    public void Q_EXC_1_exceedance_against_a_target_class_uses_that_class_limit()
    {
        var nh3n = Evaluate(S("NH3N", 1.2m)).Indicators[0];
        Assert.Equal(0.2m, nh3n.Exceedance);
        Assert.Equal(1.4m, nh3n.ExceedanceAgainst(WaterClass.II));   // (1.2 − 0.5) / 0.5
        Assert.Null(nh3n.ExceedanceAgainst(WaterClass.IV));
        Assert.Null(nh3n.ExceedanceAgainst(WaterClass.WorseThanV));
    }

    [Fact]
    public void Q_MAIN_1_no_main_pollutants_unless_worse_than_III()
    {
        Assert.Empty(Evaluate(S("COD", 20m), S("NH3N", 1.0m)).MainPollutants);
    }

    [Fact]
    public void Q_MAIN_1_cyanide_and_heavy_metals_first_then_worst_class_then_largest_exceedance_at_most_three()
    {
        // Example set 1, S0 2024-01: Hg (Ⅳ, 5.7) ahead of Cu (劣Ⅴ) and F (Ⅳ, 0.5); TP (Ⅳ, 0.04) and DO (Ⅳ) left out.
        var r = Evaluate(S("Hg", 0.00067m), S("Cu", 1.006m), S("F", 1.5m), S("TP", 0.207m), S("DO", 3.7m), S("CN", 0.186m));
        Assert.Equal(["Hg", "Cu", "F"], Keys(r.MainPollutants.Select(m => m.Indicator)));
        Assert.Equal([5.7m, 0.01m, 0.5m], r.MainPollutants.Select(m => m.Exceedance!.Value).ToArray());
    }

    [Fact]
    public void Q_MAIN_1_a_main_pollutant_without_exceedance_ranks_after_those_with_one_and_ties_go_by_key()
    {
        // All class Ⅳ: COD 0.25, then F and NH3N tied at 0.2 (by key), DO (no exceedance) last and cut.
        var r = Evaluate(S("DO", 3.5m), S("NH3N", 1.2m), S("COD", 25m), S("F", 1.2m));
        Assert.Equal(["COD", "F", "NH3N"], Keys(r.MainPollutants.Select(m => m.Indicator)));
    }
}
