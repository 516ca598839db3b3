using System.Globalization;
using System.Text;

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

/// <summary>What a rule family decides for one section-month with a baseline and a valid result (a value: one is made for every section-month).</summary>
public readonly record struct CompensationDecision(string Rule, PaymentDirection Direction, Fen Amount, int ClassDifference);

/// <summary>The kind of value a family parameter holds, which decides how it is read, stored and checked.</summary>
public enum FamilyParameterKind
{
    /// <summary>Money in fen, never negative (read as yuan).</summary>
    Money,
    /// <summary>A water-quality class (stored as its ordinal 1…6).</summary>
    WaterClass,
}

/// <summary>
/// One parameter a rule family reads (R-FAM-1): its key (the agreements.csv column), kind and default. A parameter
/// without a default is required: an agreement of that family without it is refused at import.
/// </summary>
public sealed record FamilyParameter(string Key, FamilyParameterKind Kind, string? Default, string Rule)
{
    public bool Required => Default is null;

    /// <summary>The canonical stored text of a value of this kind (fen, or a class ordinal).</summary>
    public static string Canonical(Fen amount) => amount.Value.ToString(CultureInfo.InvariantCulture);

    public static string Canonical(WaterClass c) => c.Ordinal.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The parameters of one agreement's rule family (R-FAM-1), as canonical text per key: money in fen, classes as
/// ordinals. Resolved against the family's declared parameters (defaults filled in), so that an agreement that leaves
/// <c>step</c> out and one that writes the default are the same agreement with the same ledger digest. Immutable;
/// equal by content.
/// </summary>
public sealed class FamilyParameters : IEquatable<FamilyParameters>
{
    public static readonly FamilyParameters None = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, string> _values;

    private FamilyParameters(SortedDictionary<string, string> values)
    {
        _values = values;
        Text = string.Join(";", values.Select(kv => kv.Key + "=" + kv.Value));
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The canonical text, <c>key=value;key=value</c> sorted by key; "" when there are none (as for cq2023).</summary>
    public string Text { get; }

    public bool IsEmpty => _values.Count == 0;

    public static FamilyParameters Of(params (string Key, string Value)[] values)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in values) map[k] = v;
        return map.Count == 0 ? None : new FamilyParameters(map);
    }

    /// <summary>Reads the canonical text back; null or "" is none.</summary>
    public static FamilyParameters Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return None;
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new FormatException($"family parameter '{pair}' is not key=value");
            map[pair[..eq]] = pair[(eq + 1)..];
        }
        return new FamilyParameters(map);
    }

    /// <summary>
    /// The family's parameters with defaults filled in for those not given. Throws for a missing required parameter
    /// or one the family does not read: the import checks both first and refuses with a code (this is the bug guard).
    /// </summary>
    public static FamilyParameters Resolve(IMonthlyRuleFamily family, IReadOnlyDictionary<string, string> given)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in family.Parameters)
        {
            if (given.TryGetValue(p.Key, out var v)) map[p.Key] = v;
            else if (p.Default is { } d) map[p.Key] = d;
            else throw new ArgumentException($"rule family {family.Id} needs parameter {p.Key}", nameof(given));
        }
        foreach (var k in given.Keys.Where(k => family.Parameters.All(p => p.Key != k)))
            throw new ArgumentException($"rule family {family.Id} has no parameter {k}", nameof(given));
        return map.Count == 0 ? None : new FamilyParameters(map);
    }

    public Fen Money(string key) => new(long.Parse(Require(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));

    public WaterClass Class(string key) => WaterClass.FromOrdinal(int.Parse(Require(key), NumberStyles.None, CultureInfo.InvariantCulture));

    private string Require(string key) =>
        _values.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"family parameter '{key}' is not set ({Text})");

    public bool Equals(FamilyParameters? other) => other is not null && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as FamilyParameters);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(FamilyParameters? a, FamilyParameters? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(FamilyParameters? a, FamilyParameters? b) => !(a == b);

    public override string ToString() => Text;
}

