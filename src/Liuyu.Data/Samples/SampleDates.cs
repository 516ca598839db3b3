using System.Globalization;

namespace Liuyu.Data.Samples;

/// <summary>
/// <c>sampled_at</c> (gb3838.md "Sample data format"): a date or a local date-time. The shapes nearly every file uses,
/// <c>yyyy-MM-dd</c> (formats.md) with an optional <c>HH:mm</c> or <c>HH:mm:ss</c> after a space or a <c>T</c>, are read
/// digit by digit; anything else falls back to the full list of accepted formats, so the fast path accepts nothing the
/// list would refuse and gives the same time.
/// </summary>
public static class SampleDates
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "yyyy/M/d",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd H:mm:ss",
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy/MM/dd HH:mm", "yyyy/M/d H:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/M/d H:mm:ss",
    ];

    /// <summary>Parses a trimmed <c>sampled_at</c>: the fast path first, then every accepted format.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value) =>
        TryParseFast(text, out value)
        || DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary><c>yyyy-MM-dd</c>, <c>yyyy-MM-dd HH:mm</c>, <c>yyyy-MM-dd HH:mm:ss</c> (or <c>T</c> for the space) only.</summary>
    public static bool TryParseFast(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length is not (10 or 16 or 19) || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)) return false;
        int hour = 0, minute = 0, second = 0;
        if (s.Length > 10)
        {
            if (s[10] is not (' ' or 'T') || s[13] != ':' || !Digits(s, 11, 2, out hour) || !Digits(s, 14, 2, out minute)) return false;
            if (s.Length == 19 && (s[16] != ':' || !Digits(s, 17, 2, out second))) return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        value = new DateTime(year, month, day, hour, minute, second);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }
}
