namespace Liuyu.Domain;

/// <summary>The monthly amounts per tier of difference (补偿标准, R-AMT-1, R-AMT-2).</summary>
public readonly record struct Tiers(Fen Tier1, Fen Tier2)
{
    /// <summary>R-AMT-1: 1 class → tier 1; 2 classes or more → tier 2.</summary>
    public Fen ForDifference(int classes) => classes switch
    {
        <= 0 => Fen.Zero,
        1 => Tier1,
        _ => Tier2,
    };
}

/// <summary>
/// R-AGR-1: the agreement (补偿协议) of one river basin: its term, the amounts per tier, and the rule family
/// that decides its monthly outcomes with the family's parameters (R-FAM-1), and its water-quantity terms (R-EXT-1).
/// Parties sign it separately (<see cref="Signature"/>).
/// </summary>
public sealed record Agreement(RiverId River, DateOnly EffectiveFrom, DateOnly EffectiveTo, Tiers Tiers, string RuleFamily = Chongqing2023Rule.FamilyId)
{
    /// <summary>R-FAM-1: the family's parameters, resolved (defaults filled in); none for cq2023.</summary>
    public Accounting.FamilyParameters Parameters { get; init; } = Accounting.FamilyParameters.None;

    /// <summary>R-EXT-1: the quantity terms; null when the agreement sets no <c>quantity_amount</c>.</summary>
    public QuantityTerms? Quantity { get; init; }

    public bool Covers(YearMonth month) => EffectiveFrom <= month.LastDay && EffectiveTo >= month.FirstDay;

    /// <summary>R-AMT-2: tiers may be higher than the statutory ones, never lower.</summary>
    public static string? CheckTiers(Tiers tiers, PolicyParameters statutory)
    {
        if (tiers.Tier1 < statutory.Tier1)
            return $"tier1 {tiers.Tier1} is below the statutory minimum {statutory.Tier1} yuan (R-AMT-2)";
        if (tiers.Tier2 < statutory.Tier2)
            return $"tier2 {tiers.Tier2} is below the statutory minimum {statutory.Tier2} yuan (R-AMT-2)";
        return null;
    }

    /// <summary>R-AGR-2: the term is at least the minimum number of years.</summary>
    public bool TermIsLongEnough(int minimumYears) => EffectiveTo >= EffectiveFrom.AddYears(minimumYears).AddDays(-1);

    /// <summary>R-AGR-2: renewal is due when the term ends within <paramref name="warnMonths"/> months of <paramref name="today"/>.</summary>
    public bool RenewalDue(DateOnly today, int warnMonths = 6) => EffectiveTo >= today && EffectiveTo <= today.AddMonths(warnMonths);
}
