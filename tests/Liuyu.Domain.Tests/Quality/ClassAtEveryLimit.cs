using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>
/// Q-CLS-1, Q-CLS-2, Q-MEAN-4 for every indicator of gb3838.csv and every class limit: the value at the limit,
/// one unit of the evaluation decimals beyond it, and the half-even rounding boundary half a unit beyond it.
/// Expected classes are derived from the table's numbers, not from the classifier.
/// </summary>
public class ClassAtEveryLimit
{
    private static readonly IndicatorCatalog Catalog = IndicatorCatalog.Gb3838;

    public static TheoryData<string, int> LowerIsBetterLimits()
    {
        var data = new TheoryData<string, int>();
        foreach (var i in Catalog.All.Where(i => i.Direction == LimitDirection.AtMost))
            for (var c = 1; c <= 5; c++) data.Add(i.Key, c);
        return data;
    }

    public static TheoryData<int> DissolvedOxygenLimits() => [1, 2, 3, 4, 5];

    private static decimal Unit(Indicator i) => 1m / Pow10(i.EvalDecimals);

    private static decimal Pow10(int n) => Enumerable.Range(0, n).Aggregate(1m, (p, _) => p * 10m);

    private static bool LastDigitIsEven(decimal limit, int decimals) => decimal.Truncate(limit * Pow10(decimals)) % 2 == 0;

    private static WaterClass ClassOf(Indicator indicator, decimal value)
    {
        var problems = new List<SampleProblem>();
        var sample = Sample.Create(new SampleInput("S1", new DateTime(2023, 1, 15), indicator, value, null, false, null, null, SampleProvenance.Unknown), problems);
        Assert.Empty(problems);
        return SectionEvaluator.EvaluateIndicator(indicator, [sample!]).Class;
    }

    /// <summary>The best class whose limit equals this one (shared limits go to the better class).</summary>
    private static WaterClass BestWithLimit(IReadOnlyList<decimal> limits, decimal limit) => WaterClass.FromOrdinal(limits.ToList().IndexOf(limit) + 1);

    /// <summary>For le: the best class whose limit is strictly looser, else 劣Ⅴ.</summary>
    private static WaterClass NextLooser(IReadOnlyList<decimal> limits, decimal limit, bool higherIsLooser)
    {
        for (var c = 0; c < limits.Count; c++)
            if (higherIsLooser ? limits[c] > limit : limits[c] < limit) return WaterClass.FromOrdinal(c + 1);
        return WaterClass.WorseThanV;
    }

    [Theory]
    [MemberData(nameof(LowerIsBetterLimits))]
    public void Q_CLS_1_the_value_at_the_limit_is_the_best_class_with_that_limit(string key, int ordinal)
    {
        var i = Catalog[key];
        var limits = i.Limits.Select(l => l.High!.Value).ToList();
        var limit = limits[ordinal - 1];
        Assert.Equal(BestWithLimit(limits, limit), ClassOf(i, limit));
    }

    [Theory]
    [MemberData(nameof(LowerIsBetterLimits))]
    public void Q_CLS_1_one_unit_of_eval_decimals_above_the_limit_is_the_next_looser_class(string key, int ordinal)
    {
        var i = Catalog[key];
        var limits = i.Limits.Select(l => l.High!.Value).ToList();
        var limit = limits[ordinal - 1];
        Assert.Equal(NextLooser(limits, limit, higherIsLooser: true), ClassOf(i, limit + Unit(i)));
    }

    [Theory]
    [MemberData(nameof(LowerIsBetterLimits))]
    public void Q_MEAN_4_half_a_unit_above_the_limit_rounds_half_to_even(string key, int ordinal)
    {
        var i = Catalog[key];
        var limits = i.Limits.Select(l => l.High!.Value).ToList();
        var limit = limits[ordinal - 1];
        var half = Unit(i) / 2;
        var expected = LastDigitIsEven(limit, i.EvalDecimals) ? BestWithLimit(limits, limit) : NextLooser(limits, limit, true);
        Assert.Equal(expected, ClassOf(i, limit + half));
        // Just either side of the tie there is no choice to make.
        Assert.Equal(BestWithLimit(limits, limit), ClassOf(i, limit + half - half / 100));
        Assert.Equal(NextLooser(limits, limit, true), ClassOf(i, limit + half + half / 100));
    }

    [Theory]
    [MemberData(nameof(DissolvedOxygenLimits))]
    public void Q_CLS_2_DO_at_the_limit_is_that_class_one_unit_below_is_worse_and_half_a_unit_below_rounds_half_to_even(int ordinal)
    {
        var i = Catalog["DO"];
        var limits = i.Limits.Select(l => l.Low!.Value).ToList();
        var limit = limits[ordinal - 1];
        var unit = Unit(i);
        Assert.Equal(BestWithLimit(limits, limit), ClassOf(i, limit));
        Assert.Equal(NextLooser(limits, limit, higherIsLooser: false), ClassOf(i, limit - unit));
        var expected = LastDigitIsEven(limit, i.EvalDecimals) ? BestWithLimit(limits, limit) : NextLooser(limits, limit, false);
        Assert.Equal(expected, ClassOf(i, limit - unit / 2));
    }

    [Theory]
    [InlineData(6, 1)]
    [InlineData(9, 1)]
    [InlineData(5, 6)]
    [InlineData(10, 6)]
    [InlineData(5.5, 1)]  // rounds half to even to 6: inside
    [InlineData(9.5, 6)]  // rounds half to even to 10: outside
    [InlineData(5.49, 6)]
    [InlineData(9.49, 1)]
    [InlineData(0, 6)]
    [InlineData(14, 6)]
    public void Q_CLS_3_pH_inside_6_to_9_after_rounding_is_class_I_outside_is_worse_than_V(double ph, int ordinal) =>
        Assert.Equal(WaterClass.FromOrdinal(ordinal), ClassOf(Catalog["pH"], (decimal)ph));

    [Fact]
    public void Q_CLS_1_the_shared_limits_named_in_gb3838_md_go_to_the_better_class()
    {
        Assert.Equal(WaterClass.I, ClassOf(Catalog["COD"], 15m));
        Assert.Equal(WaterClass.II, ClassOf(Catalog["Cu"], 1.0m));
        Assert.Equal(WaterClass.III, ClassOf(Catalog["CN"], 0.2m));
    }

    [Fact]
    public void Water_temperature_has_no_class() => Assert.Null(Catalog["WT"].Classify(20m));
}
