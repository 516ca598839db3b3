using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Samples;

/// <summary>
/// Indicator names as labs and reports print them (issue 12): short names and common variants (总磷, 总氮, 挥发性酚, 高锰酸盐,
/// COD/CODcr, BOD5/BOD, NH3-N, 铬（六价）…) and a unit in the header (<c>氨氮(mg/L)</c>), beyond the key, HJ 212 code and
/// full name of gb3838.csv. 总磷 is TP; a lake section's water body still picks TP_LAKE (gb3838.md). A value below the
/// detection limit is written <c>ND</c>, <c>未检出</c>, <c>&lt;0.01</c> or <c>0.01L</c>.
/// </summary>
public static partial class IndicatorNames
{
    /// <summary>Printed name (compared folded: no white space, ASCII upper case, full-width as half-width) → gb3838.csv key.</summary>
    private static readonly Dictionary<string, string> Aliases = Build(new()
    {
        ["TP"] = ["总磷", "TP", "总磷(以P计)", "总磷(河流)"],
        ["TN"] = ["总氮", "TN", "总氮(以N计)"],
        ["VPh"] = ["挥发性酚", "挥发酚", "挥发酚类", "挥发性酚类", "挥发酚(以苯酚计)"],
        ["CODMn"] = ["高锰酸盐", "高锰酸盐指数", "CODMN", "COD(MN)", "高锰酸钾指数"],
        ["COD"] = ["化学需氧量", "COD", "CODCR", "COD(CR)", "化学耗氧量"],
        ["BOD5"] = ["五日生化需氧量", "BOD5", "BOD₅", "BOD", "生化需氧量"],
        ["NH3N"] = ["氨氮", "NH3-N", "NH3N", "NH₃-N", "NH4-N", "氨氮(NH3-N)", "氨氮(以N计)"],
        ["Oil"] = ["石油类", "石油", "OIL"],
        ["Cr6"] = ["六价铬", "铬(六价)", "CR6+", "CR(VI)", "CR6", "六价铬(CR6+)"],
        ["FC"] = ["粪大肠菌群", "粪大肠杆菌", "粪大肠菌群数"],
        ["DO"] = ["溶解氧", "DO"],
        ["pH"] = ["PH", "PH值", "酸碱度"],
        ["WT"] = ["水温", "温度", "WT"],
        ["F"] = ["氟化物", "氟化物(以F-计)", "F-", "氟"],
        ["LAS"] = ["阴离子表面活性剂", "LAS", "阴离子洗涤剂"],
        ["S2"] = ["硫化物", "S2-"],
        ["CN"] = ["氰化物", "总氰化物", "CN-"],
        ["Cu"] = ["铜", "总铜", "CU"],
        ["Zn"] = ["锌", "总锌", "ZN"],
        ["Se"] = ["硒", "总硒", "SE"],
        ["As"] = ["砷", "总砷", "AS"],
        ["Hg"] = ["汞", "总汞", "HG"],
        ["Cd"] = ["镉", "总镉", "CD"],
        ["Pb"] = ["铅", "总铅", "PB"],
    });

    private static Dictionary<string, string> Build(Dictionary<string, string[]> byKey)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, names) in byKey)
            foreach (var n in names) d[Fold(n)] = key;
        return d;
    }

    private static string Fold(string text) =>
        WhiteSpace().Replace(text.Normalize(NormalizationForm.FormKC), "").ToUpperInvariant();

    /// <summary>
    /// The indicator a printed name stands for, and the unit its header carries (<c>氨氮(mg/L)</c> → NH3N, mg/L), or false.
    /// </summary>
    public static bool TryFind(IndicatorCatalog catalog, string? text, [NotNullWhen(true)] out Indicator? indicator, out string? unit)
    {
        unit = null;
        indicator = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (catalog.TryFind(text, out indicator)) return true;
        var folded = Fold(text);
        if (Aliases.TryGetValue(folded, out var key)) return catalog.TryFind(key, out indicator);
        // A unit in parentheses after the name: 氨氮(mg/L), 粪大肠菌群（个/L）.
        var m = TrailingUnit().Match(text.Normalize(NormalizationForm.FormKC).Trim());
        if (!m.Success || !LooksLikeUnit(m.Groups[2].Value)) return false;
        var name = m.Groups[1].Value;
        if (!catalog.TryFind(name, out indicator) && !(Aliases.TryGetValue(Fold(name), out key) && catalog.TryFind(key, out indicator))) return false;
        unit = m.Groups[2].Value.Trim();
        return true;
    }

    private static bool LooksLikeUnit(string s) => s.Contains('/') || s is "℃" or "°C" or "无量纲" or "mg/L" || s.StartsWith("个", StringComparison.Ordinal);

    /// <summary>
    /// A value cell as printed: a number; <c>ND</c>, <c>未检出</c> (below the detection limit, the limit from its own column);
    /// <c>&lt;0.01</c> or <c>0.01L</c> (below the detection limit 0.01). Anything else is left to the number check.
    /// </summary>
    public static bool TryBelowLimit(string text, out decimal? limit)
    {
        limit = null;
        var s = text.Trim().Normalize(NormalizationForm.FormKC);
        if (s.Equals("ND", StringComparison.OrdinalIgnoreCase) || s is "N.D." or "n.d." or "未检出" or "未检" or "检出限以下") return true;
        var number = s.StartsWith('<') ? s[1..].Trim() : s.EndsWith('L') || s.EndsWith('l') ? s[..^1].Trim() : null;
        if (number is null || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) || d <= 0) return false;
        limit = d;
        return true;
    }

    [GeneratedRegex(@"\s+")] private static partial Regex WhiteSpace();
    [GeneratedRegex(@"^(.+?)\s*[(（]([^()（）]+)[)）]$")] private static partial Regex TrailingUnit();
}
