using System.Globalization;

namespace Liuyu.Stations.Hj212;

/// <summary>One monitored item of a data upload: <c>w01018-Avg=12.5,w01018-Flag=N</c> → code w01018, value 12.5, flag N.</summary>
public sealed record Hj212Value(string Code, decimal Value, string? Flag);

/// <summary>The data of an upload (CN=2011, 2051, 2061 or 2031): its DataTime and one value per pollutant code.</summary>
public sealed record Hj212Upload(string Cn, DateTime DataTime, IReadOnlyList<Hj212Value> Values);

/// <summary>
/// Reads the CP data area (§6.3.3): items separated by <c>;</c>, sub-values of one item by <c>,</c>, each
/// <c>name=value</c>; names are case-sensitive. For an upload the value of a code is <c>-Rtd</c> for real-time data
/// (2011) and <c>-Avg</c> for minute, hourly and daily data (2051, 2061, 2031); <c>-Flag</c> is its data flag (§7).
/// Min, Max, Cou and the converted (Zs) values are not taken.
/// </summary>
public static class Hj212Data
{
    /// <summary>The upload commands the receiver stores.</summary>
    public static readonly IReadOnlySet<string> UploadCommands = new HashSet<string>(StringComparer.Ordinal) { "2011", "2051", "2061", "2031" };

    /// <summary>Every <c>name=value</c> of a CP data area; a name given twice must carry the same value (split parts repeat DataTime).</summary>
    public static Dictionary<string, string>? Fields(string cp, out string? refusal)
    {
        refusal = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in cp.Split(';', StringSplitOptions.RemoveEmptyEntries))
            foreach (var part in item.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) { refusal = Hj212Refusals.FieldBad; return null; }
                var name = part[..eq];
                var value = part[(eq + 1)..];
                if (fields.TryGetValue(name, out var before))
                {
                    if (before != value) { refusal = Hj212Refusals.FieldTwice; return null; }
                }
                else fields[name] = value;
            }
        return fields;
    }

    /// <summary>The upload carried by a CP data area of an upload command; null and a refusal code when it is not readable.</summary>
    public static Hj212Upload? ParseUpload(string cn, string cp, out string? refusal)
    {
        var fields = Fields(cp, out refusal);
        if (fields is null) return null;
        if (!fields.TryGetValue("DataTime", out var dt) || ParseDataTime(dt) is not { } dataTime)
        {
            refusal = Hj212Refusals.DataTimeBad;
            return null;
        }
        var kind = cn == "2011" ? "-Rtd" : "-Avg";
        var values = new List<Hj212Value>();
        foreach (var (name, text) in fields)
        {
            if (!name.EndsWith(kind, StringComparison.Ordinal)) continue;
            var code = name[..^kind.Length];
            if (code.Length == 0 || !TryParseValue(text, out var value))
            {
                refusal = Hj212Refusals.ValueBad;
                return null;
            }
            values.Add(new Hj212Value(code, value, fields.GetValueOrDefault(code + "-Flag") is { Length: > 0 } f ? f : null));
        }
        return new Hj212Upload(cn, dataTime, values);
    }

    /// <summary>N14 (yyyyMMddHHmmss), or with milliseconds (17 digits, as some data loggers send); local time of the station.</summary>
    public static DateTime? ParseDataTime(string text)
    {
        if (text.Length is not (14 or 17) || !text.All(char.IsAsciiDigit)) return null;
        return DateTime.TryParseExact(text[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
    }

    /// <summary>A number with optional sign and decimal point (§6.3.3.2.2, N14.2: at most 18 characters).</summary>
    public static bool TryParseValue(string text, out decimal value)
    {
        value = 0;
        return text.Length is > 0 and <= 18
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    public static string FormatDataTime(DateTime t) => t.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
