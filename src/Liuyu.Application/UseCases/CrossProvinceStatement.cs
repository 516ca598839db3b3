using Liuyu.Data.Csv;
using Liuyu.Data.Statements;
using Liuyu.Domain;
using Liuyu.Domain.Settlement;
using Liuyu.Reports;

namespace Liuyu.Application.UseCases;

/// <summary>A cross-province agreement's statement: the river's part of the year, and where its parties' confirmations stand.</summary>
public sealed record CrossProvinceView(Scheme Scheme, River River, SettlementStatement Statement, string YearDigest,
    IReadOnlyList<PartyId> Confirmed, IReadOnlyList<PartyId> Pending);

/// <summary>
/// R-EXT-2: a cross-province agreement (a river with a party of another province) gets its own statement, which both
/// sides confirm (认定, the river's step of R-SET-1). The other province's finance department is bound to its party
/// (<paramref name="onlyParty"/>) and reads only the rivers of that party.
/// </summary>
public static class CrossProvinceStatement
{
    /// <summary>The cross-province rivers, those of <paramref name="onlyParty"/> only when given.</summary>
    public static IReadOnlyList<River> Rivers(ILiuyuStore store, PartyId? onlyParty)
    {
        var scheme = store.LoadRegistry();
        return [.. scheme.Rivers.Where(r => scheme.IsCrossProvince(r.Id) && (onlyParty is not { } p || scheme.PartiesOf(r.Id).Contains(p)))];
    }

    public static CrossProvinceView Run(ILiuyuStore store, int year, RiverId river, PartyId? onlyParty)
    {
        // The statement reads no monthly result: the scheme without them, read once; a refused request settles nothing.
        var scheme = store.LoadSchemeWithoutResults();
        if (!scheme.HasRiver(river))
            throw new InputException(new InputError("river", null, null, ErrorCodes.RiverUnknown, ("river", river.Value)));
        if (!scheme.IsCrossProvince(river))
            throw new InputException(new InputError("river", null, null, ErrorCodes.RiverNotCrossProvince, ("river", river.Value)));
        if (onlyParty is { } p && !scheme.PartiesOf(river).Contains(p))
            throw new NotAllowedException(ErrorCodes.CrossProvinceNotYours, ("river", river.Value));
        var whole = store.Settle(scheme, year);
        var progress = SettlementWorkflow.Progress(scheme, whole, store.SettlementSteps(year));
        return new CrossProvinceView(scheme, scheme.River(river), YearlySettlement.OfRiver(scheme, whole, river), progress.StatementDigest,
            [.. progress.Confirmed.Where(c => c.River == river).Select(c => c.Party)],
            [.. progress.Pending.Concat(progress.Stale).Where(c => c.River == river).Select(c => c.Party)]);
    }

    /// <summary>The statement as a PDF (<paramref name="pdf"/>) or a workbook; a year without lines on the river is refused.</summary>
    public static void Write(ILiuyuStore store, int year, RiverId river, PartyId? onlyParty, bool pdf, Stream output, DateOnly printedOn)
    {
        var v = Run(store, year, river, onlyParty);
        if (v.Statement.Lines.Count == 0 && v.Statement.Adjustments.Count == 0) throw WriteDocument.NothingPosted(year, null);
        var title = SettlementPdf.CrossProvinceTitle(year, v.River.Name);
        if (pdf) SettlementPdf.Write(v.Scheme, v.Statement, output, printedOn, null, title: title);
        else StatementWorkbook.WriteSettlement(v.Scheme, v.Statement, output, title: title);
    }
}
