namespace Liuyu.Domain.Accounting;

/// <summary>How a section's baseline (补偿基准) was found.</summary>
public enum BaselineBasis
{
    /// <summary>R-BASE-1: the section's own target.</summary>
    OwnTarget,
    /// <summary>R-BASE-2: the target of the nearest assessment section on the same river.</summary>
    NearestAssessmentSection,
    /// <summary>R-BASE-2 Decision: the reference section named in the agreement.</summary>
    NamedReference,
    /// <summary>R-FAM-3: the class the agreement's rule family fixes (<c>target_class</c> of fixed-target).</summary>
    AgreementTarget,
}

/// <summary>A resolved baseline: the class, and which section's target it is (for the explanation).</summary>
public sealed record Baseline(WaterClass Class, SectionId From, BaselineBasis Basis, decimal? DistanceKm, bool WasTie)
{
    public string Explain() => Basis switch
    {
        BaselineBasis.OwnTarget => $"R-BASE-1: own target {Class.Display}",
        BaselineBasis.AgreementTarget => $"R-FAM-3: the agreement's target class {Class.Display}",
        BaselineBasis.NamedReference => $"R-BASE-2: target {Class.Display} of reference section {From} named in the agreement",
        _ => $"R-BASE-2: target {Class.Display} of nearest assessment section {From} ({DistanceKm} km away{(WasTie ? ", tie broken by policy" : "")})",
    };
}

/// <summary>
/// R-BASE-1, R-BASE-2: resolves baselines for one year. Assessment sections use their own target; the others
/// take the target of the nearest assessment section on the same river by distance along the river (with a
/// target for the year), a tie going to the stricter target by default, unless a reference section is named.
/// Unapproved assessment sections still lend their target: approval concerns accounting, not the target.
/// </summary>
public sealed class BaselineResolver
{
    private readonly Dictionary<(SectionId, int), WaterClass> _targets;
    private readonly Dictionary<SectionId, Section> _sections;
    private readonly ILookup<RiverId, Section> _assessmentByRiver;
    // Filled as rivers are met; concurrent because sections are accounted in parallel (MonthlyAccounting).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(RiverId, int), (decimal Km, Section Section, WaterClass Target)[]> _byRiverYear = [];

    public BaselineResolver(IEnumerable<Section> sections, IEnumerable<Target> targets)
    {
        _sections = sections.ToDictionary(s => s.Id);
        _assessmentByRiver = _sections.Values.Where(s => s.IsAssessment).ToLookup(s => s.River);
        _targets = [];
        foreach (var t in targets) _targets[(t.Section, t.Year)] = t.Class;
    }

    public WaterClass? TargetOf(SectionId section, int year) => _targets.TryGetValue((section, year), out var c) ? c : null;

    /// <summary>The baseline of <paramref name="section"/> for <paramref name="year"/>, or null with the rule that failed.</summary>
    /// <remarks>
    /// The same for each of the year's twelve months, so found once per section, year and tie-break and shared (a
    /// <see cref="Baseline"/> is immutable): a national year resolves 20,000 baselines, not 240,000.
    /// </remarks>
    public Baseline? Resolve(Section section, int year, TieBreak tieBreak, out string? missingRule)
    {
        (var baseline, missingRule) = _resolved.GetOrAdd((section.Id, year, tieBreak),
            static (key, a) => (a.Self.Find(a.Section, key.Item2, key.Item3, out var rule), rule), (Self: this, Section: section));
        return baseline;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(SectionId, int, TieBreak), (Baseline?, string?)> _resolved = [];

    private Baseline? Find(Section section, int year, TieBreak tieBreak, out string? missingRule)
    {
        missingRule = null;
        if (section.IsAssessment)
        {
            if (TargetOf(section.Id, year) is { } own) return new Baseline(own, section.Id, BaselineBasis.OwnTarget, null, false);
            missingRule = RuleIds.NoTarget;
            return null;
        }
        if (section.ReferenceSection is { } reference)
        {
            if (TargetOf(reference, year) is { } refTarget) return new Baseline(refTarget, reference, BaselineBasis.NamedReference, null, false);
            missingRule = RuleIds.NoReferenceTarget;
            return null;
        }
        var candidates = Candidates(section.River, year);
        if (candidates.Length == 0)
        {
            missingRule = RuleIds.NoReferenceTarget;
            return null;
        }
        return Nearest(candidates, section.DistanceKm, tieBreak);
    }

    /// <summary>R-BASE-2: nearest by |Δkm|; ties broken by <paramref name="tieBreak"/>, then by the upstream one.</summary>
    internal static Baseline Nearest((decimal Km, Section Section, WaterClass Target)[] sorted, decimal km, TieBreak tieBreak)
    {
        // Binary search for the first candidate at or below km, then look at both neighbourhoods.
        int lo = 0, hi = sorted.Length - 1, pos = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid].Km <= km) { pos = mid; lo = mid + 1; } else hi = mid - 1;
        }
        var best = decimal.MaxValue;
        var near = new List<(decimal Km, Section Section, WaterClass Target)>();
        void Consider(int i)
        {
            var d = Math.Abs(sorted[i].Km - km);
            if (d < best) { best = d; near.Clear(); near.Add(sorted[i]); }
            else if (d == best) near.Add(sorted[i]);
        }
        for (var i = pos; i >= 0 && Math.Abs(sorted[i].Km - km) <= best; i--) Consider(i);
        for (var i = pos + 1; i < sorted.Length && Math.Abs(sorted[i].Km - km) <= best; i++) Consider(i);
        var chosen = near
            .OrderBy(c => tieBreak == TieBreak.Stricter ? c.Target.Ordinal : -c.Target.Ordinal)
            .ThenBy(c => c.Km)
            .First();
        return new Baseline(chosen.Target, chosen.Section.Id, BaselineBasis.NearestAssessmentSection, best, near.Count > 1);
    }

    private (decimal Km, Section Section, WaterClass Target)[] Candidates(RiverId river, int year)
    {
        if (_byRiverYear.TryGetValue((river, year), out var cached)) return cached;
        var list = _assessmentByRiver[river]
            .Where(s => _targets.ContainsKey((s.Id, year)))
            .Select(s => (s.DistanceKm, s, _targets[(s.Id, year)]))
            .OrderBy(c => c.DistanceKm)
            .ToArray();
        return _byRiverYear.GetOrAdd((river, year), list);
    }
}
