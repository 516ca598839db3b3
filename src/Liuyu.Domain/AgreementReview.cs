using Liuyu.Domain.Settlement;

namespace Liuyu.Domain;

/// <summary>What needs attention about a river's agreement on a given day.</summary>
public enum AgreementWarningKind
{
    /// <summary>R-AGR-3: no agreement filed although the filing deadline has passed.</summary>
    NotFiled,
    /// <summary>R-AGR-3: no agreement yet; the filing deadline is still ahead.</summary>
    FilingDue,
    /// <summary>R-AGR-2: the term ends within six months.</summary>
    RenewalDue,
    /// <summary>The term has ended.</summary>
    Expired,
    /// <summary>R-AGR-2: the term is shorter than the minimum.</summary>
    TermTooShort,
    /// <summary>R-FUND-1: a district has not signed and pays into the basin fund.</summary>
    BasinFundCharged,
}

public sealed record AgreementWarning(AgreementWarningKind Kind, PartyId? Party, string Message);

/// <summary>A district of a river and when it signed (null: not signed).</summary>
public sealed record SignatureStatus(PartyId Party, DateOnly? SignedOn);

/// <summary>One river's agreement as it stands on a day: term, tiers, signatures, basin-fund charges and warnings.</summary>
public sealed record AgreementStatus(RiverId River, Agreement? Agreement, Tiers Tiers, IReadOnlyList<SignatureStatus>? Signatures,
    IReadOnlyList<FundCharge> Fund, IReadOnlyList<AgreementWarning> Warnings);

/// <summary>
/// R-AGR-2, R-AGR-3, R-FUND-1: reviews every river's agreement on a given day (the caller's clock decides the day),
/// for the CLI's <c>agreements</c> command and the web application alike.
/// </summary>
public static class AgreementReview
{
    public static IReadOnlyList<AgreementStatus> Review(Scheme scheme, DateOnly today, int renewalWarningMonths = 6)
    {
        var policy = scheme.Policy.For(today).Parameters;
        // Grouped by river once (in their order), not looked for among all per river.
        var fund = YearlySettlement.BasinFund(scheme, today.Year).ToLookup(f => f.River);
        var agreements = scheme.Agreements.ToLookup(a => a.River);
        return scheme.RiverOrder().Select(river =>
        {
            var agreement = agreements[river].OrderBy(a => a.EffectiveFrom).LastOrDefault();
            var warnings = new List<AgreementWarning>();
            if (agreement is null)
                warnings.Add(today > policy.FilingDeadline
                    ? new(AgreementWarningKind.NotFiled, null, $"no agreement filed (due {policy.FilingDeadline:yyyy-MM-dd}, R-AGR-3)")
                    : new(AgreementWarningKind.FilingDue, null, $"agreement to be filed by {policy.FilingDeadline:yyyy-MM-dd} (R-AGR-3)"));
            else
            {
                if (agreement.RenewalDue(today, renewalWarningMonths))
                    warnings.Add(new(AgreementWarningKind.RenewalDue, null, $"term ends {agreement.EffectiveTo:yyyy-MM-dd}: renewal due (R-AGR-2)"));
                else if (agreement.EffectiveTo < today)
                    warnings.Add(new(AgreementWarningKind.Expired, null, $"expired {agreement.EffectiveTo:yyyy-MM-dd}"));
                if (!agreement.TermIsLongEnough(policy.MinimumTermYears))
                    warnings.Add(new(AgreementWarningKind.TermTooShort, null, $"term shorter than {policy.MinimumTermYears} years (R-AGR-2)"));
            }
            List<SignatureStatus>? signatures = null;
            // R-FUND-1 charges a district for not signing an agreement in force: none for a year the agreement no longer covers
            // (the page said "expired" and charged the fund for that year all the same).
            var charges = agreement is { } a && a.EffectiveTo < new DateOnly(today.Year, 1, 1) ? [] : fund[river].ToList();
            if (scheme.Signatures is not null)
            {
                signatures = scheme.PartiesOf(river).Where(p => scheme.HasParty(p) && scheme.Party(p).Kind == PartyKind.District)
                    .Select(p => new SignatureStatus(p, scheme.FirstSigned(river, p)))
                    .ToList();
                foreach (var c in charges)
                    warnings.Add(new(AgreementWarningKind.BasinFundCharged, c.Party, $"{scheme.Party(c.Party).Name}: basin fund {c.Months} month(s) in {today.Year}, {c.Amount} yuan (R-FUND-1)"));
            }
            return new AgreementStatus(river, agreement, agreement?.Tiers ?? new Tiers(policy.Tier1, policy.Tier2), signatures, charges, warnings);
        }).ToList();
    }
}
