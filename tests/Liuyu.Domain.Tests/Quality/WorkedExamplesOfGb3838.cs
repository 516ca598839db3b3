using Liuyu.Domain;
using Liuyu.Domain.Quality;
using static Liuyu.Domain.Tests.Quality.SampleBuilder;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>The worked examples table of gb3838.md (river section, one sample each unless stated).</summary>
public class WorkedExamplesOfGb3838
{
    [Fact]
    public void Q_CLS_1_shared_and_exact_limits_go_to_the_better_class()
    {
        var r = Evaluate(S("COD", 15m), S("NH3N", 0.15m), S("DO", 7.5m), S("pH", 7m));
        Assert.Equal(WaterClass.I, r.Class);
        Assert.Equal(["COD", "DO", "NH3N", "pH"], Keys(r.Deciding));
        Assert.Empty(r.MainPollutants);
    }

    [Fact]
    public void Q_MEAN_4_COD_15_04_rounds_to_15_0_before_classifying_and_is_class_I()
    {
        var r = Evaluate(S("COD", 15.04m));
        Assert.Equal(WaterClass.I, r.Class);
        Assert.Equal(15.0m, r.Indicators[0].Value.Value);
        Assert.Equal(["COD"], Keys(r.Deciding));
    }

    [Fact]
    public void Q_MEAN_4_COD_15_06_rounds_to_15_1_and_is_class_III()
    {
        var r = Evaluate(S("COD", 15.06m));
        Assert.Equal(WaterClass.III, r.Class);
        Assert.Equal(15.1m, r.Indicators[0].Value.Value);
    }

    [Fact]
    public void Q_MEAN_1_TP_0_1_and_0_2_average_to_0_15_which_is_class_III()
    {
        var r = Evaluate(S("TP", 0.1m), S("TP", 0.2m, day: 20));
        Assert.Equal(WaterClass.III, r.Class);
        Assert.Equal(0.150m, r.Indicators[0].Value.Value);
        Assert.Equal(2, r.Indicators[0].SampleCount);
        Assert.Equal(["TP"], Keys(r.Deciding));
    }

    [Fact]
    public void Q_MEAN_3_NH3N_below_detection_limit_0_025_counts_as_0_0125_and_rounds_to_0_01()
    {
        var r = Evaluate(BelowLimit("NH3N", 0.025m));
        Assert.Equal(0.0125m, r.Indicators[0].Mean);
        Assert.Equal(0.01m, r.Indicators[0].Value.Value);
        Assert.Equal(WaterClass.I, r.Class);
        Assert.Equal(["NH3N"], Keys(r.Deciding));
    }

    [Fact]
    public void Q_MEAN_2_pH_6_and_8_average_through_hydrogen_ions_to_6_297_reported_6()
    {
        var r = Evaluate(S("pH", 6m), S("pH", 8m, day: 20));
        Assert.Equal(6.297m, decimal.Round(r.Indicators[0].Mean, 3));
        Assert.Equal(6m, r.Indicators[0].Value.Value);
        Assert.Equal(0, r.Indicators[0].Value.Decimals);
        Assert.Equal(WaterClass.I, r.Class);
        Assert.Equal(["pH"], Keys(r.Deciding));
    }

    [Fact]
    public void Q_CLS_2_DO_1_9_is_worse_than_V()
    {
        var r = Evaluate(S("DO", 1.9m));
        Assert.Equal(WaterClass.WorseThanV, r.Class);
        Assert.Equal(["DO"], Keys(r.Deciding));
        Assert.Null(r.Indicators[0].Exceedance);
    }

    [Fact]
    public void Q_SEC_1_Q_MAIN_1_TP_BOD5_NH3N_COD_is_V_decided_by_TP_and_BOD5_with_three_main_pollutants()
    {
        var r = Evaluate(S("TP", 0.34m), S("BOD5", 8m), S("NH3N", 1.3m), S("COD", 25m));
        Assert.Equal(WaterClass.V, r.Class);
        Assert.Equal(["BOD5", "TP"], Keys(r.Deciding));
        Assert.Equal(["BOD5", "TP", "NH3N"], Keys(r.MainPollutants.Select(m => m.Indicator)));
        Assert.Equal([1.0m, 0.7m, 0.3m], r.MainPollutants.Select(m => m.Exceedance!.Value).ToArray());
        Assert.Equal("中度污染", r.Grade!.NameZh);
        Assert.Equal(GradeColour.Orange, r.Grade.Colour);
    }
}
