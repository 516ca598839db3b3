using System.Globalization;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;

namespace Liuyu.Reports;

/// <summary>
/// 《YYYY年度市内流域横向生态保护补偿资金清算表》 (R-SET-1, R-SET-2): per river and section each month's baseline,
/// result, rule and amount; the pairs; per party the receivable, payable and net; the basin fund and penalties; the
/// digest of the ledger lines it covers (the one each party confirms); and a line to sign and seal for every party and
/// for the two bureaus.
/// </summary>
public static class SettlementPdf
{
    public static string Title(int year) => $"{year}年度市内流域横向生态保护补偿资金清算表";

    /// <summary>The mark on every page of the statement of a year not cleared (R-SET-1): a draft, not the statement to sign.</summary>
    public const string DraftMark = "草稿（未清算）";

    /// <summary>R-EXT-2: the title of a cross-province agreement's own statement.</summary>
    public static string CrossProvinceTitle(int year, string riverName) => $"{year}年度{riverName}跨省流域横向生态保护补偿资金清算表";

    /// <param name="chainHead">
    /// The ledger's chain head for the year (the link of the last line posted into it) and that line's sequence, so
    /// that anyone holding the signed statement can check it against the store (<c>liuyu verify --head HEX --year Y</c>).
    /// </param>
    /// <param name="title">Another title (a cross-province agreement's own statement, R-EXT-2); the municipal one by default.</param>
    /// <param name="draft">The year is not cleared: every page carries <see cref="DraftMark"/>.</param>
    public static void Write(Scheme scheme, SettlementStatement statement, Stream output, DateOnly printedOn, (long Sequence, string Head)? chainHead = null, bool draft = false, string? title = null)
    {
        title ??= Title(statement.Year);
        var digest = SettlementWorkflow.Digest(statement);
        var pages = new PdfPages(draft ? $"{title}（{DraftMark}）" : title) { Stamp = draft ? DraftMark : null };
        pages.Centered(title, 16, bold: true);
        pages.Centered($"单位：元　　编制日期：{Date(printedOn)}　　清算表摘要：{digest}", 9);
        pages.Space(4);
        pages.Paragraph($"本表依据{statement.Year}年度各补偿断面逐月水质核算结果编制，列明各河流、各断面每月的补偿基准、水质类别、适用规则及补偿金额，" +
                        "各区县之间的往来总额与净额，以及各区县应收、应付和净额合计。金额以元为单位，保留两位小数。");

        var byRiver = statement.Lines.GroupBy(l => l.River).ToDictionary(g => g.Key, g => g.ToList());
        // R-EXT-1: with quantity lines, the line tables get a column of flow against the ecological base flow.
        var quantity = statement.Lines.Concat(statement.Adjustments).Any(l => l.IsQuantity);
        var columns = quantity ? QuantityLineColumns : LineColumns;
        string[] Subtotal(Fen f) => quantity ? ["小计", "", "", "", "", "", "", "", Yuan(f)] : ["小计", "", "", "", "", "", "", Yuan(f)];
        var n = 0;
        foreach (var riverId in scheme.RiverOrder().Where(byRiver.ContainsKey))
        {
            var river = scheme.River(riverId);
            var lines = byRiver[riverId];
            pages.Heading($"{Chinese(++n)}、{river.Name}（{river.Id}）");
            pages.Table(columns, lines.Select(l => LineCells(scheme, l, quantity: quantity)), Subtotal(new Fen(lines.Sum(l => l.Amount.Value))));
        }

        if (statement.Adjustments.Count > 0)
        {
            pages.Heading($"{Chinese(++n)}、跨年调整（R-LEDGER-4）");
            pages.Table(columns, statement.Adjustments.Select(l => LineCells(scheme, l, signed: true, quantity: quantity)),
                Subtotal(new Fen(statement.Adjustments.Sum(l => l.SignedAmount.Value))));
        }

        pages.Heading($"{Chinese(++n)}、区县间往来（按河流）");
        pages.Table(
            [new("河流", 90), new("付款方", 100), new("收款方", 100), new("往来总额（元）", 110, true), new("净额（元）", 110, true)],
            statement.Pairs.Select(p => new[] { RiverName(scheme, p.River), PartyName(scheme, p.Payer), PartyName(scheme, p.Payee), Yuan(p.Gross), Yuan(p.Net) }));

        pages.Heading($"{Chinese(++n)}、各区县合计");
        pages.Table(
            [new("区县", 110), new("应收（元）", 105, true), new("应付（元）", 105, true), new("净额（元）", 105, true), new("净额（万元）", 90, true)],
            statement.Parties.Select(p => new[] { PartyName(scheme, p.Party), Yuan(p.Receivable), Yuan(p.Payable), Yuan(p.Net), Wan(p.Net) }),
            ["合计", Yuan(Sum(statement.Parties, p => p.Receivable)), Yuan(Sum(statement.Parties, p => p.Payable)), Yuan(Sum(statement.Parties, p => p.Net)), Wan(Sum(statement.Parties, p => p.Net))]);

        if (statement.Fund.Count > 0)
        {
            pages.Heading($"{Chinese(++n)}、流域补偿基金（未签约区县，R-FUND-1）");
            pages.Table([new("区县", 120), new("河流", 120), new("月数", 60, true), new("金额（元）", 120, true)],
                statement.Fund.Select(f => new[] { PartyName(scheme, f.Party), RiverName(scheme, f.River), f.Months.ToString(CultureInfo.InvariantCulture), Yuan(f.Amount) }),
                ["合计", "", "", Yuan(Sum(statement.Fund, f => f.Amount))]);
        }
        if (statement.Penalties.Count > 0)
        {
            pages.Heading($"{Chinese(++n)}、逾期未缴及罚息（R-PEN-1）");
            pages.Table([new("付款方", 90), new("收款方", 90), new("逾期（元）", 100, true), new("罚息（元）", 100, true), new("截止日期", 80)],
                statement.Penalties.Select(p => new[] { PartyName(scheme, p.Payer), PartyName(scheme, p.Payee), Yuan(p.Overdue), Yuan(p.PenaltyAmount), Date(p.Deadline) }));
        }

        pages.Heading($"{Chinese(++n)}、台账摘要");
        var covered = statement.Lines.Concat(statement.Adjustments).ToList();
        var sequences = covered.Where(l => l.Sequence > 0).Select(l => l.Sequence).ToList();
        pages.Paragraph($"本表涵盖台账行 {covered.Count} 行（现行记账 {statement.Lines.Count} 行，跨年调整 {statement.Adjustments.Count} 行" +
                        (sequences.Count > 0 ? $"，行号 {sequences.Min()}–{sequences.Max()}" : "") + $"），往来总额 {Yuan(statement.TotalMoved)} 元。");
        pages.Paragraph($"清算表摘要（SHA-256，各方认定时记录）：{digest}");
        if (chainHead is { } ch)
            pages.Paragraph($"台账链头（截至第 {ch.Sequence} 行，可用 liuyu verify --head <链头> --year {statement.Year} 核验）：{ch.Head}");
        pages.Paragraph("各河流台账行摘要（SHA-256 前 16 位，按断面、月份、规则、付款方、收款方、金额及输入摘要逐行计算）：");
        // The rivers' places in the scheme's order, found once (an IndexOf in the river list per river was quadratic).
        var riverIndex = scheme.RiverOrder().Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
        pages.Table([new("河流", 150), new("台账行数", 70, true), new("行号范围", 110), new("台账行摘要", 150)],
            covered.GroupBy(l => l.River).OrderBy(g => riverIndex.TryGetValue(g.Key, out var i) ? i : int.MaxValue).Select(g =>
            {
                var seqs = g.Where(l => l.Sequence > 0).Select(l => l.Sequence).ToList();
                return new[]
                {
                    RiverName(scheme, g.Key), g.Count().ToString(CultureInfo.InvariantCulture),
                    seqs.Count > 0 ? $"{seqs.Min()}–{seqs.Max()}" : "—", LinesDigest(g),
                };
            }));

        pages.Heading($"{Chinese(++n)}、确认签章");
        pages.Paragraph("以上清算结果经各方核对无误，予以确认。");
        pages.Space(4);
        foreach (var p in statement.Parties) pages.SignatureLine(PartyName(scheme, p.Party));
        pages.SignatureLine("市财政局");
        pages.SignatureLine("市生态环境局");

        pages.Save(output, $"{title}　摘要 {digest}");
    }

