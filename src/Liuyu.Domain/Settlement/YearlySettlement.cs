using Liuyu.Domain.Ledger;

namespace Liuyu.Domain.Settlement;

/// <summary>
/// 按年清缴: builds the statement of a year from the ledger lines posted into it (R-SET-1, R-SET-2), and
/// adds the basin fund (R-FUND-1), substitutes (R-SUB-1) and penalties (R-PEN-1).
/// </summary>
public static class YearlySettlement
{
    /// <param name="postedInYear">Every ledger line (postings and reversals) whose <see cref="LedgerLine.PostedYear"/> is <paramref name="year"/>.</param>
    public static SettlementStatement Settle(Scheme scheme, int year, IReadOnlyList<LedgerLine> postedInYear)
    {
        List<LedgerLine> lines = [], adjustments = [];
        List<PairTotal> pairs = [];
        List<PartyTotal> parties = [];
        // The statement's lines, its pair totals and its party totals read the same lines and nothing of one another: a
        // large year makes them on every core.
        InParallel.Run(postedInYear.Count >= InParallel.LinesFrom,
            () =>
            {
                var current = LedgerState.Current(postedInYear.Where(l => !l.IsAdjustment)).Values;
                lines = InStatementOrder(scheme, current.Where(l => l.Month.Year == year));
                adjustments = postedInYear.Where(l => l.IsAdjustment).OrderBy(l => l.Sequence).ToList();
            },
            () => pairs = PairTotals(scheme, postedInYear),
            () => parties = PartyTotals(scheme, postedInYear));
        var substitutes = SubstituteEffects(scheme, year, pairs);
        return new SettlementStatement(year, lines, adjustments, pairs, parties, BasinFund(scheme, year), Penalties(scheme, year, pairs, substitutes), substitutes);
    }

    /// <summary>
    /// The statement's lines in order: by the scheme's order of sections (sections it does not know last), then by
    /// section, month and purpose, ties kept in the order given, as a stable LINQ OrderBy/ThenBy over the same keys
    /// gives. The lines are first counted into their sections' places (a stable counting sort: the scheme numbers its
    /// sections), then each section's few lines, and the lines of sections it does not know, are sorted by the rest of
    /// the key. A national year has 240,000 lines: one comparison sort over all of them was the longest step of its
    /// statement (about 0.1 s), where four chained key selectors before it made four key arrays and called a delegate
    /// per key per comparison.
    /// </summary>
    public static List<LedgerLine> InStatementOrder(Scheme scheme, IEnumerable<LedgerLine> lines)
    {
        var sectionOrder = new Dictionary<SectionId, int>(scheme.Sections.Count);
        foreach (var s in scheme.Sections) sectionOrder.Add(s.Id, sectionOrder.Count);
        var unknown = sectionOrder.Count; // every section the scheme does not know shares the last place
        var keyed = lines.Select((l, i) => new Keyed(sectionOrder.GetValueOrDefault(l.Section, unknown), i, l)).ToArray();
        var starts = new int[unknown + 2];
        foreach (var k in keyed) starts[k.SectionIndex + 1]++;
        for (var i = 1; i < starts.Length; i++) starts[i] += starts[i - 1];
        var sorted = new Keyed[keyed.Length];
        var next = starts.ToArray();
        foreach (var k in keyed) sorted[next[k.SectionIndex]++] = k;
        for (var place = 0; place <= unknown; place++)
        {
            var (from, count) = (starts[place], starts[place + 1] - starts[place]);
            if (count > 1) Array.Sort(sorted, from, count, WithinASection);
        }
        var ordered = new List<LedgerLine>(sorted.Length);
        foreach (var k in sorted) ordered.Add(k.Line);
        return ordered;
    }

