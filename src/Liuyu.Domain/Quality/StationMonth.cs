namespace Liuyu.Domain.Quality;

/// <summary>One valid hourly value of an automatic station (自动站小时数据, HJ 212 CN=2061, data flag N), in the unit it was sent in.</summary>
public sealed record StationHourValue(DateTime Hour, Indicator Indicator, decimal Value, string? Unit);

/// <summary>
/// A section-month as its automatic station measured it: how many of the month's hours have valid data
/// (<see cref="ValidHours"/> of <see cref="HoursInMonth"/>), the share required, and the GB 3838 evaluation of the
/// month's mean of the valid hourly values (gb3838.md, Q-MEAN-1: each valid hour is one sample of the mean).
/// </summary>
public sealed record StationMonthEvaluation(YearMonth Month, int ValidHours, int HoursInMonth, decimal Required, MonthlyEvaluation Evaluation)
{
    /// <summary>The share of the month's hours with valid data, 0…1.</summary>
    public decimal Completeness => HoursInMonth == 0 ? 0m : (decimal)ValidHours / HoursInMonth;

    /// <summary>R-DATA-3 (issue 14): the month's class comes from the station when it delivered valid data for enough hours and gave a class.</summary>
    public bool UsesStation => Completeness >= Required && Evaluation.HasResult;
}

/// <summary>
/// R-DATA-3 (issue 14): a section-month's class from its automatic station's hourly data. A month uses the station when
/// valid data (flag N) of a class indicator arrived for at least <see cref="PolicyParameters.StationCompleteness"/> of
/// its hours (75 %); otherwise the lab samples (or nothing) decide it. Values whose unit cannot be converted or that no
/// concentration can take (negative, pH outside 0–14, Q-CLS-4) do not count.
/// </summary>
public static class StationMonth
{
    public static int HoursIn(YearMonth month) => DateTime.DaysInMonth(month.Year, month.Month) * 24;

    public static StationMonthEvaluation Evaluate(string sectionId, YearMonth month, SectionProfile profile, IEnumerable<StationHourValue> valid, decimal required)
    {
        var samples = new List<Sample>();
        var hours = new HashSet<DateTime>();
        var problems = new List<SampleProblem>();
        var catalog = IndicatorCatalog.Gb3838;
        foreach (var v in valid)
        {
            if (new YearMonth(v.Hour.Year, v.Hour.Month) != month)
                throw new ArgumentException($"hour {v.Hour:s} passed to the evaluation of {month}", nameof(valid));
            if (profile.CountsAs(v.Indicator, catalog) is null) continue;
            problems.Clear();
            var sample = Sample.Create(new SampleInput(sectionId, v.Hour, v.Indicator, v.Value, v.Unit, false, null, null, new SampleProvenance("station", SampleSource.Unspecified)), problems);
            if (sample is null) continue;
            samples.Add(sample);
            hours.Add(new DateTime(v.Hour.Year, v.Hour.Month, v.Hour.Day, v.Hour.Hour, 0, 0));
        }
        return new StationMonthEvaluation(month, hours.Count, HoursIn(month), required, SectionEvaluator.Evaluate(sectionId, month, profile, samples));
    }

    /// <summary>
    /// The unit an HJ 212 code's value is sent in by default (HJ 212-2017 Table B.1): several metals in μg/L, where
    /// GB 3838 limits are in mg/L (hj212.md §8); null means the indicator's own unit.
    /// </summary>
    public static string? DefaultUnitOf(string code) => code switch
    {
        "w20111" or "w20115" or "w20117" or "w20119" or "w20120" or "w20128" or "w20142" or "w20143" => "μg/L",
        _ => null,
    };
}
