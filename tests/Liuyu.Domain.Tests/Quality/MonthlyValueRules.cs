using Liuyu.Domain;
using Liuyu.Domain.Quality;
using static Liuyu.Domain.Tests.Quality.SampleBuilder;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>Q-MEAN-1…5: the monthly value of an indicator.</summary>
public class MonthlyValueRules
{
    [Theory]
    [InlineData(0.125, 2, 0.12)]
    [InlineData(0.135, 2, 0.14)]
    [InlineData(0.1251, 2, 0.13)]
    [InlineData(15.05, 1, 15.0)]
    [InlineData(15.15, 1, 15.2)]
    [InlineData(2.5, 0, 2)]
    [InlineData(3.5, 0, 4)]
    public void Q_MEAN_4_rounds_half_to_even_in_one_step(double mean, int decimals, double expected) =>
        Assert.Equal((decimal)expected, EvaluationRounding.RoundMean((decimal)mean, decimals).Value);

    [Fact]
    public void Q_MEAN_4_rounds_in_one_step_not_digit_by_digit()
    {
        // 0.0449 → 0.04 at 2 decimals; stepwise (0.045 → 0.04/0.05) would risk a different answer.
        Assert.Equal(0.04m, EvaluationRounding.RoundMean(0.0449m, 2).Value);
    }

    [Theory]
    [InlineData(0.003, 2, 0.003, 3)]
    [InlineData(0.0035, 2, 0.004, 3)]
    [InlineData(0.0025, 2, 0.002, 3)]
    [InlineData(0.000004, 5, 0.000004, 6)]
    [InlineData(0.00096, 2, 0.001, 4)]
    public void Q_MEAN_4_a_non_zero_mean_that_would_round_to_zero_keeps_one_significant_digit(double mean, int decimals, double expected, int keptDecimals)
    {
        var r = EvaluationRounding.RoundMean((decimal)mean, decimals);
        Assert.Equal((decimal)expected, r.Value);
        Assert.Equal(keptDecimals, r.Decimals);
    }

    [Fact]
    public void Q_MEAN_4_zero_stays_zero() => Assert.Equal(0m, EvaluationRounding.RoundMean(0m, 2).Value);

    [Fact]
    public void Q_MEAN_5_decimal_arithmetic_makes_0_1_plus_0_2_classify_as_0_3()
    {
        // (0.1 + 0.2 + 0.6) / 3 is exactly 0.3 in decimal; in binary floating point it is not.
        var r = Evaluate(S("NH3N", 0.1m), S("NH3N", 0.2m, day: 16), S("NH3N", 0.6m, day: 17));
        Assert.Equal(0.3m, r.Indicators[0].Mean);
        Assert.Equal(0.1m + 0.2m, 0.3m);
    }

    [Fact]
    public void Q_MEAN_2_equal_pH_values_average_to_themselves_and_a_6_5_tie_rounds_to_6()
    {
        var r = Evaluate(S("pH", 6.5m), S("pH", 6.5m, day: 20));
        Assert.Equal(6.5m, r.Indicators[0].Mean);
        Assert.Equal(6m, r.Indicators[0].Value.Value);
    }

    [Fact]
    public void Q_MEAN_2_an_exact_hydrogen_ion_tie_from_different_values_still_rounds_half_to_even()
    {
        // One 5.5 and ten 7.5: mean [H+] = (10^-5.5 + 10·10^-7.5)/11 = 10^-6.5 exactly.
        var samples = new[] { S("pH", 5.5m) }.Concat(Enumerable.Range(1, 10).Select(d => S("pH", 7.5m, day: d + 1))).ToArray();
        var r = Evaluate(samples);
        Assert.Equal(6.5m, r.Indicators[0].Mean);
        Assert.Equal(6m, r.Indicators[0].Value.Value);
    }

    [Fact]
    public void Q_MEAN_2_pH_mean_matches_minus_log10_of_mean_hydrogen_ion()
    {
        Assert.Equal(6.29671m, decimal.Round(PhMean.Of([6m, 8m]), 5)); // −log10((10^−6 + 10^−8) / 2)
        Assert.Equal(7.0m, decimal.Round(PhMean.Of([7m, 7m]), 1));
        Assert.Equal(5.30103m, decimal.Round(PhMean.Of([5m, 14m]), 5));
    }

    [Fact]
    public void Q_MEAN_3_a_non_detect_counts_as_half_its_detection_limit_in_the_mean()
    {
        var r = Evaluate(BelowLimit("COD", 10m), S("COD", 25m, day: 20));
        Assert.Equal(15m, r.Indicators[0].Mean);
        Assert.Equal(WaterClass.I, r.Class);
    }

    [Fact]
    public void Q_UNIT_1_micrograms_per_litre_are_divided_by_1000()
    {
        var r = Evaluate(S("Hg", 0.5m, unit: "μg/L"), S("Cd", 2m, unit: "ug/L"), S("Pb", 40m, unit: "微克/升"));
        Assert.Equal([0.00050m, 0.00200m, 0.040m], r.Indicators.OrderBy(i => i.Indicator.Key == "Hg" ? 0 : i.Indicator.Key == "Cd" ? 1 : 2).Select(i => i.Value.Value).ToArray());
    }
}
