using System.Globalization;
using System.Text;

namespace Liuyu.Domain.Ledger;

/// <summary>
/// Why a ledger line says what it says, as a code with arguments (never prose): the CLI and the pages word it in
/// the reader's language. <see cref="NoteCodes"/> lists the codes. A note never decides an amount, so it is not part
/// of a line's input digest (<see cref="Accounting.SectionMonthOutcome.InputDigest"/>): rewording a message, or a
/// sample count that changes while the class does not, posts nothing.
/// </summary>
public sealed record LineNote
{
    private LineNote(string code, SortedDictionary<string, string> args)
    {
        Code = code;
        Args = args;
    }

    public string Code { get; }

    /// <summary>Arguments by name, sorted by name (so that <see cref="ArgsText"/> is canonical).</summary>
    public IReadOnlyDictionary<string, string> Args { get; }

    public static LineNote Of(string code, params (string Name, object? Value)[] args)
    {
        if (!NoteCodes.All.Contains(code)) throw new ArgumentException($"unknown note code '{code}'", nameof(code));
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in args)
            if (value is not null) map[name] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        return new LineNote(code, map);
    }

    /// <summary>The argument, or "" when absent.</summary>
    public string this[string name] => Args.TryGetValue(name, out var v) ? v : "";

    private string? _argsText;

    /// <summary>The arguments as a canonical JSON object (sorted keys), as stored. Made once per note (it is also the note's equality).</summary>
    public string ArgsText => _argsText ??= MakeArgsText();

    private string MakeArgsText()
    {
        {
            var sb = new StringBuilder("{");
            foreach (var (k, v) in Args)
            {
                if (sb.Length > 1) sb.Append(',');
                sb.Append(System.Text.Json.JsonSerializer.Serialize(k, NoteJson.Default.String)).Append(':')
                    .Append(System.Text.Json.JsonSerializer.Serialize(v, NoteJson.Default.String));
            }
            return sb.Append('}').ToString();
        }
    }

    /// <summary>Reads a stored note back (code and the JSON of <see cref="ArgsText"/>).</summary>
    public static LineNote? Parse(string? code, string? argsJson)
    {
        if (string.IsNullOrEmpty(code)) return null;
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(argsJson))
            foreach (var p in System.Text.Json.JsonDocument.Parse(argsJson).RootElement.EnumerateObject())
                map[p.Name] = p.Value.GetString() ?? "";
        return new LineNote(code, map);
    }

    /// <summary>
    /// The English wording, for logs, the CLI's English output and the ledger JSON. It is the wording earlier versions
    /// stored as the note, word for word, so that a store made by them can be read back into codes
    /// (<see cref="FromLegacyText"/>).
    /// </summary>
    public string English => Code switch
    {
        NoteCodes.NotApproved => "section not approved by the Ecology Bureau (断面未经认可)",
        NoteCodes.NoTarget => $"no {this["year"]} target for assessment section {this["section"]} (无考核目标)",
        NoteCodes.NoReferenceTarget => $"no assessment section with a {this["year"]} target to take the baseline from (无参照断面目标)",
        NoteCodes.NoResult => "no result imported for this month (无监测结果)",
        NoteCodes.NoValidResult => "no valid result (无有效结果)",
        NoteCodes.Computed => $"computed from {this["samples"]} samples (GB 3838-2002), deciding {this["deciding"]}, {this["indicators"]} indicators",
        NoteCodes.ComputedNoValidSample => $"no valid sample of a class indicator among {this["samples"]} samples (无有效监测结果)",
        NoteCodes.Reversal => $"reversal of line {this["line"]}",
        NoteCodes.Flow => $"lowest daily mean flow {this["flow"]} m³/s, ecological base flow {this["target"]} m³/s",
        NoteCodes.NoFlow => $"no flow figure for this month (ecological base flow {this["target"]} m³/s)",
        _ => this["text"],
    };

    /// <summary>
    /// The note of a line written by a version that stored English prose: the code it stands for, or a
    /// <see cref="NoteCodes.Text"/> note keeping the text when it is data (断流, an exemption's reason).
    /// The adjustment prefix those versions added is dropped: a line says it is an adjustment by its own flag.
    /// </summary>
    public static LineNote? FromLegacyText(string? text, string rule)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var m = System.Text.RegularExpressions.Regex.Match(text, @"^adjustment for \d{4}-\d{2} \(year \d{4} closed, 跨年调整\)(?:; )?(.*)$", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (m.Success) text = m.Groups[1].Value;
        if (text.Length == 0) return null;
        foreach (var (pattern, code, names) in LegacyPatterns)
        {
            var p = System.Text.RegularExpressions.Regex.Match(text, pattern);
            if (p.Success) return Of(code, [.. names.Select((n, i) => (n, (object?)p.Groups[i + 1].Value))]);
        }
        return Of(rule == Accounting.RuleIds.Exempted ? NoteCodes.Exempted : NoteCodes.Text, ("text", text));
    }

    private static readonly (string Pattern, string Code, string[] Names)[] LegacyPatterns =
    [
        (@"^section not approved by the Ecology Bureau \(断面未经认可\)$", NoteCodes.NotApproved, []),
        (@"^no (\d{4}) target for assessment section (.+) \(无考核目标\)$", NoteCodes.NoTarget, ["year", "section"]),
        (@"^no assessment section with a (\d{4}) target to take the baseline from \(无参照断面目标\)$", NoteCodes.NoReferenceTarget, ["year"]),
        (@"^no result imported for this month \(无监测结果\)$", NoteCodes.NoResult, []),
        (@"^no valid result \(无有效结果\)$", NoteCodes.NoValidResult, []),
        (@"^computed from (\d+) samples \(GB 3838-2002\), deciding (.*), (\d+) indicators$", NoteCodes.Computed, ["samples", "deciding", "indicators"]),
        (@"^no valid sample of a class indicator among (\d+) samples \(无有效监测结果\)$", NoteCodes.ComputedNoValidSample, ["samples"]),
        (@"^reversal of line (\d+)$", NoteCodes.Reversal, ["line"]),
    ];

    public override string ToString() => English;

    /// <summary>Equal by code and arguments (the dictionary is compared by content, not by reference).</summary>
    public bool Equals(LineNote? other) => other is not null && Code == other.Code && ArgsText == other.ArgsText;

    public override int GetHashCode() => HashCode.Combine(Code, ArgsText);
}

