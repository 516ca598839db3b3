namespace Liuyu.Data.Samples;

/// <summary>
/// The shape nearly every measured value has: digits with at most one point (<c>6.93</c>, <c>12.000</c>, <c>150</c>,
/// <c>.5</c>), at most 18 digits, read digit by digit. The result is the value and the scale that
/// <see cref="decimal.TryParse(ReadOnlySpan{char}, System.Globalization.NumberStyles, IFormatProvider?, out decimal)"/> with
/// <c>NumberStyles.Float</c> and the invariant culture gives (trailing zeros kept); anything else (a sign, an exponent,
/// spaces, more digits, <c>12.</c>) answers false and is left to it.
/// </summary>
public static class PlainDecimal
{
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        long digits = 0;
        var count = 0;
        var scale = -1;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (scale >= 0) return false;
                scale = 0;
                continue;
            }
            var d = c - '0';
            if ((uint)d > 9 || ++count > 18) return false;
            digits = digits * 10 + d;
            if (scale >= 0) scale++;
        }
        if (count == 0 || scale == 0) return false;
        value = new decimal((int)(digits & 0xFFFFFFFF), (int)(digits >> 32), 0, false, (byte)Math.Max(scale, 0));
        return true;
    }
}
