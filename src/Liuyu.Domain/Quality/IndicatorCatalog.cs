using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Liuyu.Domain.Quality;

/// <summary>
/// The indicators of GB 3838-2002 Table 1 (地表水环境质量标准基本项目标准限值) with their class limits, read from
/// the embedded gb3838.csv; no limit is written in code. Look-ups accept the key, the HJ 212 code or the
/// Chinese name (samples.csv, gb3838.md "Sample data format").
/// </summary>
public sealed class IndicatorCatalog
{
    private const string ResourceName = "Liuyu.Domain.Quality.gb3838.csv";
    private static readonly Lazy<IndicatorCatalog> Shipped = new(LoadShipped);

    private readonly Dictionary<string, Indicator> _byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Indicator> _byCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Indicator> _byName = new(StringComparer.Ordinal);

    private IndicatorCatalog(IReadOnlyList<Indicator> all)
    {
        All = all;
        foreach (var i in all)
        {
            if (!_byKey.TryAdd(i.Key, i)) throw new InvalidOperationException($"gb3838.csv: key '{i.Key}' appears twice");
            _byCode.TryAdd(i.Hj212Code, i); // w21011 is both TP and TP_LAKE: the code finds TP, the section's water body picks the row
            _byName.TryAdd(NormaliseName(i.NameZh), i);
        }
    }

    /// <summary>The shipped limits (gb3838.csv embedded in this assembly), parsed once.</summary>
    public static IndicatorCatalog Gb3838 => Shipped.Value;

    /// <summary>Every row, in file order.</summary>
    public IReadOnlyList<Indicator> All { get; }

    /// <summary><see cref="SectionProfile.ClassIndicators"/> per water body and TN opt-in, made on first use (a catalog does not change).</summary>
    internal IReadOnlyList<Indicator>?[] ClassIndicatorsByProfile { get; } = new IReadOnlyList<Indicator>?[4];

    public Indicator this[string key] =>
        _byKey.TryGetValue(key, out var i) ? i : throw new KeyNotFoundException($"no indicator '{key}' in gb3838.csv");

    /// <summary>Finds an indicator by key (NH3N), HJ 212 code (w21003) or Chinese name (氨氮); case-insensitive for key and code.</summary>
    public bool TryFind(string? text, [NotNullWhen(true)] out Indicator? indicator)
    {
        indicator = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        return _byKey.TryGetValue(s, out indicator) || _byCode.TryGetValue(s, out indicator) || _byName.TryGetValue(NormaliseName(s), out indicator);
    }

    /// <summary>Full-width and ASCII parentheses are the same to a user typing a name such as 总磷(以P计).</summary>
    private static string NormaliseName(string name) => name.Trim().Replace('(', '（').Replace(')', '）').Replace(" ", "");

    private static IndicatorCatalog LoadShipped()
    {
        using var stream = typeof(IndicatorCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from Liuyu.Domain");
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true));
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Parses gb3838.csv text. A malformed table is a bug in what we ship, so it throws.</summary>
    public static IndicatorCatalog Parse(string csvText)
    {
        var lines = csvText.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2) throw new InvalidOperationException("gb3838.csv: no rows");
        var header = SplitLine(lines[0]);
        int Col(string name)
        {
            var i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new InvalidOperationException($"gb3838.csv: missing column '{name}'");
        }
        var (cKey, cCode, cZh, cEn, cUnit, cDir, cDec, cRiver, cNote) =
            (Col("key"), Col("hj212_code"), Col("name_zh"), Col("name_en"), Col("unit"), Col("direction"), Col("eval_decimals"), Col("river_class"), Col("note"));
        int[] cClass = [Col("I"), Col("II"), Col("III"), Col("IV"), Col("V")];

        var all = new List<Indicator>();
        for (var n = 1; n < lines.Count; n++)
        {
            var f = SplitLine(lines[n]);
            if (f.Length < header.Length) throw new InvalidOperationException($"gb3838.csv line {n + 1}: {f.Length} fields, expected {header.Length}");
            var key = f[cKey].Trim();
            var direction = f[cDir].Trim() switch
            {
                "none" => LimitDirection.None,
                "le" => LimitDirection.AtMost,
                "ge" => LimitDirection.AtLeast,
                "range" => LimitDirection.Range,
                var d => throw new InvalidOperationException($"gb3838.csv {key}: direction '{d}'"),
            };
            var limits = new List<ClassLimit>();
            if (direction != LimitDirection.None)
            {
                for (var c = 0; c < 5; c++)
                {
                    var cell = f[cClass[c]].Trim();
                    var cls = WaterClass.FromOrdinal(c + 1);
                    limits.Add(direction switch
                    {
                        LimitDirection.AtMost => new ClassLimit(cls, null, Number(key, cell)),
                        LimitDirection.AtLeast => new ClassLimit(cls, Number(key, cell), null),
                        _ => RangeLimit(key, cls, cell),
                    });
                }
                CheckMonotone(key, direction, limits);
            }
            all.Add(new Indicator(key, f[cCode].Trim(), f[cZh].Trim(), f[cEn].Trim(), f[cUnit].Trim(), direction, limits,
                int.Parse(f[cDec].Trim(), NumberStyles.None, CultureInfo.InvariantCulture),
                bool.Parse(f[cRiver].Trim()), f[cNote].Trim()));
        }
        return new IndicatorCatalog(all);
    }

    private static ClassLimit RangeLimit(string key, WaterClass cls, string cell)
    {
        var parts = cell.Split('-');
        if (parts.Length != 2) throw new InvalidOperationException($"gb3838.csv {key}: range '{cell}'");
        return new ClassLimit(cls, Number(key, parts[0]), Number(key, parts[1]));
    }

    private static decimal Number(string key, string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            ? d : throw new InvalidOperationException($"gb3838.csv {key}: '{text}' is not a limit");

    /// <summary>A better class never has a looser limit; a table that says otherwise is mistyped.</summary>
    private static void CheckMonotone(string key, LimitDirection direction, List<ClassLimit> limits)
    {
        for (var i = 1; i < limits.Count; i++)
        {
            var ok = direction switch
            {
                LimitDirection.AtMost => limits[i].High >= limits[i - 1].High,
                LimitDirection.AtLeast => limits[i].Low <= limits[i - 1].Low,
                _ => limits[i].Low <= limits[i - 1].Low && limits[i].High >= limits[i - 1].High,
            };
            if (!ok) throw new InvalidOperationException($"gb3838.csv {key}: class {limits[i].Class} is stricter than {limits[i - 1].Class}");
        }
    }

    /// <summary>Comma-separated fields with RFC 4180 quotes (the notes could one day hold a comma).</summary>
    private static string[] SplitLine(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields.ToArray();
    }
}
