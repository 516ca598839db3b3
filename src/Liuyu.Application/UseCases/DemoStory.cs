using Liuyu.Domain;
using Liuyu.Domain.Settlement;

namespace Liuyu.Application.UseCases;

/// <summary>
/// The demo's working year told to the end (R-SET-1): the first year confirmed by every party, cleared by the Finance
/// Bureau, paid (the demo's payments include one late payer, so R-PEN-1 shows a penalty) and closed (R-LEDGER-4); the
/// second year in confirmation, every other district having confirmed. A newcomer then sees a finished year beside one
/// in progress, instead of two years that nobody ever touched. Runs once, on a demo store just accounted.
/// </summary>
public static class DemoStory
{
    public static void Run(ILiuyuStore store, int firstYear, string who)
    {
        var scheme = store.LoadScheme();
        foreach (var party in PartiesToConfirm(scheme, store.Settle(scheme, firstYear)))
            ConfirmYear.Run(store, firstYear, party, null, who);
        ClearYear.Run(store, firstYear, who);
        CloseYear.Run(store, firstYear, who);

        var second = firstYear + 1;
        var districts = PartiesToConfirm(scheme, store.Settle(scheme, second)).Where(p => scheme.Party(p).Kind == PartyKind.District).ToList();
        foreach (var party in districts.Where((_, i) => i % 2 == 0))
            ConfirmYear.Run(store, second, party, null, who);
    }

    private static List<PartyId> PartiesToConfirm(Scheme scheme, SettlementStatement statement) =>
        SettlementWorkflow.Required(scheme, statement).Select(x => x.Party).Distinct().ToList();
}
