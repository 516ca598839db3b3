namespace Liuyu.Domain.Quality;

/// <summary>How an indicator's class limits read (the <c>direction</c> column of gb3838.csv).</summary>
public enum LimitDirection
{
    /// <summary>No class limits (water temperature).</summary>
    None,
    /// <summary>Lower is better: the class is the best one whose limit the value does not exceed (Q-CLS-1).</summary>
    AtMost,
    /// <summary>Higher is better (dissolved oxygen): the best class whose limit the value reaches (Q-CLS-2).</summary>
    AtLeast,
    /// <summary>A band (pH 6–9): inside is the class, outside is 劣Ⅴ (Q-CLS-3).</summary>
    Range,
}

/// <summary>The band of one class: <c>Low ≤ value ≤ High</c>, either bound open when null.</summary>
public readonly record struct ClassLimit(WaterClass Class, decimal? Low, decimal? High)
{
    public bool Admits(decimal value) => (Low is not { } lo || value >= lo) && (High is not { } hi || value <= hi);
}

/// <summary>
/// A monitoring indicator (监测指标) of GB 3838-2002 Table 1, with its class limits, as one row of gb3838.csv.
/// Concentrations are in <see cref="Unit"/> (mg/L for all but pH, water temperature and fecal coliforms).
/// </summary>
public sealed class Indicator
{
    internal Indicator(string key, string hj212Code, string nameZh, string nameEn, string unit, LimitDirection direction,
        IReadOnlyList<ClassLimit> limits, int evalDecimals, bool riverClass, string note)
    {
        Key = key;
        Hj212Code = hj212Code;
        NameZh = nameZh;
        NameEn = nameEn;
        Unit = unit;
        Direction = direction;
        Limits = limits;
        EvalDecimals = evalDecimals;
        RiverClass = riverClass;
        Note = note;
    }

    /// <summary>The short key of gb3838.csv (<c>NH3N</c>, <c>TP_LAKE</c>, <c>pH</c>); the name used in results.</summary>
    public string Key { get; }
    public string Hj212Code { get; }
    public string NameZh { get; }
    public string NameEn { get; }
    /// <summary>The unit limits are written in; empty for pH.</summary>
    public string Unit { get; }
    public LimitDirection Direction { get; }
    /// <summary>Class Ⅰ … Ⅴ bands, best first; empty for <see cref="LimitDirection.None"/>.</summary>
    public IReadOnlyList<ClassLimit> Limits { get; }
    /// <summary>Q-MEAN-4: decimals the monthly value is rounded to before classifying.</summary>
    public int EvalDecimals { get; }
    /// <summary>Q-IND-1: one of the 21 indicators of a river section's class.</summary>
    public bool RiverClass { get; }
    public string Note { get; }

    public bool IsPh => Direction == LimitDirection.Range;
    public bool IsDissolvedOxygen => Direction == LimitDirection.AtLeast;

    /// <summary>Q-MAIN-1: cyanide and the heavy metals (Hg, Cd, Cr6, Pb, As) rank first among main pollutants.</summary>
    public bool IsCyanideOrHeavyMetal => Key is "CN" or "Hg" or "Cd" or "Cr6" or "Pb" or "As";

    /// <summary>
    /// Q-CLS-1…3: the best class whose band admits the (already rounded) value; 劣Ⅴ when none does.
    /// Because classes are tried best first, a limit shared by several classes goes to the best of them.
    /// Null for an indicator without limits.
    /// </summary>
    public WaterClass? Classify(decimal roundedValue)
    {
        if (Direction == LimitDirection.None) return null;
        // By index: a foreach over the interface would allocate an enumerator for each of a national file's 216,000 months.
        for (var i = 0; i < Limits.Count; i++)
            if (Limits[i].Admits(roundedValue)) return Limits[i].Class;
        return WaterClass.WorseThanV;
    }

    /// <summary>
    /// The concentration limit of a class for a lower-is-better indicator, the C_ref of Q-EXC-1; null for
    /// DO, pH, water temperature and for 劣Ⅴ (which has no limit).
    /// </summary>
    public decimal? LimitOf(WaterClass waterClass) =>
        Direction == LimitDirection.AtMost && waterClass.Ordinal <= Limits.Count ? Limits[waterClass.Ordinal - 1].High : null;

    public override string ToString() => Key;
}