    private static readonly PdfColumn[] LineColumns =
    [
        new("断面", 104), new("月份", 46), new("基准", 30), new("水质", 30), new("规则", 64), new("付款方", 84), new("收款方", 84), new("金额（元）", 82, true),
    ];

    /// <summary>R-EXT-1: the same with a column 水量 (flow / base flow, m³/s) for the quantity lines.</summary>
    private static readonly PdfColumn[] QuantityLineColumns =
    [
        new("断面", 80), new("月份", 46), new("基准", 30), new("水质", 30), new("水量 m³/s", 62), new("规则", 60), new("付款方", 72), new("收款方", 72), new("金额（元）", 82, true),
    ];

    private static string[] LineCells(Scheme scheme, LedgerLine l, bool signed = false, bool quantity = false)
    {
        string[] head = [scheme.HasSection(l.Section) ? scheme.Section(l.Section).Name : l.Section.Value, l.Month.ToString(), l.Baseline?.Display ?? "—", l.Result?.Display ?? "—"];
        string[] tail =
        [
            l.Rule, l.Payer is { } a ? PartyName(scheme, a) : "—", l.Payee is { } b ? PartyName(scheme, b) : "—", Yuan(signed ? l.SignedAmount : l.Amount),
        ];
        if (!quantity) return [.. head, .. tail];
        var flow = !l.IsQuantity ? "" : $"{(l.Flow is { } f ? QuantityRule.Canonical(f) : "无")}/{(l.FlowTarget is { } t ? QuantityRule.Canonical(t) : "—")}";
        return [.. head, flow, .. tail];
    }

    /// <summary>The digest of a set of ledger lines, each written as the statement digest writes it.</summary>
    private static string LinesDigest(IEnumerable<LedgerLine> lines)
    {
        var text = string.Join('\n', lines.Select(l => $"{l.Section}|{l.Month}|{l.Rule}|{l.Payer}|{l.Payee}|{l.SignedAmount.Value}|{l.InputDigest}"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    internal static Fen Sum<T>(IEnumerable<T> items, Func<T, Fen> f) => new(items.Sum(x => f(x).Value));
    /// <summary>Yuan as the documents print it: thousands separators, two decimals.</summary>
    public static string Yuan(Fen f) => f.Yuan.ToString("#,##0.00", CultureInfo.InvariantCulture);
    internal static string Wan(Fen f) => f.Wan.ToString("#,##0.0000", CultureInfo.InvariantCulture);
    internal static string Date(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";
    internal static string PartyName(Scheme scheme, PartyId id) => scheme.HasParty(id) ? scheme.Party(id).Name : id.Value;
    internal static string RiverName(Scheme scheme, RiverId id) => scheme.HasRiver(id) ? scheme.River(id).Name : id.Value;

    /// <summary>一, 二, … 九十九 for section numbers.</summary>
    internal static string Chinese(int n)
    {
        const string digits = "零一二三四五六七八九";
        if (n < 10) return digits[n].ToString();
        if (n < 20) return "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString());
        return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString());
    }
}