/// <summary>The codes of <see cref="LineNote"/> and their arguments.</summary>
public static class NoteCodes
{
    /// <summary>R-SEC-2: the section is not approved. No arguments.</summary>
    public const string NotApproved = "not-approved";
    /// <summary>R-BASE-1: an assessment section without a target for the year. {section, year}</summary>
    public const string NoTarget = "no-target";
    /// <summary>R-BASE-2: no assessment section on the river has a target for the year. {year}</summary>
    public const string NoReferenceTarget = "no-reference-target";
    /// <summary>R-DATA-4: nothing imported for the month. No arguments.</summary>
    public const string NoResult = "no-result";
    /// <summary>R-DATA-4: imported without a class and without a reason. No arguments.</summary>
    public const string NoValidResult = "no-valid-result";
    /// <summary>R-DATA-3: the class computed from samples. {samples, deciding, indicators}</summary>
    public const string Computed = "computed";
    /// <summary>R-DATA-4, Q-IND-3: samples without a valid class indicator. {samples}</summary>
    public const string ComputedNoValidSample = "computed-no-valid-sample";
    /// <summary>R-EXEMPT-1: the approved exemption's reason, as the district wrote it. {text}</summary>
    public const string Exempted = "exempted";
    /// <summary>The result's own note as imported (断流, 复核), data rather than wording. {text}</summary>
    public const string Text = "text";
    /// <summary>R-LEDGER-2: the reversal of a line. {line}</summary>
    public const string Reversal = "reversal";
    /// <summary>R-EXT-1a..c: the month's lowest daily mean flow against the base flow, m³/s. {flow, target}</summary>
    public const string Flow = "flow";
    /// <summary>R-EXT-1d: no flow figure for the month. {target}</summary>
    public const string NoFlow = "no-flow";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { NotApproved, NoTarget, NoReferenceTarget, NoResult, NoValidResult, Computed, ComputedNoValidSample, Exempted, Text, Reversal, Flow, NoFlow };
}

/// <summary>
/// The serializer's metadata for a string, made at compile time: the same text as the reflection-based
/// <c>JsonSerializer.Serialize(string)</c> (default options, the default encoder), and usable where reflection-based
/// serialization is off (the CLI's native front, compiled ahead of time).
/// </summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class NoteJson : System.Text.Json.Serialization.JsonSerializerContext;
