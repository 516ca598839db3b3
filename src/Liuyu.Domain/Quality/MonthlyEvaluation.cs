namespace Liuyu.Domain.Quality;

/// <summary>One indicator's month at a section: its rounded monthly value, class and exceedance.</summary>
/// <param name="Indicator">The indicator as it counts for the section (TP_LAKE in a lake).</param>
/// <param name="SampleCount">Valid samples in the month.</param>
/// <param name="Mean">The unrounded monthly mean (Q-MEAN-1…3), in the indicator's unit.</param>
/// <param name="Value">Q-MEAN-4: the rounded value, which is what is classified and reported.</param>
/// <param name="Class">Q-CLS-1…3.</param>
/// <param name="Exceedance">Q-EXC-1 against the class Ⅲ limit (reports); null when not exceeded or not applicable.</param>
/// <param name="ClassIBySaturation">Q-CLS-2: DO was put in class Ⅰ because the mean supplied saturation is at least 90 %.</param>
public sealed record IndicatorEvaluation(
    Indicator Indicator,
    int SampleCount,
    decimal Mean,
    RoundedValue Value,
    WaterClass Class,
    decimal? Exceedance,
    bool ClassIBySaturation = false)
{
    /// <summary>
    /// Q-EXC-1 against another class's limit, e.g. the section's target class in a compensation explanation:
    /// <c>(C − C_ref) / C_ref</c> to 2 decimals when <c>C &gt; C_ref</c>; null for DO, pH, water temperature,
    /// for a reference without a limit (劣Ⅴ), or when the value does not exceed it.
    /// </summary>
    public decimal? ExceedanceAgainst(WaterClass reference) => Quality.Exceedance.Of(Indicator, Value.Value, reference);
}

/// <summary>Q-MAIN-1: one main pollutant (主要污染指标) of a section's month.</summary>
public sealed record MainPollutant(Indicator Indicator, WaterClass Class, decimal? Exceedance);

/// <summary>
/// The class of a section for a month computed from measured concentrations (R-DATA-3), with its explanation:
/// the indicators that took part, the deciding ones and the main pollutants. <see cref="Class"/> is null when no
/// class indicator had a valid sample (R-DATA-4, Q-IND-3).
/// </summary>
/// <param name="Class">Q-SEC-1: the worst indicator class; null without a result (R-DATA-4).</param>
/// <param name="Indicators">Indicators that took part (Q-IND-3), ordered by key (ordinal).</param>
/// <param name="Deciding">Q-SEC-1: every indicator at the section's class, ordered by key.</param>
/// <param name="MainPollutants">Q-MAIN-1: at most three, in rank order; empty unless the class is worse than Ⅲ.</param>
/// <param name="NotSampled">Q-IND-3: class indicators of this section without a valid sample this month.</param>
public sealed record MonthlyEvaluation(
    string SectionId,
    YearMonth Month,
    SectionProfile Profile,
    WaterClass? Class,
    IReadOnlyList<IndicatorEvaluation> Indicators,
    IReadOnlyList<Indicator> Deciding,
    IReadOnlyList<MainPollutant> MainPollutants,
    IReadOnlyList<Indicator> NotSampled)
{
    public bool HasResult => Class is not null;

    /// <summary>Q-SEC-2; null without a result.</summary>
    public QualityGrade? Grade => Class is { } c ? QualityGrade.Of(c) : null;

    public IReadOnlyList<Indicator> Participating => Indicators.Select(i => i.Indicator).ToList();

    /// <summary>True when every class indicator of the section took part; a class from a few indicators is not a full one.</summary>
    public bool IsComplete => NotSampled.Count == 0;
}
