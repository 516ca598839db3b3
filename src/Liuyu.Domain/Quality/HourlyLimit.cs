namespace Liuyu.Domain.Quality;

/// <summary>
/// One hourly value against the band of a class (the stations page, issue 14): the value in the indicator's unit, the
/// class's band (<see cref="ClassLimit.Low"/> for DO, both ends for pH, <see cref="ClassLimit.High"/> otherwise) and
/// whether the value falls outside it. Null <see cref="Band"/>: the indicator has no limit for that class (water
/// temperature, 劣Ⅴ) and nothing is exceeded.
/// </summary>
public sealed record HourlyCheck(decimal Value, ClassLimit? Band, bool Exceeds);

/// <summary>
/// A single hour read against GB 3838 (gb3838.md, Q-CLS-1…3): the value rounded as a monthly value would be (Q-MEAN-4)
/// and tested against the band of the class, so an hour "exceeds" exactly when a month of such hours would be worse
/// than that class for this indicator. A warning, not a result: the month's class is the mean's (Q-MEAN-1).
/// </summary>
public static class HourlyLimit
{
    /// <summary>The check, or null when the value cannot be read in the indicator's unit or is no concentration (negative).</summary>
    public static HourlyCheck? Check(Indicator indicator, decimal value, string? unit, WaterClass against)
    {
        if (!ConcentrationUnit.TryFactor(indicator, unit, out var factor) || value < 0) return null;
        var converted = value * factor;
        var band = indicator.Limits.FirstOrDefault(l => l.Class == against);
        if (band == default) return new HourlyCheck(converted, null, false);
        var rounded = EvaluationRounding.RoundMean(converted, indicator.EvalDecimals).Value;
        return new HourlyCheck(converted, band, !band.Admits(rounded));
    }
}
