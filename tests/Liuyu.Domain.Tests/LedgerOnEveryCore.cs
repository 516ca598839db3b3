using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;

namespace Liuyu.Domain.Tests;

/// <summary>
/// The planner, the ledger state and the yearly statement at the size where they work on every core or skip a sort
/// (issue 10): what they give is what the one-by-one versions give, line for line and in the same order.
/// </summary>
public class LedgerOnEveryCore
{
    /// <summary>The planner as it was before it made lines on every core: one outcome after the other (R-LEDGER-2/3/4).</summary>
    private static List<LedgerLine> PlanOneByOne(IReadOnlyDictionary<(SectionId, YearMonth, string), LedgerLine> current,
        IEnumerable<SectionMonthOutcome> outcomes, Func<int, bool> isClosed, long firstSequence)
    {
        var append = new List<LedgerLine>();
        long Next() => firstSequence > 0 ? firstSequence + append.Count : 0;
        foreach (var o in outcomes)
        {
            current.TryGetValue((o.Section, o.Month, o.Purpose), out var existing);
            if (existing is not null && existing.InputDigest == o.InputDigest) continue;
            var year = o.Month.Year;
            var adjustment = isClosed(year);
            if (adjustment) year = LedgerPlanner.NextOpenYear(year, isClosed);
            if (existing is not null)
            {
                var reversal = existing.ReverseInto(year, adjustment);
                append.Add(firstSequence > 0 ? reversal with { Sequence = Next() } : reversal);
            }
            append.Add(LedgerLine.Post(o, year, adjustment, Next()));
        }
        return append;
    }

    private static Scheme Revised(Scheme s, int seed)
    {
        var rng = new Random(seed);
        var results = s.Results.Select(r => rng.Next(3) == 0
            ? r with { Class = WaterClass.FromOrdinal(rng.Next(1, 7)), Revision = r.Revision + 1, Note = "复核" }
            : r).ToList();
        return new Scheme(s.Parties, s.Rivers, s.Sections, s.Targets, results, s.Agreements, s.Signatures, s.Exemptions, s.Payments, s.Substitutes, s.Policy);
    }