    /// <summary>The order of lines in the same place of the scheme's sections: section, month, purpose, then as given.</summary>
    private static readonly Comparer<Keyed> WithinASection = Comparer<Keyed>.Create(static (a, b) =>
    {
        var c = a.Line.Section.CompareTo(b.Line.Section);
        if (c == 0) c = a.Line.Month.CompareTo(b.Line.Month);
        if (c == 0) c = Comparer<string>.Default.Compare(a.Line.Purpose, b.Line.Purpose);
        return c != 0 ? c : a.Given.CompareTo(b.Given);
    });

    private readonly record struct Keyed(int SectionIndex, int Given, LedgerLine Line);

    /// <summary>
    /// R-EXT-2: the statement of one river's agreement (a cross-province agreement's own statement, confirmed by both
    /// sides): the river's lines and adjustments, its pairs and fund charges, and the totals of its parties over its lines
    /// alone. No penalties: R-PEN-1 nets a pair across rivers, and a pair with a party of another province has none.
    /// </summary>
    public static SettlementStatement OfRiver(Scheme scheme, SettlementStatement year, RiverId river)
    {
        var lines = year.Lines.Where(l => l.River == river).ToList();
        var adjustments = year.Adjustments.Where(l => l.River == river).ToList();
        var members = scheme.PartiesOf(river).ToHashSet();
        var parties = PartyTotals(scheme, lines.Concat(adjustments)).Where(p => members.Contains(p.Party)).ToList();
        // Every line moves money between two parties of the river: what they pay in all is what the lines move.
        if (parties.Sum(p => p.Payable.Value) != lines.Concat(adjustments).Where(l => l.Amount.Value != 0).Sum(l => l.SignedAmount.Value))
            throw new LedgerInvariantException($"settlement invariant broken: the parties of river {river} do not pay what its lines move");
        return new SettlementStatement(year.Year, lines, adjustments, [.. year.Pairs.Where(p => p.River == river)], parties,
            [.. year.Fund.Where(f => f.River == river)], [], [.. year.Substitutes.Where(x => x.River == river)]);
    }

    /// <summary>R-SET-2: per river and unordered pair, gross both ways and the net, in the direction of the net.</summary>
    public static List<PairTotal> PairTotals(Scheme scheme, IEnumerable<LedgerLine> lines)
    {
        var riverOrder = scheme.RiverOrder().Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
        // Pair key: (river, first party, second party) in order of first appearance along the river's sections.
        var order = new Dictionary<(RiverId, PartyId, PartyId), int>();
        foreach (var s in scheme.Sections)
            if (!order.ContainsKey((s.River, s.Downstream, s.Upstream))) // the same two parties in the other direction are the same pair
                order.TryAdd((s.River, s.Upstream, s.Downstream), order.Count);
        (RiverId, PartyId, PartyId) Canonical(RiverId r, PartyId a, PartyId b) =>
            order.ContainsKey((r, a, b)) ? (r, a, b) : order.ContainsKey((r, b, a)) ? (r, b, a) : string.CompareOrdinal(a.Value, b.Value) <= 0 ? (r, a, b) : (r, b, a);

        var sums = new Dictionary<(RiverId, PartyId, PartyId), (long Gross, long NetFirstToSecond)>();
        foreach (var l in lines.Where(l => l.Amount.Value != 0))
        {
            var key = Canonical(l.River, l.Payer!.Value, l.Payee!.Value);
            var signed = l.SignedAmount.Value;
            var (gross, net) = sums.GetValueOrDefault(key);
            sums[key] = (gross + signed, net + (key.Item2 == l.Payer ? signed : -signed));
        }
        return sums
            .Where(kv => kv.Value.Gross != 0)
            .OrderBy(kv => riverOrder.GetValueOrDefault(kv.Key.Item1, int.MaxValue))
            .ThenBy(kv => order.GetValueOrDefault(kv.Key, int.MaxValue))
            .ThenBy(kv => kv.Key.Item2).ThenBy(kv => kv.Key.Item3)
            .Select(kv => kv.Value.NetFirstToSecond >= 0
                ? new PairTotal(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, new Fen(kv.Value.Gross), new Fen(kv.Value.NetFirstToSecond))
                : new PairTotal(kv.Key.Item1, kv.Key.Item3, kv.Key.Item2, new Fen(kv.Value.Gross), new Fen(-kv.Value.NetFirstToSecond)))
            .ToList();
    }

