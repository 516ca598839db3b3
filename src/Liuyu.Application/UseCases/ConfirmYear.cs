using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Settlement;

namespace Liuyu.Application.UseCases;

/// <summary>On whose behalf a confirmation is given through the web: a district user for its own party, or the Finance Bureau.</summary>
/// <param name="OnlyRiver">
/// R-EXT-2: the other province's finance department confirms its party on its cross-province river and nothing else.
/// </param>
public sealed record Confirmer(PartyId? District, bool FinanceBureau, RiverId? OnlyRiver = null);

/// <summary>
/// R-SET-1 认定: a party confirms the year's amounts on its rivers (or one). Through the web a district confirms only
/// for itself and the Finance Bureau only for the municipal treasury (<see cref="Confirmer"/>); the CLI, run by the
/// store's operator, passes none.
/// </summary>
public static class ConfirmYear
{
    public static SettlementProgress Run(ILiuyuStore store, int year, PartyId party, RiverId? river, string who, Confirmer? confirmer = null)
    {
        var known = store.Known();
        if (!known.Parties.TryGetValue(party, out var kind))
            throw new InputException(new InputError("party", null, null, ErrorCodes.PartyUnknown, ("party", party.Value)));
        if (river is { } r && !known.Rivers.Contains(r))
            throw new InputException(new InputError("river", null, null, ErrorCodes.RiverUnknown, ("river", r.Value)));
        if (confirmer is { } c && !((c.District is { } own && own == party) || (c.FinanceBureau && kind == PartyKind.Municipal)))
            throw new NotAllowedException(ErrorCodes.ConfirmForbidden, ("party", party.Value));
        if (confirmer?.OnlyRiver is { } only && river != only)
            throw new NotAllowedException(ErrorCodes.ConfirmForbidden, ("party", party.Value));
        return store.Confirm(year, party, river, who);
    }
}
