namespace Liuyu.Domain.Accounting;

/// <summary>
/// 按月核算: accounts each section for a month. The order of checks is the order of rules.md:
/// R-SEC-2 (not approved), R-BASE-1/2 (no baseline), R-DATA-4 (no valid result), then the agreement's rule
/// family (R-FAM-1: cq2023 R-COMP-1..3 with R-AMT-1/2, fixed-target R-FAM-3, class-steps R-FAM-4), then R-EXEMPT-1
/// (an approved exemption waives a payment by the upstream party). R-RIVER-2 follows from accounting per section: a
/// district on several rivers gets separate lines per river. R-EXT-1: a section with a base flow for the year on a river
/// whose agreement sets quantity terms gets a second line each month, purpose quantity.
/// </summary>
public static class MonthlyAccounting
{
    public static IEnumerable<SectionMonthOutcome> AccountYear(Scheme scheme, int year) =>
        YearMonth.MonthsOf(year).SelectMany(m => AccountMonth(scheme, m));

    /// <summary>
    /// Every section's outcome for a month, in registration order. A large registry is accounted on every core: each
    /// section-month depends only on the scheme, which is read-only (its lazy parts are built thread-safely).
    /// </summary>
    public static IEnumerable<SectionMonthOutcome> AccountMonth(Scheme scheme, YearMonth month) => AccountSections(scheme, scheme.Sections, month);

    /// <summary>
    /// The outcomes of <paramref name="sections"/> (registered sections of <paramref name="scheme"/>, in their order) for a
    /// month, as <see cref="AccountMonth"/> gives them for those sections: a month's outcomes are those of its sections
    /// taken one after another, so a caller may account a month part by part.
    /// </summary>
    public static IEnumerable<SectionMonthOutcome> AccountSections(Scheme scheme, IReadOnlyList<Section> sections, YearMonth month)
    {
        if (sections.Count < ParallelFrom) return sections.SelectMany(s => Outcomes(scheme, s, month));
        // A section's water-quality line and its quantity line (or none) in two arrays, not an array per section.
        var quality = new SectionMonthOutcome[sections.Count];
        var quantity = new SectionMonthOutcome?[sections.Count];
        // In the order Outcomes computes them (quantity, then quality); a failure is the one the sequential path throws.
        InParallel.For(sections.Count, i =>
        {
            quantity[i] = AccountQuantity(scheme, sections[i], month);
            quality[i] = AccountSection(scheme, sections[i], month);
        });
        // In the order of Outcomes: each section's quality line, then its quantity line.
        var all = new List<SectionMonthOutcome>(sections.Count);
        for (var i = 0; i < sections.Count; i++)
        {
            all.Add(quality[i]);
            if (quantity[i] is { } q) all.Add(q);
        }
        return all;
    }

    /// <summary>A section-month's lines: water quality, then water quantity where the agreement sets it (R-EXT-1).</summary>
    private static SectionMonthOutcome[] Outcomes(Scheme scheme, Section section, YearMonth month) =>
        AccountQuantity(scheme, section, month) is { } q ? [AccountSection(scheme, section, month), q] : [AccountSection(scheme, section, month)];

    /// <summary>Below this many sections a month is accounted on one thread (the Chongqing scheme has about 50).</summary>
    private const int ParallelFrom = 1024;

    /// <summary>
    /// R-EXT-1: the section-month's quantity line, or null when it has none: the section is not approved (R-SEC-2: no
    /// quantity line), has no base flow for the year, or its river's agreement in force sets no quantity terms.
    /// </summary>
    public static SectionMonthOutcome? AccountQuantity(Scheme scheme, Section section, YearMonth month)
    {
        if (!section.Approved) return null;
        var agreement = scheme.AgreementFor(section.River, month);
        if (agreement?.Quantity is not { } terms) return null;
        if (scheme.QuantityTargetOf(section.Id, month.Year) is not { } target) return null;
        var version = scheme.Policy.For(month);
        var flow = scheme.FlowOf(section.Id, month)?.MinDailyFlow;
        var decision = QuantityRule.Decide(flow, target.MinFlow, terms);

        SectionMonthOutcome Line(string rule, PartyId? payer, PartyId? payee, Fen amount, Ledger.LineNote note, string? exemption = null) =>
            new(section.River, section.Id, month, Purposes.WaterQuantity, rule, payer, payee, amount, null, null, null, null, null, note, exemption,
                version.Id, agreement.RuleFamily, agreement.Tiers, null, terms.AsParameters(), flow, target.MinFlow);

        var note = flow is { } f
            ? Ledger.LineNote.Of(Ledger.NoteCodes.Flow, ("flow", QuantityRule.Canonical(f)), ("target", QuantityRule.Canonical(target.MinFlow)))
            : Ledger.LineNote.Of(Ledger.NoteCodes.NoFlow, ("target", QuantityRule.Canonical(target.MinFlow)));
        // R-EXEMPT-1 (drought the usual case) waives R-EXT-1a like R-COMP-2.
        if (decision.Direction == PaymentDirection.UpstreamPaysDownstream && scheme.ExemptionOf(section.Id, month) is { IsApproved: true } exemption)
            return Line(RuleIds.Exempted, null, null, Fen.Zero, Ledger.LineNote.Of(Ledger.NoteCodes.Exempted, ("text", exemption.Reason)), exemption.Reference);
        var (payer, payee) = Direct(section, decision.Direction);
        return Line(decision.Rule, payer, payee, decision.Amount, note);
    }

