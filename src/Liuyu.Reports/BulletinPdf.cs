using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using static Liuyu.Reports.SettlementPdf;

namespace Liuyu.Reports;

/// <summary>
/// 《YYYY年M月流域横向生态保护补偿核算通报》: the month's accounting per river and section (baseline, class, rule,
/// who pays whom how much) and each party's receivable, payable and net for the month.
/// </summary>
public static class BulletinPdf
{
    public static string Title(YearMonth month) => $"{month.Year}年{month.Month}月流域横向生态保护补偿核算通报";

    /// <param name="lines">The current ledger line of every section for <paramref name="month"/>.</param>
    public static void Write(Scheme scheme, YearMonth month, IReadOnlyList<LedgerLine> lines, Stream output, DateOnly printedOn)
    {
        var title = Title(month);
        var pages = new PdfPages(title);
        pages.Centered(title, 16, bold: true);
        pages.Centered($"市财政局　市生态环境局　　{Date(printedOn)}", 9);
        pages.Space(4);
        var paying = lines.Where(l => l.Amount.Value != 0).ToList();
        pages.Paragraph($"根据{month.Year}年{month.Month}月各补偿断面水质监测结果，按照流域横向生态保护补偿机制核算，本月共核算断面 {lines.Select(l => l.Section).Distinct().Count()} 个，" +
                        $"产生补偿 {paying.Count} 笔，金额合计 {Yuan(Sum(paying, l => l.Amount))} 元。现将核算结果通报如下：");

        var byRiver = lines.GroupBy(l => l.River).ToDictionary(g => g.Key, g => g.ToList());
        var n = 0;
        foreach (var riverId in scheme.RiverOrder().Where(byRiver.ContainsKey))
        {
            var river = scheme.River(riverId);
            pages.Heading($"{Chinese(++n)}、{river.Name}（{river.Id}）");
            pages.Table(
                [new("断面", 112), new("上游", 64), new("下游", 64), new("基准", 32), new("水质", 32), new("规则", 68), new("付款方", 64), new("金额（元）", 86, true)],
                byRiver[riverId].Select(l =>
                {
                    var s = scheme.HasSection(l.Section) ? scheme.Section(l.Section) : null;
                    return new[]
                    {
                        s?.Name ?? l.Section.Value, s is null ? "" : PartyName(scheme, s.Upstream), s is null ? "" : PartyName(scheme, s.Downstream),
                        l.Baseline?.Display ?? "—", l.Result?.Display ?? "—", l.Rule, l.Payer is { } p ? PartyName(scheme, p) : "—", Yuan(l.Amount),
                    };
                }),
                ["小计", "", "", "", "", "", "", Yuan(Sum(byRiver[riverId], l => l.Amount))]);
        }

        var parties = Domain.Settlement.YearlySettlement.PartyTotals(scheme, lines);
        pages.Heading($"{Chinese(++n)}、本月各区县应收应付");
        pages.Table(
            [new("区县", 110), new("应收（元）", 105, true), new("应付（元）", 105, true), new("净额（元）", 105, true), new("净额（万元）", 90, true)],
            parties.Where(p => p.Receivable.Value != 0 || p.Payable.Value != 0)
                .Select(p => new[] { PartyName(scheme, p.Party), Yuan(p.Receivable), Yuan(p.Payable), Yuan(p.Net), Wan(p.Net) }),
            ["合计", Yuan(Sum(parties, p => p.Receivable)), Yuan(Sum(parties, p => p.Payable)), Yuan(Sum(parties, p => p.Net)), Wan(Sum(parties, p => p.Net))]);
        pages.Paragraph("规则说明：R-COMP-2 水质劣于基准，上游向下游补偿；R-COMP-1 优于基准且达到Ⅲ类及以上，下游向上游补偿；R-COMP-3 持平或虽优于基准但未达良好，不补偿；" +
                        "R-DATA-4 无有效监测结果；R-SEC-2 断面未认可；R-EXEMPT-1 经批准免除。按月核算，按年清缴。", 8.5);
        pages.Save(output, title);
    }
}
