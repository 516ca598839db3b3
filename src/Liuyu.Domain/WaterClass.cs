using System.Diagnostics.CodeAnalysis;

namespace Liuyu.Domain;

/// <summary>
/// Water-quality class (水质类别) of GB 3838-2002: Ⅰ, Ⅱ, Ⅲ, Ⅳ, Ⅴ and 劣Ⅴ, ordered 1…6 (R-BASE-3).
/// A smaller ordinal is better water.
/// </summary>
public readonly record struct WaterClass : IComparable<WaterClass>
{
    public static readonly WaterClass I = new(1);
    public static readonly WaterClass II = new(2);
    public static readonly WaterClass III = new(3);
    public static readonly WaterClass IV = new(4);
    public static readonly WaterClass V = new(5);
    /// <summary>劣Ⅴ, worse than class Ⅴ.</summary>
    public static readonly WaterClass WorseThanV = new(6);

    public static IReadOnlyList<WaterClass> All { get; } = [I, II, III, IV, V, WorseThanV];

    private static readonly string[] Codes = ["I", "II", "III", "IV", "V", "劣V"];
    private static readonly string[] Roman = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ"];

    private readonly byte _ordinal;

    private WaterClass(int ordinal) => _ordinal = (byte)ordinal;

    /// <summary>1 for Ⅰ … 6 for 劣Ⅴ.</summary>
    public int Ordinal => _ordinal == 0 ? throw new InvalidOperationException("default(WaterClass) is not a class") : _ordinal;

    /// <summary>R-BASE-3: "good" (优良) means Ⅰ–Ⅲ under the default threshold.</summary>
    public bool IsGood(int goodThresholdOrdinal = 3) => Ordinal <= goodThresholdOrdinal;

    public bool IsBetterThan(WaterClass other) => Ordinal < other.Ordinal;

    public static WaterClass FromOrdinal(int ordinal) =>
        ordinal is >= 1 and <= 6 ? new WaterClass(ordinal) : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "a water class is 1…6");

    /// <summary>The better (smaller ordinal) of two classes.</summary>
    public static WaterClass Better(WaterClass a, WaterClass b) => a.Ordinal <= b.Ordinal ? a : b;

    /// <summary>The worse (larger ordinal) of two classes.</summary>
    public static WaterClass Worse(WaterClass a, WaterClass b) => a.Ordinal >= b.Ordinal ? a : b;

    /// <summary>The exchange spelling of formats.md: I, II, III, IV, V, 劣V.</summary>
    public string Code => Codes[Ordinal - 1];

    /// <summary>The Chinese display spelling with Unicode Roman numerals: Ⅰ … 劣Ⅴ.</summary>
    public string Display => Roman[Ordinal - 1];

    public override string ToString() => Code;

    public int CompareTo(WaterClass other) => Ordinal.CompareTo(other.Ordinal);

    public static bool operator <(WaterClass a, WaterClass b) => a.Ordinal < b.Ordinal;
    public static bool operator >(WaterClass a, WaterClass b) => a.Ordinal > b.Ordinal;
    public static bool operator <=(WaterClass a, WaterClass b) => a.Ordinal <= b.Ordinal;
    public static bool operator >=(WaterClass a, WaterClass b) => a.Ordinal >= b.Ordinal;

    /// <summary>
    /// Every spelling formats.md accepts: I … V and 劣V; Unicode Roman numerals Ⅰ … Ⅴ and 劣Ⅴ;
    /// 1 … 5, and 6 or VI for 劣V. Case and surrounding white space are ignored; "类" and "Class"
    /// affixes as written in bulletins (Ⅲ类, 劣Ⅴ类) are accepted too.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out WaterClass? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        // The spellings as files write them, compared as they are (a results file of a national year has 240,000): the
        // general path below would give the same class, after a culture-aware upper-casing of each.
        if (Exact(text) is { } quick)
        {
            result = new WaterClass(quick);
            return true;
        }
        var s = text.Trim().ToUpperInvariant();
        if (s.EndsWith('类')) s = s[..^1].TrimEnd();
        if (s.StartsWith("CLASS", StringComparison.Ordinal)) s = s[5..].TrimStart();
        // Unicode Roman numerals Ⅰ(U+2160)…Ⅻ; also small ⅰ…(U+2170) upper-cased above to U+2160 block.
        s = s.Replace("Ⅰ", "I").Replace("Ⅱ", "II").Replace("Ⅲ", "III").Replace("Ⅳ", "IV").Replace("Ⅴ", "V").Replace("Ⅵ", "VI");
        int? ordinal = s switch
        {
            "I" or "1" => 1,
            "II" or "2" => 2,
            "III" or "3" => 3,
            "IV" or "4" => 4,
            "V" or "5" => 5,
            "劣V" or "6" or "VI" => 6,
            _ => null,
        };
        if (ordinal is null) return false;
        result = new WaterClass(ordinal.Value);
        return true;
    }

    private static int? Exact(string text) => text switch
    {
        "I" or "Ⅰ" => 1,
        "II" or "Ⅱ" => 2,
        "III" or "Ⅲ" => 3,
        "IV" or "Ⅳ" => 4,
        "V" or "Ⅴ" => 5,
        "劣V" or "劣Ⅴ" => 6,
        _ => null,
    };

    public static WaterClass Parse(string text) =>
        TryParse(text, out var c) ? c.Value : throw new FormatException($"'{text}' is not a water class (expected I, II, III, IV, V or 劣V)");
}