    private static (PartyId? Payer, PartyId? Payee) Direct(Section section, PaymentDirection direction) => direction switch
    {
        PaymentDirection.DownstreamPaysUpstream => (section.Downstream, section.Upstream),
        PaymentDirection.UpstreamPaysDownstream => (section.Upstream, section.Downstream),
        _ => (null, null),
    };

    /// <exception cref="InvalidOperationException">The scheme was read without its monthly results (<see cref="Scheme.ResultsLeftOut"/>).</exception>
    public static SectionMonthOutcome AccountSection(Scheme scheme, Section section, YearMonth month) =>
        AccountSection(scheme, section, month, scheme.ResultsLeftOut
            ? throw new InvalidOperationException("a scheme read without its monthly results cannot account a month from them")
            : scheme.ResultOf(section.Id, month));

    /// <summary>
    /// The section-month's water-quality line had <paramref name="result"/> been its result: the accounting of
    /// <see cref="AccountSection(Scheme, Section, YearMonth)"/> with a result that is not (yet) the scheme's, such as a
    /// running month's provisional class from its automatic station (issue 14, early warning).
    /// </summary>
    public static SectionMonthOutcome AccountSection(Scheme scheme, Section section, YearMonth month, MonthlyResult? result)
    {
        var version = scheme.Policy.For(month);
        var policy = version.Parameters;
        var agreement = scheme.AgreementFor(section.River, month);
        var tiers = agreement?.Tiers ?? new Tiers(policy.Tier1, policy.Tier2);
        var familyId = agreement?.RuleFamily ?? Chongqing2023Rule.FamilyId;
        var family = RuleFamilies.Get(familyId);
        var parameters = agreement?.Parameters ?? FamilyParameters.None;

        SectionMonthOutcome Line(string rule, Baseline? baseline, MonthlyResult? result, Ledger.LineNote? note,
            PartyId? payer = null, PartyId? payee = null, Fen amount = default, string? exemption = null, int? diff = null) =>
            new(section.River, section.Id, month, Purposes.WaterQuality, rule, payer, payee, amount,
                baseline?.Class, baseline, result?.Class, result?.Source, result?.Revision, note, exemption,
                version.Id, familyId, tiers, diff, parameters);

        // R-SEC-2: an unapproved section is not accounted, and says so.
        if (!section.Approved)
            return Line(RuleIds.NotApproved, null, null, Ledger.LineNote.Of(Ledger.NoteCodes.NotApproved));

        // R-FAM-3: a family that fixes the baseline in its agreement needs no section target.
        string? missingRule = null;
        var baseline = family.FixedBaseline(parameters) is { } fixedClass
            ? new Baseline(fixedClass, section.Id, BaselineBasis.AgreementTarget, null, false)
            : scheme.Baselines.Resolve(section, month.Year, policy.BaselineTieBreak, out missingRule);
        if (baseline is null)
            return Line(missingRule!, null, result,
                missingRule == RuleIds.NoTarget
                    ? Ledger.LineNote.Of(Ledger.NoteCodes.NoTarget, ("section", section.Id.Value), ("year", month.Year))
                    : Ledger.LineNote.Of(Ledger.NoteCodes.NoReferenceTarget, ("year", month.Year)));

        // R-DATA-4: no valid result means no payment, never "equal to baseline".
        if (result?.Class is not { } resultClass)
            return Line(RuleIds.NoResult, baseline, result,
                result is null ? Ledger.LineNote.Of(Ledger.NoteCodes.NoResult)
                : result.Coded ?? (string.IsNullOrWhiteSpace(result.Note) ? Ledger.LineNote.Of(Ledger.NoteCodes.NoValidResult) : TextNote(result.Note)));

        var decision = family.Decide(new RuleInput(baseline.Class, resultClass, tiers, parameters, policy));
        var (payer, payee) = Direct(section, decision.Direction);

        // R-EXEMPT-1: the paying upstream party's approved exemption waives the month's payment; the line stays with amount 0.
        if (decision.Direction == PaymentDirection.UpstreamPaysDownstream
            && scheme.ExemptionOf(section.Id, month) is { IsApproved: true } exemption)
            return Line(RuleIds.Exempted, baseline, result, Ledger.LineNote.Of(Ledger.NoteCodes.Exempted, ("text", exemption.Reason)),
                exemption: exemption.Reference, diff: decision.ClassDifference);

        return Line(decision.Rule, baseline, result, result.Coded ?? TextNote(result.Note), payer, payee, decision.Amount, diff: decision.ClassDifference);
    }

    /// <summary>An imported result's own note (断流, 复核) is data: carried as it is, under <see cref="Ledger.NoteCodes.Text"/>.</summary>
    private static Ledger.LineNote? TextNote(string? note) =>
        string.IsNullOrWhiteSpace(note) ? null : Ledger.LineNote.Of(Ledger.NoteCodes.Text, ("text", note));
}
