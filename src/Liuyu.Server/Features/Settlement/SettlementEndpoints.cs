using Liuyu.Application.UseCases;
using System.Security.Claims;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Settlement;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Settlement;

public sealed record PairView(string River, string Payer, string Payee, long GrossFen, long NetFen);
public sealed record PartyTotalView(string Party, long ReceivableFen, long PayableFen, long NetFen);
public sealed record FundView(string Party, string River, int Months, long AmountFen, IReadOnlyList<string> ChargedMonths);
public sealed record PenaltyView(string Payer, string Payee, long OwedFen, long PaidFen, long OverdueFen, long PenaltyFen, string Deadline);
public sealed record Confirmation(string River, string Party);
public sealed record ProgressView(int Year, string StatementDigest, IReadOnlyList<Confirmation> Confirmed, IReadOnlyList<Confirmation> Pending,
    IReadOnlyList<Confirmation> Stale, bool AllConfirmed, bool Cleared, string? ClearedBy, DateTimeOffset? ClearedAt)
{
    public static ProgressView Of(SettlementProgress p)
    {
        static List<Confirmation> L(IEnumerable<(RiverId River, PartyId Party)> xs) => [.. xs.Select(x => new Confirmation(x.River.Value, x.Party.Value))];
        return new ProgressView(p.Year, p.StatementDigest, L(p.Confirmed), L(p.Pending), L(p.Stale), p.AllConfirmed, p.Cleared,
            p.Cleared ? p.Clearance!.By : null, p.Cleared ? p.Clearance!.At : null);
    }
}
public sealed record StatementView(int Year, long TotalMovedFen, int Lines, int Adjustments, IReadOnlyList<PairView> Pairs, IReadOnlyList<PartyTotalView> Parties,
    IReadOnlyList<FundView> Fund, IReadOnlyList<PenaltyView> Penalties, ProgressView Progress, bool Closed, IReadOnlyList<CodeView>? Warnings = null)
{
    /// <summary>The months of the year with lines (数据齐全 when all twelve are accounted) and the lines without a result (R-DATA-4).</summary>
    public int MonthsAccounted { get; init; }
    public int NoResult { get; init; }
}
public sealed record ConfirmRequest(string? Party, string? River);
public sealed record PaymentView(long Id, int Year, string Payer, string Payee, long AmountFen, string PaidOn)
{
    public static PaymentView Of(RecordedPayment r) =>
        new(r.Id, r.Payment.Year, r.Payment.Payer.Value, r.Payment.Payee.Value, r.Payment.Amount.Value, r.Payment.PaidOn.ToString("yyyy-MM-dd"));
}
/// <summary>
/// R-PEN-1 for one payer and payee: owed, paid by the deadline and in all, outstanding, overdue at the deadline and the
/// penalty. <see cref="AtRisk"/>: the year is not cleared and something is still outstanding while the deadline is
/// less than <see cref="PaymentsView.RiskDays"/> days away or past: what the Finance Bureau must chase.
/// </summary>
public sealed record DueView(string Payer, string Payee, long OwedFen, long PaidByDeadlineFen, long PaidInAllFen, long OutstandingFen, long OverdueFen, long PenaltyFen,
    string Deadline, bool DeadlinePassed)
{
    public bool AtRisk { get; init; }
}
/// <summary>
/// The year's dues and payments. Overdue amounts and penalties are what R-PEN-1 computes; they are a sanction only on a
/// cleared year (<see cref="Cleared"/>: the amounts owed are settled only then), so the page shows them only there and
/// shows "not cleared" otherwise.
/// </summary>
public sealed record PaymentsView(int Year, bool Tracked, bool Closed, IReadOnlyList<DueView> Dues, IReadOnlyList<PaymentView> Payments)
{
    public const int RiskDays = 60;
    public bool Cleared { get; init; }
}
/// <summary>Amount in yuan with at most two decimals, as a JSON number or a string ("1,234.50").</summary>
public sealed record PaymentRequest(string? Payer, string? Payee, System.Text.Json.JsonElement? Amount, string? PaidOn);

