using CsCheck;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests;

/// <summary>Property: the order of the rows in a scenario folder does not change the result (seeded; CsCheck prints the seed).</summary>
public class ImportOrderProperty
{
    private static SettlementStatement Settle(Scheme scheme) =>
        YearlySettlement.Settle(scheme, 2023, LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(),
            MonthlyAccounting.AccountYear(scheme, 2023), _ => false).Select((l, i) => l with { Sequence = i + 1 }).ToList());

    /// <summary>Everything the statement says, order-free.</summary>
    private static string Canonical(SettlementStatement s) => string.Join("\n",
        s.Lines.Select(l => $"L|{l.Section}|{l.Month}|{l.Rule}|{l.Payer}|{l.Payee}|{l.Amount.Value}|{l.Baseline}|{l.Result}")
            .Concat(s.Pairs.Select(p => $"P|{p.River}|{(string.CompareOrdinal(p.Payer.Value, p.Payee.Value) < 0 ? $"{p.Payer}|{p.Payee}|{p.Net.Value}" : $"{p.Payee}|{p.Payer}|{-p.Net.Value}")}|{p.Gross.Value}"))
            .Concat(s.Parties.Select(p => $"T|{p.Party}|{p.Receivable.Value}|{p.Payable.Value}"))
            .Concat(s.Fund.Select(f => $"F|{f.Party}|{f.River}|{f.Months}|{f.Amount.Value}"))
            .Concat(s.Penalties.Select(p => $"X|{p.Payer}|{p.Payee}|{p.Overdue.Value}|{p.PenaltyAmount.Value}"))
            .Order(StringComparer.Ordinal));

    [Fact]
    public void Row_order_of_the_folder_does_not_change_the_settlement() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var scheme = new ScenarioGenerator(seed).Generate();
            var inOrder = ScenarioReader.ReadFolder(ScenarioGenerator.WriteFolder(scheme, ScenarioGenerator.TempFolder())).ToScheme();
            var shuffled = ScenarioReader.ReadFolder(ScenarioGenerator.WriteFolder(scheme, ScenarioGenerator.TempFolder(), new Random(seed))).ToScheme();
            var rng = new Random(seed);
            var reordered = new Scheme(shuffled.Parties, shuffled.Rivers, shuffled.Sections.OrderBy(_ => rng.Next()).ToList(), shuffled.Targets,
                shuffled.Results, shuffled.Agreements, shuffled.Signatures, shuffled.Exemptions, shuffled.Payments, shuffled.Substitutes, shuffled.Policy);
            Assert.True(Canonical(Settle(inOrder)) == Canonical(Settle(reordered)), $"seed {seed}: row order changed the settlement");
        }, iter: 25);
}