    /// <summary>
    /// R-SET-2: per party, the total receivable and payable of its lines over all rivers (gross, each line
    /// counted in full), for every party upstream or downstream of a section.
    /// </summary>
    public static List<PartyTotal> PartyTotals(Scheme scheme, IEnumerable<LedgerLine> lines)
    {
        var receivable = new Dictionary<PartyId, long>();
        var payable = new Dictionary<PartyId, long>();
        foreach (var l in lines.Where(l => l.Amount.Value != 0))
        {
            payable[l.Payer!.Value] = payable.GetValueOrDefault(l.Payer!.Value) + l.SignedAmount.Value;
            receivable[l.Payee!.Value] = receivable.GetValueOrDefault(l.Payee!.Value) + l.SignedAmount.Value;
        }
        var order = scheme.SectionPartyOrder().ToList();
        var known = order.ToHashSet();
        foreach (var extra in receivable.Keys.Concat(payable.Keys).Where(p => !known.Contains(p)).Distinct().ToList()) order.Add(extra);
        var totals = order.Select(p => new PartyTotal(p, new Fen(receivable.GetValueOrDefault(p)), new Fen(payable.GetValueOrDefault(p)))).ToList();
        var sum = totals.Sum(t => t.Net.Value);
        if (sum != 0) throw new LedgerInvariantException($"settlement invariant broken: party nets sum to {sum} fen");
        return totals;
    }

    /// <summary>
    /// R-FUND-1: a district of a river that has not signed pays the monthly charge into the basin fund for every
    /// month from the policy's start month (after the filing deadline's month) and before the month of signing;
    /// unsigned, to the end of the year. Only districts; only when signatures are tracked.
    /// </summary>
    public static List<FundCharge> BasinFund(Scheme scheme, int year)
    {
        if (scheme.Signatures is null) return [];
        var charges = new List<FundCharge>();
        foreach (var river in scheme.RiverOrder())
        {
            foreach (var party in scheme.PartiesOf(river))
            {
                if (!scheme.HasParty(party) || scheme.Party(party).Kind != PartyKind.District) continue;
                // R-EXT-2: the basin fund is Chongqing's sanction; it never charges a party of another province.
                if (!scheme.Party(party).IsChongqing) continue;
                var signed = scheme.FirstSigned(river, party);
                var months = new List<YearMonth>();
                var amount = Fen.Zero;
                foreach (var m in YearMonth.MonthsOf(year))
                {
                    var policy = scheme.Policy.For(m).Parameters;
                    if (m < policy.FundStartMonth) continue;
                    if (signed is { } d && m >= YearMonth.Of(d)) continue;
                    months.Add(m);
                    amount += policy.FundMonthlyAmount;
                }
                if (months.Count > 0) charges.Add(new FundCharge(party, river, months.Count, amount, months));
            }
        }
        return charges;
    }

    /// <summary>R-SUB-1: substitutes replace part of a pair's net; a shortfall of assessed value is owed in cash.</summary>
    public static List<SubstituteEffect> SubstituteEffects(Scheme scheme, int year, IReadOnlyList<PairTotal> pairs) =>
        scheme.Substitutes.Where(s => s.Year == year)
            .GroupBy(s => (s.River, s.Payer, s.Payee))
            .Select(g => new SubstituteEffect(g.Key.River, g.Key.Payer, g.Key.Payee,
                new Fen(g.Sum(s => s.Replaces.Value)), new Fen(g.Sum(s => s.Covered.Value)), new Fen(g.Sum(s => s.Shortfall.Value))))
            .ToList();

