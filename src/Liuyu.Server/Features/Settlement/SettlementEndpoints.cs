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
    IReadOnlyList<FundView> Fund, IReadOnlyList<PenaltyView> Penalties, ProgressView Progress, bool Closed);
public sealed record ConfirmRequest(string? Party, string? River);

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
        g.MapGet("/", Get);
        g.MapPost("/confirm", Confirm).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.District, Roles.FinanceBureau));
        g.MapPost("/clear", Clear).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.FinanceBureau));
        g.MapPost("/close", Close).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.FinanceBureau));
    }

    private static Results<Ok<StatementView>, ValidationProblem> Get(int year, StoreAccess store)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", "Expected a year YYYY.");
        return TypedResults.Ok(store.Read(s =>
        {
            var scheme = s.LoadScheme();
            var st = s.Settle(scheme, year);
            var progress = SettlementWorkflow.Progress(scheme, st, s.SettlementSteps(year));
            return new StatementView(year, st.TotalMoved.Value, st.Lines.Count, st.Adjustments.Count,
                [.. st.Pairs.Select(p => new PairView(p.River.Value, p.Payer.Value, p.Payee.Value, p.Gross.Value, p.Net.Value))],
                [.. st.Parties.Select(p => new PartyTotalView(p.Party.Value, p.Receivable.Value, p.Payable.Value, p.Net.Value))],
                [.. st.Fund.Select(f => new FundView(f.Party.Value, f.River.Value, f.Months, f.Amount.Value, [.. f.ChargedMonths.Select(m => m.ToString())]))],
                [.. st.Penalties.Select(p => new PenaltyView(p.Payer.Value, p.Payee.Value, p.Owed.Value, p.Paid.Value, p.Overdue.Value, p.PenaltyAmount.Value, p.Deadline.ToString("yyyy-MM-dd")))],
                ProgressView.Of(progress), s.ClosedYears().Contains(year));
        }));
    }

    private static Results<Ok<ProgressView>, ValidationProblem, ProblemHttpResult> Confirm(int year, ConfirmRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", "Expected a year YYYY.");
        var own = user.Party();
        var partyText = request.Party is { Length: > 0 } p ? p : own?.Value;
        if (partyText is null) return Problem.Invalid("party", "Name the party that confirms.");
        var party = new PartyId(partyText);
        var known = store.Read(s => s.Known());
        if (!known.Parties.TryGetValue(party, out var kind)) return Problem.Invalid("party", $"There is no party '{partyText}'.");
        // Server-side: whatever the page offers, a district confirms only for itself, the Finance Bureau only for the treasury.
        var allowed = (user.IsInRole(Roles.District) && own == party) || (user.IsInRole(Roles.FinanceBureau) && kind == PartyKind.Municipal);
        if (!allowed) return Problem.Forbidden($"You cannot confirm for '{partyText}'.");
        RiverId? river = request.River is { Length: > 0 } r ? new RiverId(r) : null;
        if (river is { } rv && !known.Rivers.Contains(rv)) return Problem.Invalid("river", $"There is no river '{request.River}'.");
        try
        {
            return TypedResults.Ok(ProgressView.Of(store.Write(user, s => s.Confirm(year, party, river, user.Identity!.Name!))));
        }
        catch (InputException e) { return Problem.Rejected(e); }
    }

    private static Results<Ok<ProgressView>, ValidationProblem, ProblemHttpResult> Clear(int year, ClaimsPrincipal user, StoreAccess store)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", "Expected a year YYYY.");
        try
        {
            return TypedResults.Ok(ProgressView.Of(store.Write(user, s => s.Clear(year, user.Identity!.Name!))));
        }
        catch (InputException e) { return Problem.Rejected(e); }
    }

    /// <summary>R-LEDGER-4: closes a cleared year; later revisions post as named adjustments into the next open year.</summary>
    private static Results<NoContent, ValidationProblem, ProblemHttpResult> Close(int year, ClaimsPrincipal user, StoreAccess store)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", "Expected a year YYYY.");
        try
        {
            store.Write(user, s => { s.CloseYear(year, user.Identity!.Name!); return 0; });
            return TypedResults.NoContent();
        }
        catch (InputException e) { return Problem.Rejected(e); }
    }
}
