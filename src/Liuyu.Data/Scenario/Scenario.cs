using Liuyu.Data.Csv;
using Liuyu.Domain;

namespace Liuyu.Data.Scenario;

/// <summary>A policy parameter override read from policy.csv; <see cref="EffectiveFrom"/> null means the base version.</summary>
public sealed record PolicyOverride(DateOnly? EffectiveFrom, string Key, string Value);

/// <summary>
/// A scenario folder (formats.md) read and validated: the registry, targets, results and decisions, ready to
/// import. <see cref="Signatures"/> and <see cref="Payments"/> are null when their files are absent (not
/// tracked). <see cref="Warnings"/> lists what was accepted but deserves a look (unknown columns, short terms).
/// </summary>
public sealed record ScenarioData(
    IReadOnlyList<Party> Parties,
    IReadOnlyList<River> Rivers,
    IReadOnlyList<Section> Sections,
    IReadOnlyList<Target> Targets,
    IReadOnlyList<MonthlyResult> Results,
    IReadOnlyList<Agreement> Agreements,
    IReadOnlyList<Signature>? Signatures,
    IReadOnlyList<Exemption> Exemptions,
    IReadOnlyList<Payment>? Payments,
    IReadOnlyList<Substitute> Substitutes,
    IReadOnlyList<PolicyOverride> Policy,
    IReadOnlyList<InputError> Warnings)
{
    /// <summary>R-JOINT-1: joint-governance records (joint_activities.csv, optional).</summary>
    public IReadOnlyList<JointActivity> JointActivities { get; init; } = [];

    /// <summary>R-EXT-1: ecological base flows (quantity_targets.csv, optional).</summary>
    public IReadOnlyList<QuantityTarget> QuantityTargets { get; init; } = [];

    /// <summary>R-EXT-1: monthly lowest daily mean flows (flows.csv, optional).</summary>
    public IReadOnlyList<MonthlyFlow> Flows { get; init; } = [];

    /// <summary>Issue 14: automatic stations (stations.csv, optional), each registered to one section.</summary>
    public IReadOnlyList<Liuyu.Data.Stations.Station> Stations { get; init; } = [];

    public int RowCount => Parties.Count + Rivers.Count + Sections.Count + Targets.Count + Results.Count + Agreements.Count
        + (Signatures?.Count ?? 0) + Exemptions.Count + (Payments?.Count ?? 0) + Substitutes.Count + Policy.Count + JointActivities.Count
        + QuantityTargets.Count + Flows.Count + Stations.Count;

    /// <summary>Builds the policy schedule: the Chongqing 2023 defaults, the base overrides, then each dated version on top of the previous.</summary>
    public static PolicySchedule BuildSchedule(IEnumerable<PolicyOverride> overrides)
    {
        var baseVersion = PolicySchedule.Chongqing2023.Versions[0];
        var p = baseVersion.Parameters;
        foreach (var o in overrides.Where(o => o.EffectiveFrom is null)) p = p.With(o.Key, o.Value, out _);
        var versions = new List<PolicyVersion> { new(baseVersion.EffectiveFrom, p) };
        foreach (var g in overrides.Where(o => o.EffectiveFrom is not null).GroupBy(o => o.EffectiveFrom!.Value).OrderBy(g => g.Key))
        {
            foreach (var o in g) p = p.With(o.Key, o.Value, out _);
            if (g.Key <= baseVersion.EffectiveFrom) versions[0] = new PolicyVersion(baseVersion.EffectiveFrom, p);
            else versions.Add(new PolicyVersion(g.Key, p));
        }
        return new PolicySchedule(versions);
    }
}

/// <summary>What a store already holds, so that an import may refer to it (ids and the facts validation needs).</summary>
public sealed record KnownRegistry(
    IReadOnlyDictionary<PartyId, PartyKind> Parties,
    IReadOnlySet<RiverId> Rivers,
    IReadOnlyDictionary<SectionId, SectionKind> Sections)
{
    public static KnownRegistry Empty { get; } = new(new Dictionary<PartyId, PartyKind>(), new HashSet<RiverId>(), new Dictionary<SectionId, SectionKind>());
}
