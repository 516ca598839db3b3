namespace Liuyu.Domain.Quality;

/// <summary>A rounded monthly value and the number of decimals it carries (for display: 12.0, 0.00067).</summary>
public readonly record struct RoundedValue(decimal Value, int Decimals)
{
    public override string ToString() => Value.ToString(Format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same text as <see cref="ToString"/>, as UTF-8 into <paramref name="utf8"/> (a JSON writer's number).</summary>
    public bool TryFormat(Span<byte> utf8, out int written) =>
        Value.TryFormat(utf8, out written, Format, System.Globalization.CultureInfo.InvariantCulture);

    private string Format => Decimals is >= 0 and < 29 ? Formats[Decimals] : "F" + Decimals;

    private static readonly string[] Formats = [.. Enumerable.Range(0, 29).Select(d => "F" + d)];
}

/// <summary>Rounding as the national practice does it (GB/T 8170 四舍六入五成双).</summary>
public static class EvaluationRounding
{
    /// <summary>
    /// Q-MEAN-4: rounds a monthly mean to <paramref name="evalDecimals"/>, half to even, in one step; a
    /// non-zero mean that would round to zero keeps one significant digit (also rounded half to even).
    /// </summary>
    public static RoundedValue RoundMean(decimal mean, int evalDecimals)
    {
        if (mean < 0) throw new ArgumentOutOfRangeException(nameof(mean), mean, "a monthly mean is never negative");
        var rounded = decimal.Round(mean, evalDecimals, MidpointRounding.ToEven);
        if (rounded != 0 || mean == 0) return new RoundedValue(rounded, evalDecimals);
        var decimals = evalDecimals;
        while (mean * Pow10(decimals) < 1m) decimals++;
        return new RoundedValue(decimal.Round(mean, decimals, MidpointRounding.ToEven), decimals);
    }

    /// <summary>Q-EXC-1: an exceedance multiple is rounded to 2 decimals, half to even.</summary>
    public static decimal RoundExceedance(decimal multiple) => decimal.Round(multiple, 2, MidpointRounding.ToEven);

    private static decimal Pow10(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++) p *= 10m;
        return p;
    }
}
