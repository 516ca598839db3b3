using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Agreements;

public sealed record SignatureView(string Party, string? SignedOn);
/// <summary>
/// A warning with the figures its sentence needs, so that the page can say it in the reader's language: <c>Date</c> is
/// the term's end (Expired, RenewalDue) or the filing deadline (NotFiled, FilingDue); <c>MinimumTermYears</c> for
/// TermTooShort; <c>Year</c>, <c>Months</c> and <c>AmountFen</c> of a basin-fund charge. <c>Message</c> is the domain's own
/// (English) sentence.
/// </summary>
public sealed record AgreementWarningView(string Kind, string? Party, string Message, string? Date = null, int? MinimumTermYears = null,
    int? Year = null, int? Months = null, long? AmountFen = null);
public sealed record AgreementView(string River, string? EffectiveFrom, string? EffectiveTo, string? RuleFamily, long Tier1Fen, long Tier2Fen,
    IReadOnlyList<SignatureView>? Signatures, long FundFen, IReadOnlyList<AgreementWarningView> Warnings);

/// <summary>
/// 协议 (R-AGR-1..3, R-FUND-1): every river's agreement as it stands on a day: term, tiers, signatures, basin-fund
/// charges, and the warnings the domain's <see cref="AgreementReview"/> raises (renewal due, filing due, unsigned).
/// </summary>
public static class AgreementEndpoints
{
    public static void MapAgreements(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/agreements", Get).WithTags("Agreements").RequireAuthorization().CachedPerStoreVersion();

    private static Results<Ok<IReadOnlyList<AgreementView>>, ValidationProblem> Get(StoreAccess store, TimeProvider clock, string? date = null)
    {
        DateOnly day;
        if (date is { Length: > 0 })
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", out day)) return Problem.Invalid("date", ErrorCodes.DateInvalid, ("value", date));
        }
        else day = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        IReadOnlyList<AgreementView> views = store.Read(s =>
        {
            // Agreements, signatures and the policy; no monthly result is read.
            var scheme = s.LoadSchemeWithoutResults();
            var policy = scheme.Policy.For(day).Parameters;
            return AgreementReview.Review(scheme, day).Select(a => new AgreementView(
                a.River.Value, a.Agreement?.EffectiveFrom.ToString("yyyy-MM-dd"), a.Agreement?.EffectiveTo.ToString("yyyy-MM-dd"), a.Agreement?.RuleFamily,
                a.Tiers.Tier1.Value, a.Tiers.Tier2.Value,
                a.Signatures?.Select(x => new SignatureView(x.Party.Value, x.SignedOn?.ToString("yyyy-MM-dd"))).ToList(),
                a.Fund.Sum(f => f.Amount.Value),
                [.. a.Warnings.Select(w => Warning(w, a, policy, day))])).ToList();
        });
        return TypedResults.Ok(views);
    }

    private static AgreementWarningView Warning(AgreementWarning w, AgreementStatus a, PolicyParameters policy, DateOnly day)
    {
        var view = new AgreementWarningView(w.Kind.ToString(), w.Party?.Value, w.Message);
        return w.Kind switch
        {
            AgreementWarningKind.Expired or AgreementWarningKind.RenewalDue => view with { Date = a.Agreement?.EffectiveTo.ToString("yyyy-MM-dd") },
            AgreementWarningKind.NotFiled or AgreementWarningKind.FilingDue => view with { Date = policy.FilingDeadline.ToString("yyyy-MM-dd") },
            AgreementWarningKind.TermTooShort => view with { MinimumTermYears = policy.MinimumTermYears },
            AgreementWarningKind.BasinFundCharged when a.Fund.Where(f => f.Party == w.Party).ToList() is { Count: > 0 } charges =>
                view with { Year = day.Year, Months = charges.Sum(f => f.Months), AmountFen = charges.Sum(f => f.Amount.Value) },
            _ => view,
        };
    }
}
