namespace Liuyu.Domain.Accounting;

/// <summary>Who pays whom on a section, before amounts.</summary>
public enum PaymentDirection
{
    None,
    /// <summary>R-COMP-1: the downstream party pays the upstream party.</summary>
    DownstreamPaysUpstream,
    /// <summary>R-COMP-2: the upstream party pays the downstream party.</summary>
    UpstreamPaysDownstream,
}

/// <summary>What a rule family decides for one section-month with a baseline and a valid result.</summary>
public sealed record CompensationDecision(string Rule, PaymentDirection Direction, Fen Amount, int ClassDifference);

/// <summary>
/// A pluggable monthly rule (补偿模式), chosen per agreement. Chongqing 2023 is the first family; other
/// provinces' families (concentration-index schemes, the 2018 pilot rule) plug in here without touching the
/// ledger, which only sees the decision.
/// </summary>
public interface IMonthlyRuleFamily
{
    string Id { get; }

    CompensationDecision Decide(WaterClass baseline, WaterClass result, Tiers tiers, PolicyParameters policy);
}

/// <summary>The rule families known to this build, by id.</summary>
public static class RuleFamilies
{
    private static readonly Dictionary<string, IMonthlyRuleFamily> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [Chongqing2023Rule.FamilyId] = new Chongqing2023Rule(),
    };

    public static IReadOnlyCollection<string> Ids => Known.Keys;

    public static IMonthlyRuleFamily Get(string id) =>
        Known.TryGetValue(id, out var f) ? f : throw new KeyNotFoundException($"unknown rule family '{id}'; known: {string.Join(", ", Known.Keys)}");

    public static bool Exists(string id) => Known.ContainsKey(id);
}
