namespace Liuyu.Domain.Quality;

/// <summary>Q-UNIT-1: mg/L is canonical; μg/L (also ug/L, 微克/升) converts by ÷1000; no unit means the indicator's own.</summary>
public static class ConcentrationUnit
{
    /// <summary>
    /// The factor that turns a value written in <paramref name="unit"/> into the indicator's unit, or
    /// false when the unit cannot be converted (an input error, Q-CLS-4).
    /// </summary>
    public static bool TryFactor(Indicator indicator, string? unit, out decimal factor)
    {
        factor = 1m;
        var u = Normalise(unit);
        if (u.Length == 0) return true;
        var own = Normalise(indicator.Unit);
        if (own == "mg/l")
        {
            switch (u)
            {
                case "mg/l": return true;
                case "ug/l": factor = 0.001m; return true;
                default: return false;
            }
        }
        if (own.Length == 0) return u is "无量纲" or "dimensionless" or "ph" or "-";
        return u == own;
    }

    private static string Normalise(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit)) return "";
        var u = unit.Trim().Replace(" ", "").ToLowerInvariant()
            .Replace('μ', 'u').Replace('µ', 'u') // Greek mu U+03BC and micro sign U+00B5
            .Replace("°c", "℃");
        return u switch
        {
            "毫克/升" or "mg/dm3" => "mg/l",
            "微克/升" => "ug/l",
            _ => u,
        };
    }
}
