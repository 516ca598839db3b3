namespace Liuyu.Domain.Accounting;

/// <summary>
/// 按月核算: accounts each section for a month. The order of checks is the order of rules.md:
/// R-SEC-2 (not approved), R-BASE-1/2 (no baseline), R-DATA-4 (no valid result), then the agreement's rule
/// family (R-COMP-1..3 with R-AMT-1/2), then R-EXEMPT-1 (an approved exemption waives a payment by the
/// upstream party). R-RIVER-2 follows from accounting per section: a district on several rivers gets
/// separate lines per river.
/// </summary>
public static class MonthlyAccounting
{
    public static IEnumerable<SectionMonthOutcome> AccountYear(Scheme scheme, int year) =>
        YearMonth.MonthsOf(year).SelectMany(m => AccountMonth(scheme, m));

    /// <summary>
    /// Every section's outcome for a month, in registration order. A large registry is accounted on every core: each
    /// section-month depends only on the scheme, which is read-only (its lazy parts are built thread-safely).
    /// </summary>
    public static IEnumerable<SectionMonthOutcome> AccountMonth(Scheme scheme, YearMonth month)
    {
        var sections = scheme.Sections;
        if (sections.Count < ParallelFrom) return sections.Select(s => AccountSection(scheme, s, month));
        var outcomes = new SectionMonthOutcome[sections.Count];
        try
        {
            Parallel.For(0, sections.Count, i => outcomes[i] = AccountSection(scheme, sections[i], month));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The caller sees what the sequential path would throw, not a wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return outcomes;
    }

    /// <summary>Below this many sections a month is accounted on one thread (the Chongqing scheme has about 50).</summary>
    private const int ParallelFrom = 1024;

    public static SectionMonthOutcome AccountSection(Scheme scheme, Section section, YearMonth month)
    {
        var version = scheme.Policy.For(month);
        var policy = version.Parameters;
        var agreement = scheme.AgreementFor(section.River, month);
        var tiers = agreement?.Tiers ?? new Tiers(policy.Tier1, policy.Tier2);
        var familyId = agreement?.RuleFamily ?? Chongqing2023Rule.FamilyId;

        SectionMonthOutcome Line(string rule, Baseline? baseline, MonthlyResult? result, Ledger.LineNote? note,
            PartyId? payer = null, PartyId? payee = null, Fen amount = default, string? exemption = null, int? diff = null) =>
            new(section.River, section.Id, month, Purposes.WaterQuality, rule, payer, payee, amount,
                baseline?.Class, baseline, result?.Class, result?.Source, result?.Revision, note, exemption,
                version.Id, familyId, tiers, diff);

        // R-SEC-2: an unapproved section is not accounted, and says so.
        if (!section.Approved)
            return Line(RuleIds.NotApproved, null, null, Ledger.LineNote.Of(Ledger.NoteCodes.NotApproved));

        var baseline = scheme.Baselines.Resolve(section, month.Year, policy.BaselineTieBreak, out var missingRule);
        var result = scheme.ResultOf(section.Id, month);
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

        var decision = RuleFamilies.Get(familyId).Decide(baseline.Class, resultClass, tiers, policy);
        var (payer, payee) = decision.Direction switch
        {
            PaymentDirection.DownstreamPaysUpstream => ((PartyId?)section.Downstream, (PartyId?)section.Upstream),
            PaymentDirection.UpstreamPaysDownstream => (section.Upstream, section.Downstream),
            _ => (null, null),
        };

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
