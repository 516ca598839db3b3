namespace Liuyu.Domain.Quality;

/// <summary>
/// The single-factor evaluation (单因子评价法) of a section's month from its samples (gb3838.md, R-DATA-3).
/// Pure: the caller chooses the samples, the profile and the catalog.
/// </summary>
public static class SectionEvaluator
{
    /// <summary>Q-CLS-2 (decision): DO is class Ⅰ when the month's mean supplied saturation reaches this percentage.</summary>
    public const decimal SaturationForClassI = 90m;

    /// <summary>Q-EXC-1: reports measure exceedance against class Ⅲ.</summary>
    public static readonly WaterClass ReportReference = WaterClass.III;

    /// <summary>
    /// Evaluates one section's month with the shipped GB 3838-2002 limits. Every sample must belong to
    /// <paramref name="sectionId"/> and <paramref name="month"/> (a caller passing others has a bug).
    /// Samples of indicators outside the section's class (water temperature, fecal coliforms, TN without
    /// opt-in) are ignored. Returns a result without class when no class indicator has a sample (R-DATA-4).
    /// </summary>
    public static MonthlyEvaluation Evaluate(string sectionId, YearMonth month, SectionProfile profile, IEnumerable<Sample> samples) =>
        Evaluate(sectionId, month, profile, samples, IndicatorCatalog.Gb3838);

    public static MonthlyEvaluation Evaluate(string sectionId, YearMonth month, SectionProfile profile, IEnumerable<Sample> samples, IndicatorCatalog catalog)
    {
        var byIndicator = new Dictionary<Indicator, IndicatorAccumulator>();
        foreach (var s in samples)
        {
            if (s.SectionId != sectionId || s.Month != month)
                throw new ArgumentException($"sample of {s.SectionId} {s.Month} passed to the evaluation of {sectionId} {month}", nameof(samples));
            if (profile.CountsAs(s.Indicator, catalog) is not { } counted) continue;
            if (!byIndicator.TryGetValue(counted, out var acc)) byIndicator[counted] = acc = new IndicatorAccumulator();
            acc.Add(s);
        }
        return Evaluate(sectionId, month, profile, byIndicator, catalog);
    }

    /// <summary>
    /// Evaluates one section's month from running totals per sampled indicator (a streaming reader's accumulators;
    /// see <see cref="IndicatorAccumulator"/>). Indicators outside the section's class are ignored; TP and TP_LAKE
    /// are merged into the one the section's water body counts (Q-IND-1).
    /// </summary>
    public static MonthlyEvaluation Evaluate(string sectionId, YearMonth month, SectionProfile profile,
        IEnumerable<KeyValuePair<Indicator, IndicatorAccumulator>> sampled, IndicatorCatalog catalog) =>
        Evaluate(sectionId, month, profile, sampled.ToArray().AsSpan(), catalog);

    /// <inheritdoc cref="Evaluate(string, YearMonth, SectionProfile, IEnumerable{KeyValuePair{Indicator, IndicatorAccumulator}}, IndicatorCatalog)"/>
    public static MonthlyEvaluation Evaluate(string sectionId, YearMonth month, SectionProfile profile,
        ReadOnlySpan<KeyValuePair<Indicator, IndicatorAccumulator>> sampled, IndicatorCatalog catalog)
    {
        // A month has a few tens of indicators at most: an array searched in place does what a dictionary would, and
        // every list is made at its final size (a national file has 24,000 months, each evaluated once).
        var counted = new (Indicator Indicator, IndicatorAccumulator Totals)[sampled.Length];
        var n = 0;
        foreach (var (indicator, acc) in sampled)
        {
            if (acc.Count == 0 || profile.CountsAs(indicator, catalog) is not { } countedAs) continue;
            var at = IndexOf(counted.AsSpan(0, n), countedAs);
            if (at < 0) counted[n++] = (countedAs, acc);
            else
            {
                var merged = new IndicatorAccumulator();
                merged.Merge(counted[at].Totals);
                merged.Merge(acc);
                counted[at] = (countedAs, merged);
            }
        }
        var taking = counted.AsSpan(0, n);

        var indicators = new IndicatorEvaluation[n];
        for (var k = 0; k < n; k++) indicators[k] = EvaluateIndicator(taking[k].Indicator, taking[k].Totals);
        Array.Sort(indicators, static (a, b) => string.CompareOrdinal(a.Indicator.Key, b.Indicator.Key));
        var classIndicators = profile.ClassIndicators(catalog);
        var missing = 0;
        for (var k = 0; k < classIndicators.Count; k++)
            if (IndexOf(taking, classIndicators[k]) < 0) missing++;
        var notSampled = missing == 0 ? [] : new Indicator[missing];
        for (int k = 0, m = 0; m < missing; k++)
            if (IndexOf(taking, classIndicators[k]) < 0) notSampled[m++] = classIndicators[k];
        if (n == 0)
            return new MonthlyEvaluation(sectionId, month, profile, null, [], [], [], notSampled);

        // Q-SEC-1: the worst indicator class is the section's class.
        var worst = indicators[0].Class;
        foreach (var e in indicators) worst = WaterClass.Worse(worst, e.Class);
        var atWorst = 0;
        foreach (var e in indicators)
            if (e.Class == worst) atWorst++;
        var deciding = new Indicator[atWorst];
        for (int k = 0, d = 0; d < atWorst; k++)
            if (indicators[k].Class == worst) deciding[d++] = indicators[k].Indicator;
        return new MonthlyEvaluation(sectionId, month, profile, worst, indicators, deciding, MainPollutantsOf(worst, indicators), notSampled);
    }