/// <summary>
/// What a rule family reads to decide one section-month: the baseline it compared with (the section's, or the one the
/// family fixes, <see cref="IMonthlyRuleFamily.FixedBaseline"/>), the valid result, the agreement's tiers and family
/// parameters, and the policy in force. Families to come that read more (concentrations and flows for
/// concentration × flow × price, yearly indices) get their inputs added here, not a new signature. A value: one is made
/// for every section-month.
/// </summary>
public readonly record struct RuleInput(WaterClass Baseline, WaterClass Result, Tiers Tiers, FamilyParameters Parameters, PolicyParameters Policy);

/// <summary>
/// A pluggable monthly rule (补偿模式), chosen per agreement by its <c>rule_family</c> (R-FAM-1). It decides a section's
/// monthly water-quality payment from its baseline and its result; what comes before it (R-SEC-2, R-BASE, R-DATA-4) and
/// after it (R-EXEMPT-1) is the same for every family, and the ledger only sees the decision. A family declares its
/// parameters, so that import validates them and the ledger stores them beside each line (the digest covers them).
/// </summary>
public interface IMonthlyRuleFamily
{
    string Id { get; }

    /// <summary>The parameters the family reads from its agreement, with defaults (none for cq2023: it reads the tiers).</summary>
    IReadOnlyList<FamilyParameter> Parameters { get; }

    /// <summary>Whether R-AMT-2 (tiers at least the statutory ones) binds the family's agreements (cq2023 only).</summary>
    bool StatutoryTiersBind { get; }

    /// <summary>
    /// The baseline the family fixes in its agreement instead of the section's annual target (R-FAM-3: target_class), or
    /// null when the section's baseline (R-BASE-1/2) applies.
    /// </summary>
    WaterClass? FixedBaseline(FamilyParameters parameters);

    CompensationDecision Decide(RuleInput input);

    /// <summary>The rule ids the family can decide, so that a stored line's rule can be checked against its family.</summary>
    IReadOnlyCollection<string> Rules { get; }
}

/// <summary>The rule families known to this build, by id (R-FAM-1).</summary>
public static class RuleFamilies
{
    private static readonly Dictionary<string, IMonthlyRuleFamily> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [Chongqing2023Rule.FamilyId] = new Chongqing2023Rule(),
        [FixedTargetRule.FamilyId] = new FixedTargetRule(),
        [ClassStepsRule.FamilyId] = new ClassStepsRule(),
    };

    /// <summary>The ids in registration order (cq2023 first).</summary>
    public static IReadOnlyCollection<string> Ids => Known.Keys;

    public static IReadOnlyCollection<IMonthlyRuleFamily> All => Known.Values;

    public static IMonthlyRuleFamily Get(string id) =>
        Known.TryGetValue(id, out var f) ? f : throw new KeyNotFoundException($"unknown rule family '{id}'; known: {string.Join(", ", Known.Keys)}");

    public static bool Exists(string id) => Known.ContainsKey(id);

    /// <summary>The id as the family spells it (an import may write <c>Fixed-Target</c>).</summary>
    public static string Canonical(string id) => Get(id).Id;

    /// <summary>Every parameter key some family reads (the agreements table's family columns).</summary>
    public static IReadOnlyCollection<string> ParameterKeys => Known.Values.SelectMany(f => f.Parameters).Select(p => p.Key).Distinct().ToList();

    /// <summary>Decides with the family's parameters given as text, for tests and callers holding only classes and tiers.</summary>
    public static CompensationDecision Decide(this IMonthlyRuleFamily family, WaterClass baseline, WaterClass result, Tiers tiers, PolicyParameters policy, FamilyParameters? parameters = null) =>
        family.Decide(new RuleInput(baseline, result, tiers, parameters ?? FamilyParameters.Resolve(family, new Dictionary<string, string>()), policy));

    /// <summary>A short human text of the parameters (for the explanation): <c>step 1000000.00, reward_step 0.00</c>.</summary>
    public static string Describe(IMonthlyRuleFamily family, FamilyParameters parameters)
    {
        var sb = new StringBuilder();
        foreach (var p in family.Parameters)
        {
            if (!parameters.Values.ContainsKey(p.Key)) continue;
            if (sb.Length > 0) sb.Append(", ");
            sb.Append(p.Key).Append(' ').Append(p.Kind == FamilyParameterKind.Money ? parameters.Money(p.Key).ToString() : parameters.Class(p.Key).Display);
        }
        return sb.ToString();
    }
}
