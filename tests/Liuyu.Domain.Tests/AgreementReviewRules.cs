using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>R-AGR-2 renewal and term, R-AGR-3 filing, R-FUND-1 charges, as reviewed on a given day.</summary>
public class AgreementReviewRules
{
    private static Scheme With(Agreement? agreement, IReadOnlyList<Signature>? signatures)
    {
        var s = Sec("S1");
        return new Scheme(Parties, [new River(R, "河", null)], [s], [new Target(s.Id, 2023, WaterClass.III)], [],
            agreement is null ? null : [agreement], signatures);
    }

    private static readonly Agreement ThreeYears = new(R, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), new Tiers(Fen.FromYuan(1_000_000), Fen.FromYuan(2_000_000)));

    [Fact]
    public void R_AGR_3_a_river_without_agreement_is_due_before_the_deadline_and_missing_after_it()
    {
        Assert.Equal(AgreementWarningKind.FilingDue, Assert.Single(AgreementReview.Review(With(null, null), new DateOnly(2023, 7, 20))).Warnings.Single().Kind);
        Assert.Equal(AgreementWarningKind.NotFiled, Assert.Single(AgreementReview.Review(With(null, null), new DateOnly(2023, 8, 10))).Warnings.Single().Kind);
    }

    [Fact]
    public void R_AGR_2_renewal_is_due_within_six_months_of_the_end_and_a_short_term_is_flagged()
    {
        Assert.Empty(AgreementReview.Review(With(ThreeYears, null), new DateOnly(2025, 6, 30))[0].Warnings);
        Assert.Equal(AgreementWarningKind.RenewalDue, AgreementReview.Review(With(ThreeYears, null), new DateOnly(2025, 7, 1))[0].Warnings.Single().Kind);
        Assert.Equal(AgreementWarningKind.Expired, AgreementReview.Review(With(ThreeYears, null), new DateOnly(2026, 1, 1))[0].Warnings.Single().Kind);
        var short1 = ThreeYears with { EffectiveTo = new DateOnly(2023, 12, 31) };
        Assert.Contains(AgreementReview.Review(With(short1, null), new DateOnly(2023, 3, 1))[0].Warnings, w => w.Kind == AgreementWarningKind.TermTooShort);
    }

    [Fact]
    public void R_FUND_1_unsigned_districts_are_listed_with_their_charge()
    {
        var st = AgreementReview.Review(With(ThreeYears, [new Signature(R, A, new DateOnly(2023, 7, 1))]), new DateOnly(2023, 12, 1))[0];
        Assert.Equal([new SignatureStatus(A, new DateOnly(2023, 7, 1)), new SignatureStatus(B, null)], st.Signatures);
        var w = Assert.Single(st.Warnings);
        Assert.Equal((AgreementWarningKind.BasinFundCharged, (PartyId?)B), (w.Kind, w.Party));
        Assert.Equal(Fen.FromYuan(4_000_000), Assert.Single(st.Fund).Amount);
    }

    [Fact]
    public void R_AGR_2_R_FUND_1_each_river_is_reviewed_with_its_own_agreements_signatures_and_charges()
    {
        // R: two agreements (the later start is the one reviewed), A and B signed. R2 (the same districts): none filed, A signed.
        var r2 = new RiverId("R2");
        var s2 = new Section(new SectionId("S2"), "S2", r2, A, B, SectionKind.National, 1m, true, null);
        var renewed = ThreeYears with { EffectiveFrom = new DateOnly(2026, 1, 1), EffectiveTo = new DateOnly(2028, 12, 31) };
        var scheme = new Scheme(Parties, [new River(R, "河", null), new River(r2, "河2", null)], [Sec("S1"), s2], [], [], [renewed, ThreeYears],
            [new Signature(R, A, new DateOnly(2023, 7, 1)), new Signature(R, B, new DateOnly(2023, 7, 2)), new Signature(r2, A, new DateOnly(2023, 7, 3))]);
        var review = AgreementReview.Review(scheme, new DateOnly(2023, 12, 1)).ToDictionary(x => x.River);

        Assert.Equal(renewed, review[R].Agreement);
        Assert.Empty(review[R].Fund);
        Assert.Equal([new SignatureStatus(A, new DateOnly(2023, 7, 1)), new SignatureStatus(B, new DateOnly(2023, 7, 2))], review[R].Signatures);
        Assert.Null(review[r2].Agreement);
        Assert.Equal([new SignatureStatus(A, new DateOnly(2023, 7, 3)), new SignatureStatus(B, null)], review[r2].Signatures);
        Assert.Equal((B, r2), (Assert.Single(review[r2].Fund).Party, review[r2].Fund[0].River));
    }

    [Fact]
    public void R_FUND_1_an_expired_agreement_charges_no_fund_for_a_year_it_does_not_cover()
    {
        var unsigned = With(ThreeYears, [new Signature(R, A, new DateOnly(2023, 7, 1))]);
        Assert.Single(AgreementReview.Review(unsigned, new DateOnly(2025, 12, 1))[0].Fund);
        var after = AgreementReview.Review(unsigned, new DateOnly(2026, 3, 1))[0];
        Assert.Empty(after.Fund);
        Assert.Equal(AgreementWarningKind.Expired, after.Warnings.Single().Kind);
    }
}