    private static int IndexOf(ReadOnlySpan<(Indicator Indicator, IndicatorAccumulator Totals)> counted, Indicator indicator)
    {
        for (var i = 0; i < counted.Length; i++)
            if (counted[i].Indicator == indicator) return i;
        return -1;
    }

    /// <summary>Groups samples by section and month and evaluates each; sections without a profile are rivers without TN.</summary>
    public static IReadOnlyList<MonthlyEvaluation> EvaluateAll(IEnumerable<Sample> samples, IReadOnlyDictionary<string, SectionProfile> profiles, IndicatorCatalog? catalog = null)
    {
        catalog ??= IndicatorCatalog.Gb3838;
        return samples
            .GroupBy(s => (s.SectionId, s.Month))
            .OrderBy(g => g.Key.SectionId, StringComparer.Ordinal).ThenBy(g => g.Key.Month)
            .Select(g => Evaluate(g.Key.SectionId, g.Key.Month, profiles.GetValueOrDefault(g.Key.SectionId) ?? SectionProfile.River, g, catalog))
            .ToList();
    }

    /// <summary>Q-MEAN-1…4, Q-CLS-1…3, Q-EXC-1 for one indicator's valid samples of the month.</summary>
    public static IndicatorEvaluation EvaluateIndicator(Indicator indicator, IReadOnlyList<Sample> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("an indicator without samples does not take part (Q-IND-3)", nameof(samples));
        var acc = new IndicatorAccumulator();
        foreach (var s in samples) acc.Add(s);
        return EvaluateIndicator(indicator, acc);
    }

    /// <summary>Q-MEAN-1…4, Q-CLS-1…3, Q-EXC-1 for one indicator's month from its running totals.</summary>
    public static IndicatorEvaluation EvaluateIndicator(Indicator indicator, IndicatorAccumulator samples)
    {
        if (samples.Count == 0) throw new ArgumentException("an indicator without samples does not take part (Q-IND-3)", nameof(samples));
        var mean = samples.Mean(indicator.IsPh);
        var rounded = EvaluationRounding.RoundMean(mean, indicator.EvalDecimals);
        var cls = indicator.Classify(rounded.Value)
            ?? throw new InvalidOperationException($"{indicator.Key} has no class limits and cannot take part in a class");

        var bySaturation = false;
        if (indicator.IsDissolvedOxygen && samples.SaturationCount > 0
            && samples.SaturationSum / samples.SaturationCount >= SaturationForClassI && cls != WaterClass.I)
        {
            cls = WaterClass.I;
            bySaturation = true;
        }
        return new IndicatorEvaluation(indicator, samples.Count, mean, rounded, cls,
            Exceedance.Of(indicator, rounded.Value, ReportReference), bySaturation);
    }

    /// <summary>
    /// Q-MAIN-1: only when the section is worse than Ⅲ: the indicators worse than Ⅲ, cyanide and heavy metals
    /// first, then worst class, then largest exceedance (none last), then key; at most three.
    /// </summary>
    public static IReadOnlyList<MainPollutant> MainPollutantsOf(WaterClass sectionClass, IEnumerable<IndicatorEvaluation> indicators)
    {
        if (sectionClass <= WaterClass.III) return [];
        return indicators
            .Where(e => e.Class > WaterClass.III)
            .OrderBy(e => e.Indicator.IsCyanideOrHeavyMetal ? 0 : 1)
            .ThenByDescending(e => e.Class)
            .ThenByDescending(e => e.Exceedance ?? -1m)
            .ThenBy(e => e.Indicator.Key, StringComparer.Ordinal)
            .Take(3)
            .Select(e => new MainPollutant(e.Indicator, e.Class, e.Exceedance))
            .ToList();
    }
}
