using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Features.Ledger;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Explain;

public sealed record ResultRevisionView(int Revision, int? Class, string Source, string? Note, string? Deciding);
public sealed record ExplanationView(
    string Section, string SectionName, string Kind, decimal DistanceKm, bool Approved,
    string River, string RiverName, string Upstream, string UpstreamName, string Downstream, string DownstreamName,
    string Month, int? Baseline, string? BaselineBasis, string? BaselineFrom, decimal? BaselineDistanceKm, bool BaselineTie, int? Result, string? Source, int? Difference,
    string RuleFamily, long? Tier1Fen, long? Tier2Fen, string? AgreementTerm, string PolicyVersion,
    string? Exemption, bool? ExemptionApproved, string Rule, string? Payer, string? Payee, long AmountFen, string? NoteCode, IReadOnlyDictionary<string, string>? NoteArgs,
    int? ComputedClass, IReadOnlyList<ResultRevisionView> Revisions, IReadOnlyList<LedgerLineView> History, bool YearClosed,
    IReadOnlyDictionary<string, string>? FamilyParameters = null, QuantityExplanationView? Quantity = null);

/// <summary>
/// R-EXT-1: the section-month's quantity line: the month's lowest daily mean flow against the base flow, the agreement's
/// quantity amount (fen) and mode, and what the rule decided.
/// </summary>
public sealed record QuantityExplanationView(decimal? Flow, decimal BaseFlow, long QuantityAmountFen, string Mode, string Rule, string? Payer, string? Payee,
    long AmountFen, string? Exemption, string? NoteCode, IReadOnlyDictionary<string, string>? NoteArgs);

/// <summary>The whole reasoning of one section-month's amount (<c>store.Explain</c>, as <c>liuyu explain</c>).</summary>
public static class ExplainEndpoints
{
    public static void MapExplain(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/sections/{section}/months/{month}", Get).WithTags("Explain").RequireAuthorization().CachedPerStoreVersion();

    private static Results<Ok<ExplanationView>, ValidationProblem, ProblemHttpResult> Get(string section, string month, StoreAccess store)
    {
        if (!YearMonth.TryParse(month, out var m)) return Problem.Invalid("month", ErrorCodes.MonthInvalid, ("value", month));
        var id = new SectionId(section);
        if (store.Read(s => s.FindSection(id)) is null) return Problem.NotFound(ErrorCodes.SectionUnknown, ("section", section));
        var e = store.Read(s => s.Explain(id, m.Value));
        var o = e.Outcome;
        return TypedResults.Ok(new ExplanationView(
            e.Section.Id.Value, e.Section.Name, e.Section.Kind.ToString(), e.Section.DistanceKm, e.Section.Approved,
            e.River.Id.Value, e.River.Name, e.Upstream.Id.Value, e.Upstream.Name, e.Downstream.Id.Value, e.Downstream.Name,
            o.Month.ToString(), o.Baseline?.Ordinal, o.BaselineDetail?.Basis.ToString(), o.BaselineDetail?.From.Value, o.BaselineDetail?.DistanceKm, o.BaselineDetail?.WasTie ?? false, o.Result?.Ordinal, o.Source?.ToString(), o.ClassDifference,
            o.RuleFamily, e.Agreement?.Tiers.Tier1.Value, e.Agreement?.Tiers.Tier2.Value,
            e.Agreement is { } a ? $"{a.EffectiveFrom:yyyy-MM-dd}…{a.EffectiveTo:yyyy-MM-dd}" : null, e.Policy.Id,
            e.Exemption?.Reason, e.Exemption?.IsApproved, o.Rule, o.Payer?.Value, o.Payee?.Value, o.Amount.Value, o.Note?.Code, o.Note?.Args,
            e.Computed?.Class?.Ordinal,
            [.. e.ResultRevisions.Select(r => new ResultRevisionView(r.Revision, r.Class?.Ordinal, r.Source.ToString(), r.Note, r.DecidingIndicators))],
            [.. e.History.Select(LedgerLineView.Of)], e.YearClosed,
            o.Parameters is { IsEmpty: false } p ? p.Values : null,
            e.Quantity is { } q && q.Parameters is { } terms ? new QuantityExplanationView(q.Flow, q.FlowTarget ?? 0, QuantityTerms.FromParameters(terms).Amount.Value,
                QuantityTerms.ModeName(QuantityTerms.FromParameters(terms).Mode), q.Rule, q.Payer?.Value, q.Payee?.Value, q.Amount.Value, q.ExemptionReference,
                q.Note?.Code, q.Note?.Args) : null));
    }
}
