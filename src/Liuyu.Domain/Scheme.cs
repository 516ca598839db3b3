namespace Liuyu.Domain;

/// <summary>
/// Everything the accounting of a scheme reads, in memory: the registry (parties, rivers, sections), targets,
/// monthly results, agreements, signatures, exemptions, payments, substitutes and the policy schedule.
/// Built by storage or by tests; the domain never loads it itself. Order of sections and parties is the order
/// of registration and is the order of reports.
/// </summary>
public sealed class Scheme
{
    public IReadOnlyList<Party> Parties { get; }
    public IReadOnlyList<River> Rivers { get; }
    public IReadOnlyList<Section> Sections { get; }
    public IReadOnlyList<Target> Targets { get; }
    public IReadOnlyList<MonthlyResult> Results { get; }
    public IReadOnlyList<Agreement> Agreements { get; }
    /// <summary>Null when signatures are not tracked: then no basin-fund charge is computed (formats.md).</summary>
    public IReadOnlyList<Signature>? Signatures { get; }
    public IReadOnlyList<Exemption> Exemptions { get; }
    /// <summary>Null when the year is not yet due: then no penalty is computed (formats.md).</summary>
    public IReadOnlyList<Payment>? Payments { get; }
    public IReadOnlyList<Substitute> Substitutes { get; }
    public PolicySchedule Policy { get; }
    /// <summary>R-EXT-1: ecological base flows per section and year.</summary>
    public IReadOnlyList<QuantityTarget> QuantityTargets { get; }
    /// <summary>R-EXT-1: monthly lowest daily mean flows.</summary>
    public IReadOnlyList<MonthlyFlow> Flows { get; }

    private readonly Dictionary<PartyId, Party> _parties;
    private readonly Dictionary<RiverId, River> _rivers;
    private readonly Dictionary<SectionId, Section> _sections;
    private readonly Dictionary<(SectionId, YearMonth), MonthlyResult> _results;
    private readonly Dictionary<(SectionId, YearMonth), Exemption> _exemptions;
    // Per river, as an array: looked up for every section-month (240,000 in a national year), where enumerating a lookup's
    // grouping made an enumerator each time.
    private readonly Dictionary<RiverId, Agreement[]> _agreements;
    private readonly Dictionary<(SectionId, int), QuantityTarget> _quantityTargets;
    private readonly Dictionary<(SectionId, YearMonth), MonthlyFlow> _flows;
    private Accounting.BaselineResolver? _baselines;

    public Scheme(
        IReadOnlyList<Party> parties,
        IReadOnlyList<River> rivers,
        IReadOnlyList<Section> sections,
        IReadOnlyList<Target> targets,
        IReadOnlyList<MonthlyResult> results,
        IReadOnlyList<Agreement>? agreements = null,
        IReadOnlyList<Signature>? signatures = null,
        IReadOnlyList<Exemption>? exemptions = null,
        IReadOnlyList<Payment>? payments = null,
        IReadOnlyList<Substitute>? substitutes = null,
        PolicySchedule? policy = null,
        IReadOnlyList<QuantityTarget>? quantityTargets = null,
        IReadOnlyList<MonthlyFlow>? flows = null)
    {
        Parties = parties;
        Rivers = rivers;
        Sections = sections;
        Targets = targets;
        Results = results;
        Agreements = agreements ?? [];
        Signatures = signatures;
        Exemptions = exemptions ?? [];
        Payments = payments;
        Substitutes = substitutes ?? [];
        Policy = policy ?? PolicySchedule.Chongqing2023;
        QuantityTargets = quantityTargets ?? [];
        Flows = flows ?? [];
        _quantityTargets = [];
        foreach (var t in QuantityTargets) _quantityTargets[(t.Section, t.Year)] = t;
        _flows = [];
        foreach (var f in Flows) _flows[(f.Section, f.Month)] = f;

        _parties = parties.ToDictionary(p => p.Id);
        _rivers = rivers.ToDictionary(r => r.Id);
        _sections = sections.ToDictionary(s => s.Id);
        // Sized once: a national year has 240,000 results, and growing by doubling allocates the table about twice over.
        _results = new(results.Count);
        foreach (var r in results)
        {
            // One look-up per result: the slot is found or added once, then kept or replaced.
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_results, (r.Section, r.Month), out var exists);
            if (!exists || slot!.Revision <= r.Revision) slot = r;
        }
        _exemptions = [];
        foreach (var e in Exemptions) _exemptions[(e.Section, e.Month)] = e;
        _agreements = Agreements.GroupBy(a => a.River).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>
    /// The scheme was read without its monthly results (to settle, to name, to review agreements, or to account a month
    /// with a result its caller gives): a month cannot be accounted from its results, which it does not have.
    /// </summary>
    public bool ResultsLeftOut { get; init; }

    public Party Party(PartyId id) => _parties[id];
    public bool HasParty(PartyId id) => _parties.ContainsKey(id);
    public River River(RiverId id) => _rivers[id];
    public Section Section(SectionId id) => _sections[id];
    public bool HasSection(SectionId id) => _sections.ContainsKey(id);
    public bool HasRiver(RiverId id) => _rivers.ContainsKey(id);

