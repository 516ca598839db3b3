namespace Liuyu.Domain.Quality;

/// <summary>Q-EXC-1: exceedance multiple (超标倍数).</summary>
public static class Exceedance
{
    /// <summary>
    /// <c>(C − C_ref) / C_ref</c> rounded to 2 decimals half to even, with C the rounded monthly value and
    /// C_ref the limit of <paramref name="reference"/>; only when <c>C &gt; C_ref</c>; never for water
    /// temperature, pH or DO (they have no upper concentration limit).
    /// </summary>
    public static decimal? Of(Indicator indicator, decimal roundedValue, WaterClass reference)
    {
        if (indicator.LimitOf(reference) is not { } limit || roundedValue <= limit) return null;
        return EvaluationRounding.RoundExceedance((roundedValue - limit) / limit);
    }
}