/// <summary>
/// 年度清算 (R-SET-1, R-SET-2): the statement of a year and where its settlement stands; each party confirms (认定) its
/// amounts, the Finance Bureau clears (清算). A district user confirms for its own party only; the Finance Bureau
/// confirms for the municipal treasury (市级财政).
/// </summary>
public static class SettlementEndpoints
{
    public static void MapSettlement(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/settlement/{year:int}").WithTags("Settlement").RequireAuthorization();
        g.MapGet("/", Get).CachedPerStoreVersion();
        g.MapPost("/confirm", Confirm).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.District, Roles.FinanceBureau));
        g.MapPost("/clear", Clear).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.FinanceBureau));
        g.MapPost("/close", Close).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.FinanceBureau));
        // 拨付: payments are facts of the settlement, not drafts: every signed-in role reads them; the Finance Bureau records them.
        g.MapGet("/payments", Payments).CachedPerStoreVersion();
        g.MapPost("/payments", RecordPayment).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.FinanceBureau));
    }

    /// <summary>R-SET-1 拨付 and R-PEN-1: the year's payments and, per payer and payee, what is due, paid, overdue and the penalty, as the domain computes them.</summary>
    private static Results<Ok<PaymentsView>, ValidationProblem> Payments(int year, StoreAccess store, YearStatements statements, TimeProvider clock)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return TypedResults.Ok(store.Read(s =>
        {
            var (scheme, statement) = statements.Of(s, year);
            var dues = YearlySettlement.Dues(scheme, statement);
            // Payments not tracked: the year is not due (formats.md), nothing is overdue.
            var tracked = scheme.Payments is not null;
            var cleared = SettlementWorkflow.Progress(scheme, statement, s.SettlementSteps(year)).Cleared;
            return new PaymentsView(year, tracked, s.ClosedYears().Contains(year),
                [.. dues.Select(d => new DueView(d.Payer.Value, d.Payee.Value, d.Owed.Value, d.PaidByDeadline.Value, d.PaidInAll.Value, d.Outstanding.Value,
                    tracked ? d.Penalty?.Overdue.Value ?? 0 : 0, tracked ? d.Penalty?.PenaltyAmount.Value ?? 0 : 0, d.Deadline.ToString("yyyy-MM-dd"), today > d.Deadline)
                    { AtRisk = !cleared && d.Outstanding.Value > 0 && today.AddDays(PaymentsView.RiskDays) > d.Deadline })],
                [.. s.Payments(year).Select(PaymentView.Of)]) { Cleared = cleared };
        }));
    }

    private static Results<Created<PaymentView>, ValidationProblem> RecordPayment(int year, PaymentRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        var errors = new List<InputError>();
        void Bad(string field, string code, params (string, object?)[] args) => errors.Add(new InputError(field, null, null, code, args));
        if (year is < 1900 or > 9999) Bad("year", ErrorCodes.YearInvalid, ("value", year));
        if (string.IsNullOrWhiteSpace(request.Payer)) Bad("payer", ErrorCodes.PayerMissing);
        if (string.IsNullOrWhiteSpace(request.Payee)) Bad("payee", ErrorCodes.PayeeMissing);
        var amount = ParseYuan(request.Amount);
        if (amount is null) Bad("amount", ErrorCodes.AmountInvalid, ("value", request.Amount));
        if (!DateOnly.TryParseExact(request.PaidOn, "yyyy-MM-dd", out var paidOn)) Bad("paidOn", ErrorCodes.DateInvalid, ("value", request.PaidOn));
        if (errors.Count > 0) return Problem.Invalid(errors);
        try
        {
            var p = store.Write(user, s => s.RecordPayment(new Payment(year, new PartyId(request.Payer!.Trim()), new PartyId(request.Payee!.Trim()), amount!.Value, paidOn)));
            return TypedResults.Created($"/api/settlement/{year}/payments", PaymentView.Of(p));
        }
        catch (InputException e) { return Problem.Invalid(e.Errors); }
    }

    private static Fen? ParseYuan(System.Text.Json.JsonElement? amount) => amount switch
    {
        { ValueKind: System.Text.Json.JsonValueKind.Number } n when n.TryGetDecimal(out var yuan) && yuan * 100m == decimal.Truncate(yuan * 100m) && Math.Abs(yuan) < 1e15m => Fen.FromYuan(yuan),
        { ValueKind: System.Text.Json.JsonValueKind.String } t when Fen.TryParseYuan(t.GetString(), out var fen) => fen,
        _ => null,
    };

    private static Results<Ok<StatementView>, ValidationProblem> Get(int year, StoreAccess store, YearStatements statements)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        return TypedResults.Ok(store.Read(s =>
        {
            var (scheme, st) = statements.Of(s, year);
            var progress = SettlementWorkflow.Progress(scheme, st, s.SettlementSteps(year));
            return new StatementView(year, st.TotalMoved.Value, st.Lines.Count, st.Adjustments.Count,
                [.. st.Pairs.Select(p => new PairView(p.River.Value, p.Payer.Value, p.Payee.Value, p.Gross.Value, p.Net.Value))],
                [.. st.Parties.Select(p => new PartyTotalView(p.Party.Value, p.Receivable.Value, p.Payable.Value, p.Net.Value))],
                [.. st.Fund.Select(f => new FundView(f.Party.Value, f.River.Value, f.Months, f.Amount.Value, [.. f.ChargedMonths.Select(m => m.ToString())]))],
                [.. st.Penalties.Select(p => new PenaltyView(p.Payer.Value, p.Payee.Value, p.Owed.Value, p.Paid.Value, p.Overdue.Value, p.PenaltyAmount.Value, p.Deadline.ToString("yyyy-MM-dd")))],
                ProgressView.Of(progress), s.ClosedYears().Contains(year),
                [.. Application.UseCases.MissingTargets.Warnings(s, [year], "settlement").Select(CodeView.Of)])
            {
                MonthsAccounted = st.Lines.Select(l => l.Month).Distinct().Count(),
                NoResult = st.Lines.Count(l => l.Result is null),
            };
        }));
    }

    private static Results<Ok<ProgressView>, ValidationProblem, ProblemHttpResult> Confirm(int year, ConfirmRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        var own = user.Party();
        var partyText = request.Party is { Length: > 0 } p ? p : own?.Value;
        if (partyText is null) return Problem.Invalid("party", ErrorCodes.ConfirmPartyMissing);
        var party = new PartyId(partyText);
        RiverId? river = request.River is { Length: > 0 } r ? new RiverId(r) : null;
        // Whatever the page offers, the use case lets a district confirm only for itself, the Finance Bureau only for the treasury.
        var confirmer = new Confirmer(user.IsInRole(Roles.District) ? own : null, user.IsInRole(Roles.FinanceBureau));
        try
        {
            return TypedResults.Ok(ProgressView.Of(store.Write(user, s => ConfirmYear.Run(s, year, party, river, user.Identity!.Name!, confirmer))));
        }
        catch (InputException e) when (e.Errors is [{ File: "party" or "river" }]) { return Problem.Invalid(e.Errors); }
        catch (InputException e) { return Problem.Rejected(e); }
    }

    private static Results<Ok<ProgressView>, ValidationProblem, ProblemHttpResult> Clear(int year, ClaimsPrincipal user, StoreAccess store, ChainStatus chain, TimeProvider clock)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        try
        {
            return TypedResults.Ok(ProgressView.Of(store.Write(user, s => ClearYear.Run(s, year, user.Identity!.Name!))));
        }
        catch (NotAllowedException e) { return ChainRefusal(e, store, chain, clock); }
        catch (InputException e) { return Problem.Rejected(e); }
    }

    /// <summary>R-LEDGER-4: closes a cleared year; later revisions post as named adjustments into the next open year.</summary>
    private static Results<NoContent, ValidationProblem, ProblemHttpResult> Close(int year, ClaimsPrincipal user, StoreAccess store, ChainStatus chain, TimeProvider clock)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        try
        {
            store.Write(user, s => { CloseYear.Run(s, year, user.Identity!.Name!); return 0; });
            return TypedResults.NoContent();
        }
        catch (NotAllowedException e) { return ChainRefusal(e, store, chain, clock); }
        catch (InputException e) { return Problem.Rejected(e); }
    }

    /// <summary>A clearance or closing refused on a broken chain: the banner's status is brought up to date, and the refusal says why.</summary>
    private static ProblemHttpResult ChainRefusal(NotAllowedException e, StoreAccess store, ChainStatus chain, TimeProvider clock)
    {
        chain.Set(store.Read(s => s.Verify()), clock.GetUtcNow());
        return Problem.Refused(e);
    }
}
