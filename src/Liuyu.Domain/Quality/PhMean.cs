namespace Liuyu.Domain.Quality;

/// <summary>
/// Q-MEAN-2: pH is averaged through hydrogen ions, <c>pH = −log10(mean(10^−pH_i))</c>, computed in
/// <c>decimal</c> (Q-MEAN-5) with series for exp and ln, accurate to well beyond the 20 decimals kept. The terms
/// <c>10^−x</c> for the 1,401 two-decimal differences x in [0, 14] come from a table filled by the same series, so a
/// month of thousands of pH samples costs a few table look-ups; values are summed in ascending order of pH, so the
/// mean does not depend on the order the samples were read in.
/// </summary>
public static class PhMean
{
    private const decimal Ln10 = 2.3025850929940456840179914547m;
    private const decimal Ln2 = 0.6931471805599453094172321215m;
    private static readonly Lazy<decimal[]> Table = new(() => Enumerable.Range(0, 1401).Select(i => TenToMinusBySeries(i / 100m)).ToArray());

    public static decimal Of(IReadOnlyList<decimal> ph)
    {
        if (ph.Count == 0) throw new ArgumentException("no pH values", nameof(ph));
        var values = new PhValues();
        foreach (var p in ph) values.Add(p);
        return values.Mean();
    }

    /// <summary>The mean of distinct values (ascending) each occurring <c>Count</c> times.</summary>
    public static decimal OfDistinct(IReadOnlyList<(decimal Ph, int Count)> distinct)
    {
        if (distinct.Count == 0) throw new ArgumentException("no pH values", nameof(distinct));
        // Equal values average to themselves exactly; this also keeps an exact x.5 a tie for half-even rounding.
        if (distinct.Count == 1) return distinct[0].Ph;

        // Shift by the smallest pH so every term 10^(min − pH_i) lies in (0, 1] and keeps its digits.
        var min = distinct[0].Ph;
        var sum = 0m;
        var n = 0;
        foreach (var (p, count) in distinct)
        {
            sum += TenToMinus(p - min) * count;
            n += count;
        }
        var mean = sum / n;
        // Snapping to 20 decimals removes series error (≈1e-25) without touching any real difference.
        return decimal.Round(min - Log10(mean), 20, MidpointRounding.ToEven);
    }

    /// <summary>
    /// <see cref="OfDistinct"/> for two-decimal values counted per hundredth: <paramref name="counts"/>[i] values equal to
    /// (<paramref name="lowest"/> + i) / 100. The same sum in the same (ascending) order, the terms read from the table.
    /// </summary>
    public static decimal OfHundredths(ReadOnlySpan<int> counts, int lowest)
    {
        var first = counts.IndexOfAnyExcept(0);
        if (first < 0) throw new ArgumentException("no pH values", nameof(counts));
        var min = lowest + first;
        var rest = counts[(first + 1)..];
        if (rest.IndexOfAnyExcept(0) < 0) return min / 100m; // one distinct value: its own mean, as in OfDistinct
        var table = Table.Value;
        var sum = 0m;
        var n = 0;
        for (var i = first; i < counts.Length; i++)
        {
            var count = counts[i];
            if (count == 0) continue;
            sum += table[lowest + i - min] * count;
            n += count;
        }
        var mean = sum / n;
        return decimal.Round(min / 100m - Log10(mean), 20, MidpointRounding.ToEven);
    }

    /// <summary>10^−x for 0 ≤ x ≤ 14: from the table for two-decimal x, else by the series.</summary>
    public static decimal TenToMinus(decimal x)
    {
        var hundredths = x * 100m;
        if (hundredths == decimal.Truncate(hundredths) && hundredths >= 0 && hundredths <= 1400m) return Table.Value[(int)hundredths];
        return TenToMinusBySeries(x);
    }

    /// <summary>10^−x for 0 ≤ x ≤ 14 by the series: the exact formula the table is filled from.</summary>
    public static decimal TenToMinusBySeries(decimal x)
    {
        var whole = (int)decimal.Floor(x);
        var result = 1m / Exp((x - whole) * Ln10);
        for (var i = 0; i < whole; i++) result /= 10m;
        return result;
    }

    /// <summary>e^y for 0 ≤ y &lt; 2.31 by its Taylor series.</summary>
    private static decimal Exp(decimal y)
    {
        decimal term = 1m, sum = 1m;
        for (var n = 1; n < 100; n++)
        {
            term = term * y / n;
            if (term == 0m) break;
            sum += term;
        }
        return sum;
    }

    /// <summary>
    /// log10 of 0 &lt; x ≤ 1: x = m·10^−e with 1 ≤ m &lt; 10, then m = 2^k·r with 1 ≤ r &lt; 2, and
    /// ln r = 2·atanh((r−1)/(r+1)), whose series converges in about 30 terms for r below 2.
    /// </summary>
    private static decimal Log10(decimal x)
    {
        var e = 0;
        while (x < 1m) { x *= 10m; e++; }
        var k = 0;
        while (x >= 2m) { x /= 2m; k++; }
        var z = (x - 1m) / (x + 1m);
        var z2 = z * z;
        decimal power = z, sum = 0m;
        for (var i = 1; i < 2000; i += 2)
        {
            var term = power / i;
            if (term == 0m) break;
            sum += term;
            power *= z2;
        }
        return (2m * sum + k * Ln2) / Ln10 - e;
    }
}