    /// <summary>A ledger of a year accounted, then accounted again after a third of its results were revised: postings and reversals.</summary>
    private static (Scheme Revised, List<LedgerLine> Ledger) Accounted(int seed, int rivers)
    {
        var scheme = new ScenarioGenerator(seed).Generate(riverCount: rivers);
        var ledger = LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), MonthlyAccounting.AccountYear(scheme, 2023), _ => false, firstSequence: 1);
        var revised = Revised(scheme, seed);
        ledger.AddRange(LedgerPlanner.Plan(LedgerState.Current(ledger), MonthlyAccounting.AccountYear(revised, 2023), _ => false, firstSequence: ledger.Count + 1));
        return (revised, ledger);
    }

    [Theory]
    [InlineData(11, 0L, false)]
    [InlineData(12, 1L, false)]
    [InlineData(13, 1L, true)]
    [InlineData(14, 500_001L, true)]
    public void R_LEDGER_2_3_4_planning_on_every_core_gives_the_lines_planned_one_by_one(int seed, long firstSequence, bool yearClosed)
    {
        var (scheme, ledger) = Accounted(seed, rivers: 250);
        var again = Revised(scheme, seed + 1000);
        var outcomes = MonthlyAccounting.AccountYear(again, 2023).ToList();
        Assert.True(outcomes.Count > 8192 * 2, $"{outcomes.Count} outcomes: too few for chunks on every core");
        var current = LedgerState.Current(ledger);
        Func<int, bool> isClosed = y => yearClosed && y == 2023;

        var expected = PlanOneByOne(current, outcomes, isClosed, firstSequence);
        var planned = LedgerPlanner.Plan(current, outcomes, isClosed, firstSequence);

        Assert.Contains(expected, l => l.Kind == LedgerLineKind.Reversal);
        Assert.Equal(yearClosed, expected.All(l => l.IsAdjustment && l.PostedYear == 2024));
        Assert.Equal(expected.Count, planned.Count);
        for (var i = 0; i < expected.Count; i++) Assert.True(expected[i] == planned[i], $"line {i}: {expected[i]} vs {planned[i]}");
    }

    [Fact]
    public void R_LEDGER_2_the_current_lines_of_a_ledger_out_of_order_are_those_of_the_ledger_in_order()
    {
        var (_, ledger) = Accounted(21, rivers: 40);
        var shuffled = ledger.OrderBy(_ => Random.Shared.Next()).ToList();
        var inOrder = LedgerState.Current(ledger);
        // As an enumerable (not a list) and as a shuffled list: each is put in order of sequence first.
        foreach (var current in new[] { LedgerState.Current(shuffled), LedgerState.Current(shuffled.Where(_ => true)) })
            Assert.Equal(inOrder.Select(kv => (kv.Key, kv.Value.Sequence)), current.Select(kv => (kv.Key, kv.Value.Sequence)));
        Assert.Contains(ledger, l => l.Kind == LedgerLineKind.Reversal);
    }

    [Fact]
    public void R_SET_2_the_statement_order_is_that_of_the_chained_sorts_it_replaced()
    {
        var (scheme, ledger) = Accounted(31, rivers: 30);
        var rng = new Random(31);
        // Lines of sections the scheme does not know (last, by section), both purposes, and repeated keys (kept in the order given).
        var lines = ledger.Concat(ledger.Take(200).Select(l => l with { Section = new SectionId("ZZ" + rng.Next(5)), Purpose = rng.Next(2) == 0 ? Purposes.WaterQuantity : Purposes.WaterQuality }))
            .OrderBy(_ => rng.Next()).ToList();
        var sectionOrder = scheme.Sections.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var expected = lines.OrderBy(l => sectionOrder.GetValueOrDefault(l.Section, int.MaxValue)).ThenBy(l => l.Section).ThenBy(l => l.Month).ThenBy(l => l.Purpose).ToList();

        var ordered = YearlySettlement.InStatementOrder(scheme, lines);

        Assert.Equal(expected.Count, ordered.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Same(expected[i], ordered[i]);
    }

    [Fact]
    public void R_SET_2_a_national_years_statement_made_on_every_core_is_the_statement_of_its_parts_made_in_order()
    {
        var (scheme, ledger) = Accounted(41, rivers: 400);
        Assert.True(ledger.Count >= InParallel.LinesFrom, $"{ledger.Count} lines: too few for the statement on every core");

        var statement = YearlySettlement.Settle(scheme, 2023, ledger);

        var current = LedgerState.Current(ledger.Where(l => !l.IsAdjustment)).Values.Where(l => l.Month.Year == 2023).ToList();
        Assert.Equal(YearlySettlement.InStatementOrder(scheme, current), statement.Lines);
        Assert.Equal(YearlySettlement.PairTotals(scheme, ledger), statement.Pairs);
        Assert.Equal(YearlySettlement.PartyTotals(scheme, ledger), statement.Parties);
        Assert.Empty(statement.Adjustments);
    }

    [Fact]
    public void Work_on_every_core_fails_with_the_first_failure_in_the_order_given()
    {
        foreach (var parallel in new[] { true, false })
        {
            var ran = new bool[4];
            var e = Assert.Throws<InvalidOperationException>(() => InParallel.Run(parallel,
                () => ran[0] = true,
                () => { Thread.Sleep(50); ran[1] = true; throw new InvalidOperationException("second"); },
                () => { ran[2] = true; throw new ArgumentException("third"); },
                () => ran[3] = true));
            Assert.Equal("second", e.Message);
            Assert.True(ran[0] && ran[1]);
            // At once, every piece runs to its end; one after the other, the first failure stops the rest.
            Assert.Equal(parallel, ran[2] && ran[3]);
        }
        var done = new int[3];
        InParallel.Run(true, () => done[0] = 1, () => done[1] = 2, () => done[2] = 3);
        Assert.Equal([1, 2, 3], done);

        // A loop on every core fails with its lowest failing index, however late that one fails: index 300 fails only
        // after 1900 has failed (the loop takes another thread while 300 waits).
        var visited = new int[2000];
        using var later = new ManualResetEventSlim();
        var waited = false;
        var loop = Assert.Throws<InvalidOperationException>(() => InParallel.For(visited.Length, i =>
        {
            visited[i] = 1;
            if (i == 300)
            {
                waited = later.Wait(TimeSpan.FromSeconds(30));
                Thread.Sleep(100);
                throw new InvalidOperationException("300");
            }
            if (i == 1900) { later.Set(); throw new InvalidOperationException("1900"); }
        }));
        Assert.True(waited, "index 1900 never ran while 300 waited");
        Assert.Equal("300", loop.Message);
        Assert.Equal(visited.Length, visited.Sum());
    }

    /// <summary>The statement digest as it was written before it wrote its parts in place: the SHA-256 of the parts joined by "\n".</summary>
    private static string DigestOfJoinedText(SettlementStatement s)
    {
        var parts = s.Lines.Select(l => $"{l.Section}|{l.Month}|{l.Rule}|{l.Payer}|{l.Payee}|{l.Amount.Value}|{l.InputDigest}")
            .Concat(s.Adjustments.Select(l => $"A|{l.Sequence}|{l.Kind}|{l.Amount.Value}"))
            .Concat(s.Pairs.Select(p => $"P|{p.River}|{p.Payer}|{p.Payee}|{p.Gross.Value}|{p.Net.Value}"))
            .Concat(s.Fund.Select(f => $"F|{f.Party}|{f.River}|{f.Amount.Value}"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", parts))))[..32];
    }

    [Fact]
    public void R_SET_1_the_statement_digest_written_in_place_is_the_digest_of_its_parts_joined()
    {
        var (scheme, ledger) = Accounted(51, rivers: 120);
        // Lines posted into 2023 for a closed 2022 make adjustments; a line with a 200 KB digest outgrows the 64 KB buffer.
        var adjusted = ledger.Take(50).Select((l, i) => l with { IsAdjustment = true, Sequence = 900_000 + i, Month = new YearMonth(2022, l.Month.Month) });
        var huge = ledger[0] with { Section = new SectionId("S-huge"), InputDigest = new string('d', 200_000) };
        var statement = YearlySettlement.Settle(scheme, 2023, [.. ledger, .. adjusted, huge]);
        Assert.NotEmpty(statement.Adjustments);
        Assert.NotEmpty(statement.Pairs);
        Assert.NotEmpty(statement.Fund);
        Assert.Contains(statement.Lines, l => l.Payer is null);

        Assert.Equal(DigestOfJoinedText(statement), SettlementWorkflow.Digest(statement));
        var empty = statement with { Lines = [], Adjustments = [], Pairs = [], Fund = [] };
        Assert.Equal(DigestOfJoinedText(empty), SettlementWorkflow.Digest(empty));
    }
}