    /// <summary>The latest revision of a section's result for a month, or null when none was imported.</summary>
    public MonthlyResult? ResultOf(SectionId section, YearMonth month) => _results.GetValueOrDefault((section, month));

    /// <summary>R-EXT-1: the section's base flow for the year, if it has one.</summary>
    public QuantityTarget? QuantityTargetOf(SectionId section, int year) => _quantityTargets.GetValueOrDefault((section, year));

    /// <summary>R-EXT-1: the section's flow figure for the month, if a row was imported (its value may still be null).</summary>
    public MonthlyFlow? FlowOf(SectionId section, YearMonth month) => _flows.GetValueOrDefault((section, month));

    /// <summary>R-EXT-2: whether a party is of Chongqing (an unknown party is taken as one: the registry holds every party it accounts).</summary>
    public bool IsChongqing(PartyId party) => !_parties.TryGetValue(party, out var p) || p.IsChongqing;

    /// <summary>R-EXT-2: a river with a party of another province on one of its sections (a cross-province agreement).</summary>
    public bool IsCrossProvince(RiverId river) => PartiesOf(river).Any(p => !IsChongqing(p));

    public Exemption? ExemptionOf(SectionId section, YearMonth month) => _exemptions.GetValueOrDefault((section, month));

    /// <summary>The agreement of a river in force in a month, if any (the latest starting one when terms overlap).</summary>
    /// <remarks>
    /// Called for every section-month accounted, so one pass without LINQ; among agreements starting the same day the
    /// last one listed wins, as a stable sort by start followed by the last element gives.
    /// </remarks>
    public Agreement? AgreementFor(RiverId river, YearMonth month)
    {
        Agreement? latest = null;
        foreach (var a in _agreements.GetValueOrDefault(river, []))
            if (a.Covers(month) && (latest is null || a.EffectiveFrom >= latest.EffectiveFrom)) latest = a;
        return latest;
    }

    /// <summary>Built on first use, once even when sections are accounted in parallel (its cache is thread-safe).</summary>
    public Accounting.BaselineResolver Baselines =>
        _baselines ?? LazyInitializer.EnsureInitialized(ref _baselines, () => new Accounting.BaselineResolver(Sections, Targets));

    private Dictionary<RiverId, IReadOnlyList<PartyId>>? _partiesByRiver;
    private IReadOnlyList<RiverId>? _riverOrder;
    private IReadOnlyList<PartyId>? _sectionPartyOrder;

    /// <summary>R-RIVER-1: the parties of a river, in order of first appearance along its sections (upstream first).</summary>
    public IReadOnlyList<PartyId> PartiesOf(RiverId river) =>
        (_partiesByRiver ??= PartiesByRiver()).TryGetValue(river, out var parties) ? parties : [];

    /// <summary>The parties of every river, in one pass over the sections (a scheme is immutable).</summary>
    private Dictionary<RiverId, IReadOnlyList<PartyId>> PartiesByRiver()
    {
        var lists = new Dictionary<RiverId, List<PartyId>>();
        var seen = new HashSet<(RiverId, PartyId)>();
        foreach (var s in Sections)
        {
            if (!lists.TryGetValue(s.River, out var list)) lists[s.River] = list = [];
            if (seen.Add((s.River, s.Upstream))) list.Add(s.Upstream);
            if (seen.Add((s.River, s.Downstream))) list.Add(s.Downstream);
        }
        return lists.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PartyId>)kv.Value.AsReadOnly());
    }

    private Dictionary<(RiverId, PartyId), DateOnly>? _firstSigned;

    /// <summary>
    /// R-FUND-1: the day a party first signed a river's agreement; null when it has not, or when signatures are not
    /// tracked. Found in a table made once (looked for among every signature per river and district, a national registry's
    /// 20,000 pairs made 400 million comparisons a settlement).
    /// </summary>
    public DateOnly? FirstSigned(RiverId river, PartyId party)
    {
        if (Signatures is null) return null;
        // Made once, whole, before any thread reads it (a scheme is shared by the server's requests).
        var firstSigned = LazyInitializer.EnsureInitialized(ref _firstSigned, FirstSignatures);
        return firstSigned.TryGetValue((river, party), out var on) ? on : null;
    }

    private Dictionary<(RiverId, PartyId), DateOnly> FirstSignatures()
    {
        var first = new Dictionary<(RiverId, PartyId), DateOnly>();
        foreach (var s in Signatures ?? [])
            if (!first.TryGetValue((s.River, s.Party), out var d) || s.SignedOn < d) first[(s.River, s.Party)] = s.SignedOn;
        return first;
    }

    /// <summary>Rivers in order of first appearance among the sections, then those without sections.</summary>
    public IReadOnlyList<RiverId> RiverOrder() =>
        _riverOrder ??= Sections.Select(s => s.River).Concat(Rivers.Select(r => r.Id)).Distinct().ToList().AsReadOnly();

    /// <summary>Every party upstream or downstream of a section, in order of first appearance (formats.md `parties`).</summary>
    public IReadOnlyList<PartyId> SectionPartyOrder() =>
        _sectionPartyOrder ??= Sections.SelectMany(s => new[] { s.Upstream, s.Downstream }).Distinct().ToList().AsReadOnly();
}
