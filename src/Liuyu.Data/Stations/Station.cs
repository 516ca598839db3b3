using Liuyu.Domain;

namespace Liuyu.Data.Stations;

/// <summary>
/// An automatic monitoring station (水质自动监测站) that reports under HJ 212-2017, registered by its MN (the data
/// logger's unique identifier) to one section. <see cref="Password"/> is the 6-character PW the logger sends (sent in
/// clear by the protocol). <see cref="Indicators"/> (optional) maps the pollutant codes it sends to GB 3838 indicator
/// keys where the code is not the catalog's (hj212.md §8: which metal code a station sends varies), e.g.
/// <c>w20141=As</c>; a code listed alone is taken as the catalog maps it. Empty: every code the catalog knows.
/// </summary>
public sealed record Station(string Mn, SectionId Section, string Password, string Name, IReadOnlyDictionary<string, string?> Indicators)
{
    public static Station Create(string mn, string section, string password, string name, string? indicators = null) =>
        new(mn, new SectionId(section), password, name, ParseIndicators(indicators ?? "") ?? new Dictionary<string, string?>());

    /// <summary><c>w01018;w20141=As</c> (also separated by spaces or commas); null when an entry is malformed.</summary>
    public static IReadOnlyDictionary<string, string?>? ParseIndicators(string text)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in text.Split([';', ',', ' ', '；', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=');
            var code = eq < 0 ? entry : entry[..eq];
            var key = eq < 0 ? null : entry[(eq + 1)..];
            if (code.Length == 0 || key is { Length: 0 } || !map.TryAdd(code, key)) return null;
        }
        return map;
    }

    public string IndicatorsText => string.Join(';', Indicators.Select(kv => kv.Value is null ? kv.Key : $"{kv.Key}={kv.Value}"));
}

/// <summary>What a station's identifiers may be: they travel inside HJ 212 fields, so none may hold the separators.</summary>
public static class StationRules
{
    /// <summary>An MN: 1 to 48 letters, digits, '-' or '_' (real loggers do not all follow EPC-96's 24 hex characters, hj212.md §4.4).</summary>
    public static bool IsMn(string mn) => mn.Length is >= 1 and <= 48 && mn.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A PW: 6 characters (HJ 212 Table 3), none of the field separators.</summary>
    public static bool IsPassword(string pw) => pw.Length == 6 && !pw.Any(c => c is ';' or '=' or ',' or '&' or '\r' or '\n' || char.IsWhiteSpace(c));
}
