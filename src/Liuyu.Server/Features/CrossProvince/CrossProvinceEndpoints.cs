using System.Security.Claims;
using Liuyu.Application.UseCases;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Features.Ledger;
using Liuyu.Server.Features.Settlement;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.CrossProvince;

public sealed record CrossProvinceRiverView(string Id, string Name, string? InflowProvince);
/// <param name="Years">The years with ledger lines, oldest first (the page opens the latest).</param>
public sealed record CrossProvinceListView(IReadOnlyList<int> Years, IReadOnlyList<CrossProvinceRiverView> Rivers);
public sealed record CrossProvincePartyView(string Party, string Name, string Province, long ReceivableFen, long PayableFen, long NetFen, bool Confirmed);
/// <param name="StatementDigest">The year's statement digest every confirmation names (R-SET-1).</param>
public sealed record CrossProvinceStatementView(int Year, string River, string RiverName, string StatementDigest, IReadOnlyList<CrossProvincePartyView> Parties,
    IReadOnlyList<PairView> Pairs, IReadOnlyList<LedgerLineView> Lines, bool AllConfirmed);

/// <summary>
/// 跨省流域补偿 (R-EXT-2): a cross-province agreement's own statement (PDF and workbook), which both sides confirm. The other
/// province's finance department (<see cref="Roles.ProvinceFinance"/>) is bound to its party: it lists, reads, downloads and
/// confirms the statements of that party's rivers, and the default policy refuses it everything else.
/// </summary>
public static class CrossProvinceEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapCrossProvince(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/cross-province").WithTags("CrossProvince").RequireAuthorization(Roles.SignedInPolicy);
        g.MapGet("/", List);
        g.MapGet("/{year:int}/{river}", Get);
        g.MapGet("/{year:int}/{river}/statement.pdf", (int year, string river, ClaimsPrincipal user, StoreAccess store, TimeProvider clock) =>
            File(year, river, user, store, clock, pdf: true));
        g.MapGet("/{year:int}/{river}/statement.xlsx", (int year, string river, ClaimsPrincipal user, StoreAccess store, TimeProvider clock) =>
            File(year, river, user, store, clock, pdf: false));
        g.MapPost("/{year:int}/{river}/confirm", Confirm).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.ProvinceFinance, Roles.District));
    }

    /// <summary>The party a user of the other province is bound to; null for the scheme's own roles (who read every river).</summary>
    private static PartyId? OnlyParty(ClaimsPrincipal user) =>
        user.IsInRole(Roles.ProvinceFinance) && !Roles.Scheme.Any(user.IsInRole) ? user.Party() ?? new PartyId("") : null;

    private static Ok<CrossProvinceListView> List(ClaimsPrincipal user, StoreAccess store) =>
        TypedResults.Ok(store.Read(s => new CrossProvinceListView([.. s.LedgerYears().Order()],
            [.. CrossProvinceStatement.Rivers(s, OnlyParty(user)).Select(r => new CrossProvinceRiverView(r.Id.Value, r.Name, r.InflowProvince))])));

    private static Results<Ok<CrossProvinceStatementView>, ValidationProblem, ProblemHttpResult> Get(int year, string river, ClaimsPrincipal user, StoreAccess store)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        try
        {
            return TypedResults.Ok(store.Read(s => View(CrossProvinceStatement.Run(s, year, new RiverId(river), OnlyParty(user)))));
        }
        catch (NotAllowedException e) { return Problem.Refused(e); }
        catch (InputException e) { return Problem.NotFound(e.Errors); }
    }

    private static CrossProvinceStatementView View(CrossProvinceView v)
    {
        var s = v.Statement;
        return new CrossProvinceStatementView(s.Year, v.River.Id.Value, v.River.Name, v.YearDigest,
            [.. s.Parties.Select(p => new CrossProvincePartyView(p.Party.Value, v.Scheme.HasParty(p.Party) ? v.Scheme.Party(p.Party).Name : p.Party.Value,
                v.Scheme.HasParty(p.Party) ? v.Scheme.Party(p.Party).Province : Party.HomeProvince, p.Receivable.Value, p.Payable.Value, p.Net.Value, v.Confirmed.Contains(p.Party)))],
            [.. s.Pairs.Select(p => new PairView(p.River.Value, p.Payer.Value, p.Payee.Value, p.Gross.Value, p.Net.Value))],
            [.. s.Lines.Concat(s.Adjustments).Select(LedgerLineView.Of)], v.Pending.Count == 0);
    }

    private static IResult File(int year, string river, ClaimsPrincipal user, StoreAccess store, TimeProvider clock, bool pdf)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        try
        {
            if (pdf) Liuyu.Reports.CjkFont.Use();
            var bytes = store.Read(s =>
            {
                using var ms = new MemoryStream();
                CrossProvinceStatement.Write(s, year, new RiverId(river), OnlyParty(user), pdf, ms, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
                return ms.ToArray();
            });
            return TypedResults.File(bytes, pdf ? "application/pdf" : Xlsx, $"liuyu-cross-province-{river}-{year}.{(pdf ? "pdf" : "xlsx")}");
        }
        catch (NotAllowedException e) { return Problem.Refused(e); }
        catch (InputException e) when (e.Errors is [{ File: "--year" }]) { return Problem.NotFound(ErrorCodes.YearNoLinesDocument, ("year", year)); }
        catch (InputException e) { return Problem.NotFound(e.Errors); }
    }

    /// <summary>R-SET-1 认定 on the river: a user confirms for its own party, on this river only.</summary>
    private static Results<Ok<CrossProvinceStatementView>, ValidationProblem, ProblemHttpResult> Confirm(int year, string river, ClaimsPrincipal user, StoreAccess store)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        if (user.Party() is not { } own) return Problem.Invalid("party", ErrorCodes.ConfirmPartyMissing);
        var id = new RiverId(river);
        try
        {
            // Read first: the river must be a cross-province one of the user's party (the same refusals as reading it).
            store.Read(s => CrossProvinceStatement.Run(s, year, id, own));
            store.Write(user, s => ConfirmYear.Run(s, year, own, id, user.Identity!.Name!, new Confirmer(own, false, id)));
            return TypedResults.Ok(store.Read(s => View(CrossProvinceStatement.Run(s, year, id, OnlyParty(user)))));
        }
        catch (NotAllowedException e) { return Problem.Refused(e); }
        catch (InputException e) { return Problem.Rejected(e); }
    }
}
