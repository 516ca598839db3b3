using CsCheck;
using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>
/// Invariants of the single-factor evaluation, checked with CsCheck from a fixed seed (CsCheck prints the seed of a
/// failing case; set CsCheck_Seed to replay it).
/// </summary>
public class EvaluationProperties
{
    private const string Seed = SeedValue.Value;
    private static readonly IndicatorCatalog Catalog = IndicatorCatalog.Gb3838;
    private static readonly Indicator[] LowerIsBetter = Catalog.All.Where(i => i.Direction == LimitDirection.AtMost && i.RiverClass && i.Key != "TP_LAKE").ToArray();
    private static readonly Indicator[] RiverIndicators = SectionProfile.River.ClassIndicators(Catalog).ToArray();

    private static Sample Make(Indicator indicator, decimal value, int day = 15, decimal? saturation = null)
    {
        var problems = new List<SampleProblem>();
        return Sample.Create(new SampleInput("S1", new DateTime(2023, 1, day), indicator, value, null, false, null, saturation, SampleProvenance.Unknown), problems)
            ?? throw new InvalidOperationException(string.Join("; ", problems));
    }

    /// <summary>A plausible concentration for an indicator: 0 … 3× its class Ⅴ limit, at up to 2 more decimals than evaluated.</summary>
    private static Gen<decimal> ValueFor(Indicator i)
    {
        var decimals = i.EvalDecimals + 2;
        var scale = Enumerable.Range(0, decimals).Aggregate(1m, (p, _) => p * 10m);
        var max = i.IsPh ? 14m : i.IsDissolvedOxygen ? 15m : i.Limits[^1].High!.Value * 3m;
        return Gen.Long[0, (long)(max * scale)].Select(n => n / scale);
    }

    private static readonly Gen<(Indicator Indicator, decimal Value)> IndicatorValue =
        Gen.Int[0, RiverIndicators.Length - 1].SelectMany(ix => ValueFor(RiverIndicators[ix]).Select(v => (RiverIndicators[ix], v)));

    private static readonly Gen<(Indicator Indicator, decimal Value)[]> SectionMonth = IndicatorValue.Array[1, 30];

    private static MonthlyEvaluation Evaluate(IEnumerable<(Indicator Indicator, decimal Value)> samples) =>
        SectionEvaluator.Evaluate("S1", new YearMonth(2023, 1), SectionProfile.River, samples.Select((s, n) => Make(s.Indicator, s.Value, 1 + n % 28)));

    [Fact]
    public void Q_CLS_1_raising_a_lower_is_better_concentration_never_improves_the_class() =>
        Gen.Int[0, LowerIsBetter.Length - 1]
            .SelectMany(ix => Gen.Select(ValueFor(LowerIsBetter[ix]), ValueFor(LowerIsBetter[ix]), (a, b) => (LowerIsBetter[ix], Math.Min(a, b), Math.Max(a, b))))
            .Sample(t =>
            {
                var (indicator, low, high) = t;
                var before = Evaluate([(indicator, low)]).Class!.Value;
                var after = Evaluate([(indicator, high)]).Class!.Value;
                return after >= before;
            }, seed: Seed, iter: 2000);

    [Fact]
    public void Q_CLS_1_raising_one_sample_of_a_section_month_never_improves_the_section_class() =>
        Gen.Select(SectionMonth, Gen.Int[0, 1000], Gen.Decimal[0m, 5m].Select(d => decimal.Round(d, 4)))
            .Sample(t =>
            {
                var (samples, pick, rise) = t;
                var candidates = samples.Select((s, ix) => (s, ix)).Where(x => x.s.Indicator.Direction == LimitDirection.AtMost).ToList();
                if (candidates.Count == 0) return true;
                var target = candidates[pick % candidates.Count].ix;
                var raised = samples.Select((s, ix) => ix == target ? (s.Indicator, s.Value + rise * s.Indicator.Limits[^1].High!.Value) : s).ToArray();
                return Evaluate(raised).Class!.Value >= Evaluate(samples).Class!.Value;
            }, seed: Seed, iter: 1000);

    [Fact]
    public void Q_CLS_2_lowering_DO_never_improves_the_class() =>
        Gen.Select(ValueFor(Catalog["DO"]), ValueFor(Catalog["DO"]))
            .Sample(t =>
            {
                var (a, b) = t;
                var (low, high) = (Math.Min(a, b), Math.Max(a, b));
                var classLow = Evaluate([(Catalog["DO"], low)]).Class!.Value;
                var classHigh = Evaluate([(Catalog["DO"], high)]).Class!.Value;
                return classLow >= classHigh;
            }, seed: Seed, iter: 2000);

    [Fact]
    public void Q_SEC_1_the_section_class_is_the_worst_indicator_class_and_the_deciding_ones_are_exactly_those_at_it() =>
        SectionMonth.Sample(samples =>
        {
            var r = Evaluate(samples);
            var worst = r.Indicators.Max(i => i.Class);
            return r.Class == worst
                && r.Deciding.SequenceEqual(r.Indicators.Where(i => i.Class == worst).Select(i => i.Indicator))
                && r.MainPollutants.Count <= 3
                && r.MainPollutants.All(m => m.Class > WaterClass.III)
                && (r.Class > WaterClass.III) == (r.MainPollutants.Count > 0);
        }, seed: Seed, iter: 1000);
}
