using Liuyu.Domain.Quality;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>
/// Q-MEAN-1…3: the monthly value from running totals (IndicatorAccumulator), filled in any order and merged from
/// chunks, equals the value from the samples in order; Q-MEAN-2's table of 10^−x equals the series it replaces.
/// </summary>
public class MonthlyValueFromRunningTotals
{
    [Fact]
    public void The_pH_table_equals_the_series_for_every_two_decimal_value_from_0_to_14()
    {
        for (var h = 0; h <= 1400; h++)
        {
            var x = h / 100m;
            Assert.Equal(PhMean.TenToMinusBySeries(x), PhMean.TenToMinus(x));
            Assert.Equal(PhMean.TenToMinusBySeries(x), PhMean.TenToMinus(decimal.Round(x, 2) + 0.000m)); // written with more places
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_pH_mean_does_not_depend_on_order_or_chunking_for_seed(int seed)
    {
        var rng = new Random(seed);
        for (var trial = 0; trial < 300; trial++)
        {
            var values = Enumerable.Range(0, 1 + rng.Next(700))
                .Select(_ => rng.Next(20) == 0 ? rng.Next(0, 140_001) / 10_000m : rng.Next(550, 950) / 100m).ToList();
            var mean = PhMean.Of(values);
            var shuffled = values.OrderBy(_ => rng.Next()).ToList();
            Assert.True(mean == PhMean.Of(shuffled), $"seed {seed} trial {trial}");

            var chunks = new List<IndicatorAccumulator>();
            foreach (var chunk in shuffled.Chunk(1 + rng.Next(100)))
            {
                var acc = new IndicatorAccumulator();
                foreach (var v in chunk) acc.Add(isPh: true, v, null);
                chunks.Add(acc);
            }
            var merged = new IndicatorAccumulator();
            foreach (var c in chunks) merged.Merge(c);
            Assert.True(mean == merged.Mean(isPh: true), $"seed {seed} trial {trial}");
            Assert.Equal(values.Count, merged.Count);
        }
    }

    [Theory]
    [InlineData(6.00, 8.00, 6.29671)]
    [InlineData(7.00, 7.00, 7.00000)]
    [InlineData(5.00, 14.00, 5.30103)]
    [InlineData(6.35, 6.36, 6.35497)]
    public void The_pH_mean_of_two_values_matches_the_formula(double a, double b, double expected)
    {
        var mean = PhMean.Of([(decimal)a, (decimal)b]);
        var formula = -Math.Log10((Math.Pow(10, -a) + Math.Pow(10, -b)) / 2);
        Assert.Equal((decimal)expected, decimal.Round(mean, 5));
        Assert.Equal(formula, (double)mean, 9);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void An_indicator_month_from_merged_totals_equals_the_month_from_its_samples_for_seed(int seed)
    {
        var rng = new Random(seed);
        var catalog = IndicatorCatalog.Gb3838;
        foreach (var key in new[] { "COD", "DO", "pH", "NH3N", "Hg" })
        {
            var indicator = catalog[key];
            for (var trial = 0; trial < 100; trial++)
            {
                var samples = Enumerable.Range(0, 1 + rng.Next(200)).Select(i =>
                {
                    var below = !indicator.IsPh && rng.Next(10) == 0;
                    var value = indicator.IsPh ? rng.Next(500, 1000) / 100m : rng.Next(0, 100_000) / 10_000m;
                    decimal? saturation = indicator.IsDissolvedOxygen && rng.Next(2) == 0 ? rng.Next(60, 120) : null;
                    return Sample.Create(new SampleInput("S1", new DateTime(2023, 5, 1 + rng.Next(28)), indicator, below ? null : value, null, below,
                        below ? 0.01m : null, saturation, SampleProvenance.Unknown), new List<SampleProblem>())!;
                }).ToList();
                var fromSamples = SectionEvaluator.EvaluateIndicator(indicator, samples);
                var merged = new IndicatorAccumulator();
                foreach (var chunk in samples.OrderBy(_ => rng.Next()).Chunk(1 + rng.Next(50)))
                {
                    var acc = new IndicatorAccumulator();
                    foreach (var s in chunk) acc.Add(s);
                    merged.Merge(acc);
                }
                Assert.Equal(fromSamples, SectionEvaluator.EvaluateIndicator(indicator, merged));
            }
        }
    }
}
