namespace Liuyu.Domain.Quality;

/// <summary>
/// Q-MEAN-2: pH is averaged through hydrogen ions, <c>pH = −log10(mean(10^−pH_i))</c>, computed in
/// <c>decimal</c> (Q-MEAN-5) with series for exp and ln, accurate to well beyond the 20 decimals kept.
/// </summary>
public static class PhMean
{
    private const decimal Ln10 = 2.3025850929940456840179914547m;

    public static decimal Of(IReadOnlyList<decimal> ph)
    {
        if (ph.Count == 0) throw new ArgumentException("no pH values", nameof(ph));
        var first = ph[0];
        // Equal values average to themselves exactly; this also keeps an exact x.5 a tie for half-even rounding.
        if (ph.All(p => p == first)) return first;

        // Shift by the smallest pH so every term 10^(min − pH_i) lies in (0, 1] and keeps its digits.
        var min = ph.Min();
        var sum = 0m;
        foreach (var p in ph) sum += TenToMinus(p - min);
        var mean = sum / ph.Count;
        // Snapping to 20 decimals removes series error (≈1e-25) without touching any real difference.
        return decimal.Round(min - Log10(mean), 20, MidpointRounding.ToEven);
    }

    /// <summary>10^−x for 0 ≤ x ≤ 14.</summary>
    private static decimal TenToMinus(decimal x)
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

    /// <summary>log10 of 0 &lt; x ≤ 1: x = m·10^−e with 1 ≤ m &lt; 10, ln m = 2·atanh((m−1)/(m+1)).</summary>
    private static decimal Log10(decimal x)
    {
        var e = 0;
        while (x < 1m) { x *= 10m; e++; }
        var z = (x - 1m) / (x + 1m);
        var z2 = z * z;
        decimal power = z, sum = 0m;
        for (var k = 1; k < 2000; k += 2)
        {
            var term = power / k;
            if (term == 0m) break;
            sum += term;
            power *= z2;
        }
        return 2m * sum / Ln10 - e;
    }
}