    /// <summary>
    /// R-PEN-1: what A owes B is the sum over rivers of the pair nets A→B minus those B→A, less what substitutes
    /// covered (R-SUB-1); overdue = max(0, owed − paid by the deadline); the penalty is a one-time surcharge of
    /// the rate on the overdue amount. Only when payments are tracked (the year is due), and never for a pair with a party
    /// of another province (R-EXT-2).
    /// </summary>
    public static List<Penalty> Penalties(Scheme scheme, int year, IReadOnlyList<PairTotal> pairs, IReadOnlyList<SubstituteEffect> substitutes) =>
        scheme.Payments is null ? [] : Dues(scheme, year, pairs, substitutes)
            // R-EXT-2: a pair with a party outside Chongqing settles by its agreement: no deduction, no penalty row.
            .Where(d => d.Penalty is not null && scheme.IsChongqing(d.Payer) && scheme.IsChongqing(d.Payee))
            .Select(d => d.Penalty!).ToList();

    /// <summary>R-PEN-1 for a statement: every amount owed between two parties for its year, paid or not (see <see cref="Dues(Scheme, int, IReadOnlyList{PairTotal}, IReadOnlyList{SubstituteEffect})"/>).</summary>
    public static List<PaymentDue> Dues(Scheme scheme, SettlementStatement statement) => Dues(scheme, statement.Year, statement.Pairs, statement.Substitutes);

    /// <summary>
    /// R-PEN-1: every amount owed between two parties for the year (netted across rivers, less substitutes), with
    /// what was paid by the deadline and in all, and the penalty where something was overdue at the deadline.
    /// Payments not tracked count as nothing paid; <see cref="Penalties"/> then reports none.
    /// </summary>
    public static List<PaymentDue> Dues(Scheme scheme, int year, IReadOnlyList<PairTotal> pairs, IReadOnlyList<SubstituteEffect> substitutes)
    {
        var policy = scheme.Policy.For(new YearMonth(year, 12)).Parameters;
        var deadline = policy.PaymentDeadlineFor(year);
        var payments = scheme.Payments ?? [];
        var owed = new Dictionary<(PartyId, PartyId), long>();
        var order = new List<(PartyId, PartyId)>();
        void Add(PartyId a, PartyId b, long v)
        {
            var key = string.CompareOrdinal(a.Value, b.Value) <= 0 ? (a, b) : (b, a);
            if (!owed.ContainsKey(key)) order.Add(key);
            owed[key] = owed.GetValueOrDefault(key) + (key.Item1 == a ? v : -v);
        }
        foreach (var p in pairs) Add(p.Payer, p.Payee, p.Net.Value);
        foreach (var s in substitutes) Add(s.Payer, s.Payee, -s.Covered.Value);

        // The year's payments of each payer and payee, found once (in their order): looked for among every payment per
        // pair, a national year's thousands of pairs and payments made tens of millions of comparisons.
        var paymentsOf = payments.Where(x => x.Year == year).ToLookup(x => (x.Payer, x.Payee));
        var result = new List<PaymentDue>();
        foreach (var key in order)
        {
            var v = owed[key];
            if (v == 0) continue;
            var (payer, payee) = v > 0 ? key : (key.Item2, key.Item1);
            var amountOwed = new Fen(Math.Abs(v));
            var made = paymentsOf[(payer, payee)].ToList();
            var paid = new Fen(made.Where(x => x.PaidOn <= deadline).Sum(x => x.Amount.Value));
            var overdue = Fen.Max(Fen.Zero, amountOwed - paid);
            var penalty = overdue == Fen.Zero ? null : new Penalty(payer, payee, amountOwed, paid, overdue, overdue.Times(policy.PenaltyRate), deadline);
            result.Add(new PaymentDue(payer, payee, amountOwed, paid, new Fen(made.Sum(x => x.Amount.Value)), deadline, penalty));
        }
        return result;
    }
}
