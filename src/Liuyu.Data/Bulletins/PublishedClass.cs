using System.Text;
using Liuyu.Domain;

namespace Liuyu.Data.Bulletins;

/// <summary>What a class cell of a published table holds: a class, a "not monitored" marker, or neither.</summary>
public enum ClassCellKind
{
    Class,
    /// <summary>R-DATA-4: no valid result; the marker (断流, /, 未监测 …) is its reason.</summary>
    NotMonitored,
    Invalid,
}

/// <summary>A class cell as read: the class (for <see cref="ClassCellKind.Class"/>) and whether its spelling is one the reader should be shown.</summary>
public readonly record struct ClassCell(ClassCellKind Kind, WaterClass? Class, string Text, bool Unusual);

/// <summary>
/// Class spellings as bureaus print them: Ⅰ–Ⅴ and 劣Ⅴ (Unicode Roman numerals), I–V and 劣V, 1–5 and 1–5类, 一类–五类 and
/// 劣五类, "Ⅱ类", and the codes 1–6 of monitoring databases (6 = 劣Ⅴ, formats.md; 6类 and VI read the same). Markers of
/// a month without a valid result (<c>/ — —— - 未监测 断流 干涸 停测</c>, R-DATA-4) are recognised as such, never as a class.
/// Nothing else is accepted: an unusual spelling is read but reported, so that nothing is read silently.
/// </summary>
public static class PublishedClass
{
    /// <summary>The markers of "not monitored / no valid result", as printed.</summary>
    public static readonly IReadOnlyList<string> NotMonitoredMarkers = ["/", "—", "——", "-", "--", "未监测", "断流", "干涸", "停测", "未采样", "无水"];

    /// <summary>The forms accepted, for the error that refuses anything else.</summary>
    public const string AcceptedForms = "Ⅰ Ⅱ Ⅲ Ⅳ Ⅴ 劣Ⅴ, I II III IV V 劣V, 1–5 (6 = 劣Ⅴ), 1类–6类, 一类…五类 劣五类; / — - 未监测 断流 干涸 停测 for no valid result";

    private static readonly Dictionary<string, int> Chinese = new(StringComparer.Ordinal)
    {
        ["一"] = 1, ["二"] = 2, ["三"] = 3, ["四"] = 4, ["五"] = 5, ["劣五"] = 6, ["六"] = 6,
    };

    public static ClassCell Read(string text)
    {
        var raw = text.Trim();
        // Full-width digits and letters, Roman numeral characters (Ⅳ → IV), ideographic spaces: NFKC folds them.
        var s = raw.Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (IsMarker(raw) || IsMarker(s)) return new ClassCell(ClassCellKind.NotMonitored, null, raw, false);
        var body = s.EndsWith('类') ? s[..^1] : s;
        if (body.StartsWith("CLASS", StringComparison.Ordinal)) body = body[5..];
        int? ordinal = body switch
        {
            "I" or "1" => 1,
            "II" or "2" => 2,
            "III" or "3" => 3,
            "IV" or "4" => 4,
            "V" or "5" => 5,
            "劣V" or "6" or "VI" or "劣5" => 6,
            _ => Chinese.TryGetValue(body, out var c) ? c : null,
        };
        if (ordinal is null) return new ClassCell(ClassCellKind.Invalid, null, raw, false);
        var cls = WaterClass.FromOrdinal(ordinal.Value);
        // The forms of formats.md with or without 类 are the usual ones; digits and Chinese numerals are shown as read.
        var usual = raw.TrimEnd('类').Trim() is var r && (r == cls.Code || r == cls.ToString() || r == Roman(cls));
        return new ClassCell(ClassCellKind.Class, cls, raw, !usual);
    }

    private static string Roman(WaterClass c) => c.Ordinal switch { 1 => "Ⅰ", 2 => "Ⅱ", 3 => "Ⅲ", 4 => "Ⅳ", 5 => "Ⅴ", _ => "劣Ⅴ" };

    /// <summary>The class as the preview names it (Ⅰ … 劣Ⅴ).</summary>
    public static string Name(WaterClass c) => Roman(c);

    private static bool IsMarker(string s) =>
        NotMonitoredMarkers.Contains(s) || (s.Length > 0 && s.All(ch => ch is '-' or '—' or '－' or '–' or '/' or '／'));
}
