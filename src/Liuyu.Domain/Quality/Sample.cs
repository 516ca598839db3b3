namespace Liuyu.Domain.Quality;

/// <summary>Who produced a sample (R-DATA-2, R-DATA-3): the municipal monitoring centre, a joint district monitoring, …</summary>
public enum SampleSource
{
    Unspecified,
    /// <summary>市监测中心: the municipal monitoring centre.</summary>
    MonitoringCentre,
    /// <summary>联合监测: the districts' joint monitoring.</summary>
    Joint,
    /// <summary>A district's own monitoring station.</summary>
    District,
    /// <summary>An automatic (online) station, e.g. received over HJ 212.</summary>
    Automatic,
}

/// <summary>
/// Where a sample came from, kept so a stored sample can be traced: who measured it, the source, the
/// file and row it was imported from and when (the time is the caller's, the domain has no clock).
/// </summary>
public sealed record SampleProvenance(string? MeasuredBy, SampleSource Source, string? ImportedFrom = null, int? ImportedRow = null, DateTimeOffset? ImportedAt = null)
{
    public static SampleProvenance Unknown { get; } = new(null, SampleSource.Unspecified);
}

/// <summary>The field of a sample an input problem is about, so a reader can name the column.</summary>
public enum SampleField { Section, SampledAt, Indicator, Value, Unit, Flag, DetectionLimit, Saturation }

/// <summary>A problem with a sample a user can fix (Q-CLS-4, Q-MEAN-3, Q-UNIT-1).</summary>
public sealed record SampleProblem(SampleField Field, string Message);

/// <summary>A sample as read, before the rules of gb3838.md are applied: values in the unit written.</summary>
public sealed record SampleInput(
    string SectionId,
    DateTime SampledAt,
    Indicator Indicator,
    decimal? Value,
    string? Unit,
    bool BelowDetectionLimit,
    decimal? DetectionLimit,
    decimal? SaturationPercent,
    SampleProvenance Provenance);

/// <summary>
/// One measured sample (监测样品) of a section: a concentration of one indicator, converted to the indicator's
/// unit, or a non-detect (below the detection limit, flag <c>L</c>), with its provenance. Valid by construction:
/// build it with <see cref="Create"/>.
/// </summary>
public sealed record Sample
{
    private Sample(string sectionId, DateTime sampledAt, Indicator indicator, decimal? value, bool belowDetectionLimit,
        decimal? detectionLimit, decimal? saturationPercent, string? originalUnit, SampleProvenance provenance)
    {
        SectionId = sectionId;
        SampledAt = sampledAt;
        Indicator = indicator;
        Value = value;
        BelowDetectionLimit = belowDetectionLimit;
        DetectionLimit = detectionLimit;
        SaturationPercent = saturationPercent;
        OriginalUnit = originalUnit;
        Provenance = provenance;
    }

    public string SectionId { get; }
    /// <summary>Local date-time of sampling (a date alone is midnight).</summary>
    public DateTime SampledAt { get; }
    public Indicator Indicator { get; }
    /// <summary>The measured value in the indicator's unit; null for a non-detect.</summary>
    public decimal? Value { get; }
    public bool BelowDetectionLimit { get; }
    /// <summary>In the indicator's unit.</summary>
    public decimal? DetectionLimit { get; }
    /// <summary>DO saturation in percent, when supplied (Q-CLS-2).</summary>
    public decimal? SaturationPercent { get; }
    /// <summary>The unit as written in the input (null when none was written).</summary>
    public string? OriginalUnit { get; }
    public SampleProvenance Provenance { get; }

    public YearMonth Month => new(SampledAt.Year, SampledAt.Month);

    /// <summary>Q-MEAN-3: the value that enters the monthly mean; a non-detect counts as half the detection limit.</summary>
    public decimal EffectiveValue => BelowDetectionLimit ? DetectionLimit!.Value / 2m : Value!.Value;

    /// <summary>
    /// Applies the sample rules: a non-detect needs a detection limit (Q-MEAN-3); a concentration is never
    /// negative and pH lies in [0, 14] (Q-CLS-4); the unit must convert (Q-UNIT-1). Returns null and adds to
    /// <paramref name="problems"/> when the sample cannot be accepted.
    /// </summary>
    public static Sample? Create(SampleInput input, ICollection<SampleProblem> problems)
    {
        var before = problems.Count;
        var ind = input.Indicator;
        if (string.IsNullOrWhiteSpace(input.SectionId)) problems.Add(new(SampleField.Section, "the section is empty"));
        if (!ConcentrationUnit.TryFactor(ind, input.Unit, out var factor))
            problems.Add(new(SampleField.Unit,
                $"unit '{input.Unit}' cannot be converted for {ind.Key} (expected {(ind.Unit.Length == 0 ? "no unit" : ind.Unit + (ind.Unit == "mg/L" ? " or μg/L" : ""))})"));

        decimal? value = null, limit = null;
        if (input.DetectionLimit is { } dl)
        {
            if (dl <= 0) problems.Add(new(SampleField.DetectionLimit, $"the detection limit must be positive, got {dl}"));
            else limit = dl * factor;
        }
        if (input.BelowDetectionLimit)
        {
            if (input.DetectionLimit is null)
                problems.Add(new(SampleField.DetectionLimit, "a sample flagged L (below the detection limit) needs a detection limit"));
        }
        else if (input.Value is not { } v)
            problems.Add(new(SampleField.Value, "a value is required unless the flag is L"));
        else if (ind.IsPh && v is < 0 or > 14)
            problems.Add(new(SampleField.Value, $"pH must lie between 0 and 14, got {v}"));
        else if (v < 0)
            problems.Add(new(SampleField.Value, $"a concentration cannot be negative, got {v}"));
        else
            value = v * factor;

        if (input.SaturationPercent is < 0)
            problems.Add(new(SampleField.Saturation, $"a saturation cannot be negative, got {input.SaturationPercent}"));

        if (problems.Count > before) return null;
        return new Sample(input.SectionId.Trim(), input.SampledAt, ind, value, input.BelowDetectionLimit, limit,
            ind.IsDissolvedOxygen ? input.SaturationPercent : null, string.IsNullOrWhiteSpace(input.Unit) ? null : input.Unit.Trim(),
            input.Provenance);
    }
}
