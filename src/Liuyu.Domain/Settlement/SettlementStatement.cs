using Liuyu.Domain.Ledger;

namespace Liuyu.Domain.Settlement;

/// <summary>R-SET-2: per pair of parties on a river, the gross amounts both ways and the net from payer to payee.</summary>
public sealed record PairTotal(RiverId River, PartyId Payer, PartyId Payee, Fen Gross, Fen Net);

/// <summary>R-SET-2: a party's total receivable, payable and net (receivable − payable) across all rivers.</summary>
public sealed record PartyTotal(PartyId Party, Fen Receivable, Fen Payable)
{
    public Fen Net => Receivable - Payable;
}

/// <summary>R-FUND-1: a district's basin-fund charge on one river for the year.</summary>
public sealed record FundCharge(PartyId Party, RiverId River, int Months, Fen Amount, IReadOnlyList<YearMonth> ChargedMonths);

/// <summary>R-PEN-1: what a payer still owed a payee at the deadline, and the one-time penalty on it.</summary>
public sealed record Penalty(PartyId Payer, PartyId Payee, Fen Owed, Fen Paid, Fen Overdue, Fen PenaltyAmount, DateOnly Deadline)
{
    /// <summary>What the payee receives through the two-level fiscal settlement: overdue × (1 + rate).</summary>
    public Fen PayeeReceives => Overdue + PenaltyAmount;
}

/// <summary>
/// R-PEN-1: what <see cref="Payer"/> owes <see cref="Payee"/> for a year, what it paid by the deadline and in all
/// (拨付), and the penalty when something was still owed at the deadline (null otherwise).
/// </summary>
public sealed record PaymentDue(PartyId Payer, PartyId Payee, Fen Owed, Fen PaidByDeadline, Fen PaidInAll, DateOnly Deadline, Penalty? Penalty)
{
    /// <summary>What is still to be transferred now, whenever paid.</summary>
    public Fen Outstanding => Fen.Max(Fen.Zero, Owed - PaidInAll);
}

/// <summary>R-SUB-1: what a pair's substitutes covered and the cash still owed for them.</summary>
public sealed record SubstituteEffect(RiverId River, PartyId Payer, PartyId Payee, Fen Replaced, Fen Covered, Fen Shortfall);

/// <summary>
/// R-SET-1, R-SET-2: the yearly settlement statement (清算表): the lines of the year (one current line per
/// section-month), the adjustments posted into it for closed years, pair and party totals, the basin fund
/// and the penalties.
/// </summary>
public sealed record SettlementStatement(
    int Year,
    IReadOnlyList<LedgerLine> Lines,
    IReadOnlyList<LedgerLine> Adjustments,
    IReadOnlyList<PairTotal> Pairs,
    IReadOnlyList<PartyTotal> Parties,
    IReadOnlyList<FundCharge> Fund,
    IReadOnlyList<Penalty> Penalties,
    IReadOnlyList<SubstituteEffect> Substitutes)
{
    public Fen TotalMoved => new(Pairs.Sum(p => p.Gross.Value));
}
