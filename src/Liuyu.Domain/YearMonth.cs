using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Liuyu.Domain;

/// <summary>A calendar month (核算月份), written YYYY-MM. Months are the unit of accounting (R-SET-1).</summary>
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public int Year { get; } = Year is >= 1900 and <= 9999 ? Year : throw new ArgumentOutOfRangeException(nameof(Year), Year, "year 1900…9999");
    public int Month { get; } = Month is >= 1 and <= 12 ? Month : throw new ArgumentOutOfRangeException(nameof(Month), Month, "month 1…12");

    public static YearMonth Of(DateOnly date) => new(date.Year, date.Month);

    public YearMonth Next() => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);
    public YearMonth Previous() => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    /// <summary>Months from <paramref name="other"/> to this one (positive when this is later).</summary>
    public int MonthsSince(YearMonth other) => (Year - other.Year) * 12 + (Month - other.Month);

    public DateOnly FirstDay => new(Year, Month, 1);
    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    /// <summary>A sortable integer, YYYYMM.</summary>
    public int Key => Year * 100 + Month;

    public static YearMonth FromKey(int key) => new(key / 100, key % 100);

    public static IEnumerable<YearMonth> MonthsOf(int year) => Enumerable.Range(1, 12).Select(m => new YearMonth(year, m));

    public int CompareTo(YearMonth other) => Key.CompareTo(other.Key);
    public static bool operator <(YearMonth a, YearMonth b) => a.Key < b.Key;
    public static bool operator >(YearMonth a, YearMonth b) => a.Key > b.Key;
    public static bool operator <=(YearMonth a, YearMonth b) => a.Key <= b.Key;
    public static bool operator >=(YearMonth a, YearMonth b) => a.Key >= b.Key;

    public override string ToString() => $"{Year:D4}-{Month:D2}";

    /// <summary>Parses YYYY-MM (also YYYY/MM and YYYY年M月, as bulletins write it).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out YearMonth? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        // YYYY-MM exactly, as files write it, read digit by digit; the same checks as the general path below.
        if (text.Length == 7 && text[4] == '-' && Digits(text, 0, 4) is { } year && Digits(text, 5, 2) is { } month)
        {
            if (year is < 1900 or > 9999 || month is < 1 or > 12) return false;
            result = new YearMonth(year, month);
            return true;
        }
        var s = text.Trim();
        if (s.EndsWith('月')) s = s[..^1].Replace('年', '-');
        var parts = s.Split('-', '/');
        if (parts.Length != 2 || parts[0].Length != 4 || parts[1].Length is < 1 or > 2) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return false;
        if (y is < 1900 or > 9999 || m is < 1 or > 12) return false;
        result = new YearMonth(y, m);
        return true;
    }

    private static int? Digits(string text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (text[i] is < '0' or > '9') return null;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    }

    public static YearMonth Parse(string text) =>
        TryParse(text, out var ym) ? ym.Value : throw new FormatException($"'{text}' is not a month (expected YYYY-MM)");
}
