using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Agreements;

public sealed record SignatureView(string Party, string? SignedOn);
public sealed record AgreementWarningView(string Kind, string? Party, string Message);
public sealed record AgreementView(string River, string? EffectiveFrom, string? EffectiveTo, string? RuleFamily, long Tier1Fen, long Tier2Fen,
    IReadOnlyList<SignatureView>? Signatures, long FundFen, IReadOnlyList<AgreementWarningView> Warnings);

/// <summary>
/// 协议 (R-AGR-1..3, R-FUND-1): every river's agreement as it stands on a day: term, tiers, signatures, basin-fund
/// charges, and the warnings the domain's <see cref="AgreementReview"/> raises (renewal due, filing due, unsigned).
/// </summary>
public static class AgreementEndpoints
{
    public static void MapAgreements(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/agreements", Get).WithTags("Agreements").RequireAuthorization();

    private static Results<Ok<IReadOnlyList<AgreementView>>, ValidationProblem> Get(StoreAccess store, TimeProvider clock, string? date = null)
    {
        DateOnly day;
        if (date is { Length: > 0 })
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", out day)) return Problem.Invalid("date", "Expected a date YYYY-MM-DD.");
        }
        else day = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        IReadOnlyList<AgreementView> views = store.Read(s => AgreementReview.Review(s.LoadScheme(), day).Select(a => new AgreementView(
            a.River.Value, a.Agreement?.EffectiveFrom.ToString("yyyy-MM-dd"), a.Agreement?.EffectiveTo.ToString("yyyy-MM-dd"), a.Agreement?.RuleFamily,
            a.Tiers.Tier1.Value, a.Tiers.Tier2.Value,
            a.Signatures?.Select(x => new SignatureView(x.Party.Value, x.SignedOn?.ToString("yyyy-MM-dd"))).ToList(),
            a.Fund.Sum(f => f.Amount.Value),
            [.. a.Warnings.Select(w => new AgreementWarningView(w.Kind.ToString(), w.Party?.Value, w.Message))])).ToList());
        return TypedResults.Ok(views);
    }
}
