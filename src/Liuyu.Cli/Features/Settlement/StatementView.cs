using Liuyu.Domain;
using Liuyu.Domain.Settlement;
using Spectre.Console;

namespace Liuyu.Cli.Features.Settlement;

/// <summary>The human rendering of a settlement statement: pairs per river, party totals, basin fund, penalties.</summary>
/// <remarks>
/// A terminal table is read, not searched: each table shows at most <see cref="RowsShown"/> rows, in the statement's
/// order, and says how many it left out and where the whole statement is (<c>--json</c>, <c>liuyu export settlement</c>,
/// <c>liuyu report settlement</c>). A national year has about 10,000 pairs and 3,000 parties: 46,000 lines that took
/// longer to lay out than the year took to settle.
/// </remarks>
public static class StatementView
{
    public const int RowsShown = 200;

    private static void More(IAnsiConsole console, int total)
    {
        if (total > RowsShown)
            console.WriteLine($"  … 另有 {total - RowsShown} 行（共 {total} 行），完整清算表见 --json、liuyu export settlement 或 liuyu report settlement / " +
                $"… {total - RowsShown} more rows ({total} in all): the whole statement with --json, or as a workbook or PDF (liuyu export settlement, liuyu report settlement)");
    }

    public static void Render(IAnsiConsole console, Scheme scheme, SettlementStatement s)
    {
        console.Write(new Rule($"{s.Year} 年度流域横向生态保护补偿清算 / settlement").LeftJustified());
        var counts = s.Lines.GroupBy(l => l.Rule).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        console.WriteLine($"{s.Lines.Count} section-months ({string.Join(", ", counts)}); money moved {CliOptions.Yuan(s.TotalMoved)} 元");

        var pairs = new Table().Title("河流 × 双方 / pairs per river").AddColumn("河流 river").AddColumn("付款方 payer").AddColumn("收款方 payee")
            .AddColumn(new TableColumn("往来合计 gross (元)").RightAligned()).AddColumn(new TableColumn("净额 net (元)").RightAligned());
        foreach (var p in s.Pairs.Take(RowsShown))
            pairs.AddRow(Markup.Escape($"{scheme.River(p.River).Name} ({p.River})"), Markup.Escape(scheme.Name(p.Payer)), Markup.Escape(scheme.Name(p.Payee)), CliOptions.Yuan(p.Gross), CliOptions.Yuan(p.Net));
        console.Write(pairs);
        More(console, s.Pairs.Count);

        var parties = new Table().Title("各方合计 / party totals").AddColumn("主体 party").AddColumn(new TableColumn("应收 receivable").RightAligned())
            .AddColumn(new TableColumn("应付 payable").RightAligned()).AddColumn(new TableColumn("净额 net").RightAligned()).AddColumn(new TableColumn("万元").RightAligned());
        foreach (var p in s.Parties.Take(RowsShown))
            parties.AddRow(Markup.Escape(scheme.Name(p.Party)), CliOptions.Yuan(p.Receivable), CliOptions.Yuan(p.Payable), CliOptions.Yuan(p.Net), p.Net.Wan.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        console.Write(parties);
        More(console, s.Parties.Count);

        if (s.Fund.Count > 0)
        {
            var fund = new Table().Title("流域补偿基金 / basin fund (R-FUND-1)").AddColumn("区县 district").AddColumn("河流 river").AddColumn("月数 months").AddColumn(new TableColumn("金额 amount").RightAligned());
            foreach (var f in s.Fund.Take(RowsShown))
                fund.AddRow(Markup.Escape(scheme.Name(f.Party)), Markup.Escape(scheme.River(f.River).Name), f.Months.ToString(), CliOptions.Yuan(f.Amount));
            console.Write(fund);
            More(console, s.Fund.Count);
        }
        if (s.Penalties.Count > 0)
        {
            var pen = new Table().Title("逾期与罚息 / overdue and penalties (R-PEN-1)").AddColumn("付款方 payer").AddColumn("收款方 payee")
                .AddColumn(new TableColumn("应付 owed").RightAligned()).AddColumn(new TableColumn("已付 paid").RightAligned())
                .AddColumn(new TableColumn("逾期 overdue").RightAligned()).AddColumn(new TableColumn("罚息 penalty").RightAligned());
            foreach (var p in s.Penalties.Take(RowsShown))
                pen.AddRow(Markup.Escape(scheme.Name(p.Payer)), Markup.Escape(scheme.Name(p.Payee)), CliOptions.Yuan(p.Owed), CliOptions.Yuan(p.Paid), CliOptions.Yuan(p.Overdue), CliOptions.Yuan(p.PenaltyAmount));
            console.Write(pen);
            More(console, s.Penalties.Count);
        }
        if (s.Adjustments.Count > 0)
            console.WriteLine($"已结年度的 {s.Adjustments.Count} 条调整行记入 {s.Year} 年（R-LEDGER-4），见 liuyu ledger / " +
                $"{s.Adjustments.Count} adjustment line(s) for closed years posted into {s.Year} (R-LEDGER-4); see 'liuyu ledger'.");
    }
}
