using System.Globalization;
using Liuyu.Data.Csv;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;

namespace Liuyu.Data.Statements;

/// <summary>One line as a ledger or statement workbook shows it; <see cref="Amount"/> is signed (a reversal counts negatively).</summary>
public sealed record WorkbookLine(long Sequence, string Kind, RiverId River, SectionId Section, YearMonth Month, WaterClass? Baseline, WaterClass? Result,
    string Rule, PartyId? Payer, PartyId? Payee, Fen Amount);

/// <summary>What a ledger or statement workbook says, read back from its sheets (the cached results of its formulas).</summary>
public sealed record WorkbookContent(IReadOnlyList<WorkbookLine> Lines, IReadOnlyList<PartyTotal> Parties, IReadOnlyList<PairTotal> Pairs);

/// <summary>
/// The workbooks the bureaus exchange (R-SET-2): the yearly settlement statement (清算表) and the ledger (台账) of a
/// year. A summary sheet per party comes first, then one sheet per river with every line (section, month, baseline,
/// result, rule, payer, payee, amount), then the pairs. Headers are frozen; amounts are in 元 with thousands separators
/// and in 万元; every total is a formula over the river sheets (SUMIF/SUMIFS/SUM) whose cached result is the figure
/// Liuyu computed, so a reader can check each sum in the spreadsheet itself.
/// </summary>
public static class StatementWorkbook
{
    public const string SummarySheet = "汇总";
    public const string PairsSheet = "收付对";
    public const string FundSheet = "流域补偿基金";
    public const string PenaltySheet = "逾期罚息";
    private const string Total = "合计";

    // Columns of a river sheet; the letters are used in the formulas below.
    private static readonly string[] LineHeader =
        ["序号", "类型", "河流", "断面编码", "断面名称", "月份", "补偿基准", "水质类别", "规则", "付款方", "付款方名称", "收款方", "收款方名称", "金额（元）", "金额（万元）", "备注"];
    private const string PayerCol = "J", PayeeCol = "L", AmountCol = "N";
    private static readonly double[] LineWidths = [8, 12, 8, 18, 22, 9, 9, 9, 11, 12, 14, 12, 14, 18, 16, 40];

    public static readonly IReadOnlyList<ColumnSpec> LineColumns =
    [
        new("sequence", "序号"), new("kind", "类型"), new("river", "河流"), new("section", "断面编码"), new("month", "月份"),
        new("baseline", "补偿基准"), new("result", "水质类别"), new("rule", "规则"), new("payer", "付款方"), new("payee", "收款方"),
        new("amount", "金额（元）"),
    ];

    public static readonly IReadOnlyList<ColumnSpec> PartyColumns =
        [new("party", "区县编码|编码"), new("receivable", "应收（元）"), new("payable", "应付（元）"), new("net", "净额（元）")];

    public static readonly IReadOnlyList<ColumnSpec> PairColumns =
        [new("river", "河流"), new("payer", "付款方"), new("payee", "收款方"), new("gross", "往来总额（元）"), new("net", "净额（元）")];

    /// <summary>The settlement statement of a year: its current lines and the adjustments posted into it.</summary>
    /// <param name="draft">The year is not cleared (R-SET-1): every sheet's title says 草稿（未清算）.</param>
    /// <param name="title">Another title (a cross-province agreement's own statement, R-EXT-2); the municipal one by default.</param>
    public static void WriteSettlement(Scheme scheme, SettlementStatement statement, Stream output, bool draft = false, string? title = null)
    {
        title = (title ?? $"{statement.Year}年度市内流域横向生态保护补偿资金清算表") + (draft ? "（草稿（未清算））" : "");
        Write(scheme, title, statement.Lines.Concat(statement.Adjustments).ToList(), statement.Parties, statement.Pairs, statement, output);
    }

    /// <summary>The ledger of a year: every line posted into it, postings and reversals, in order of posting.</summary>
    public static void WriteLedger(Scheme scheme, int year, IReadOnlyList<LedgerLine> postedInYear, Stream output)
    {
        var title = $"{year}年度流域横向生态保护补偿台账";
        var ordered = postedInYear.OrderBy(l => l.Sequence).ToList();
        Write(scheme, title, ordered, YearlySettlement.PartyTotals(scheme, ordered), YearlySettlement.PairTotals(scheme, ordered), null, output);
    }

    private static void Write(Scheme scheme, string title, IReadOnlyList<LedgerLine> lines, IReadOnlyList<PartyTotal> parties,
        IReadOnlyList<PairTotal> pairs, SettlementStatement? statement, Stream output)
    {
        using var book = new XlsxWriter(output);
        // R-EXT-1: with quantity lines, each river sheet gets its own columns after the note (purpose, flow, base flow), so
        // that the columns the formulas read keep their letters; without them the workbook is as before.
        var quantity = lines.Any(l => l.IsQuantity);
        var riverSheets = new List<(RiverId River, string Sheet)>();
        // What each party receives and pays on each river sheet, in sheet order: the sheets its summary formulas read.
        var receives = new Dictionary<PartyId, List<(string Sheet, long Fen)>>();
        var pays = new Dictionary<PartyId, List<(string Sheet, long Fen)>>();
        var byRiver = lines.GroupBy(l => l.River).ToDictionary(g => g.Key, g => g.ToList());
        void Take(Dictionary<PartyId, List<(string Sheet, long Fen)>> byParty, string sheet, IEnumerable<LedgerLine> riverLines, Func<LedgerLine, PartyId?> party)
        {
            foreach (var g in riverLines.Where(l => party(l) is not null).GroupBy(l => party(l)!.Value))
                (byParty.TryGetValue(g.Key, out var list) ? list : byParty[g.Key] = []).Add((sheet, g.Sum(l => l.SignedAmount.Value)));
        }
        var ordered = scheme.RiverOrder();
        var known = ordered.ToHashSet();
        foreach (var riverId in ordered.Where(byRiver.ContainsKey).Concat(byRiver.Keys.Where(r => !known.Contains(r))))
        {
            var name = RiverName(scheme, riverId);
            var sheet = book.AddSheet(name ?? riverId.Value, frozenRows: 2, quantity ? [.. LineWidths, .. QuantityWidths] : LineWidths);
            riverSheets.Add((riverId, sheet.Name));
            Take(receives, sheet.Name, byRiver[riverId], l => l.Payee);
            Take(pays, sheet.Name, byRiver[riverId], l => l.Payer);
            sheet.Row(new XlsxCell($"{title} — {name ?? riverId.Value}（{riverId}）", CellStyle.Title));
            sheet.Merge(quantity ? "A1:S1" : "A1:P1");
            sheet.Row((quantity ? LineHeader.Concat(QuantityHeader) : LineHeader).Select(h => new XlsxCell(h, CellStyle.Header)).ToArray());
            var first = sheet.RowNumber + 1;
            foreach (var l in byRiver[riverId])
            {
                var r = sheet.RowNumber + 1;
                XlsxCell[] cells =
                [
                    new XlsxCell((decimal)l.Sequence), KindName(l), l.River.Value, l.Section.Value,
                    scheme.HasSection(l.Section) ? scheme.Section(l.Section).Name : "", l.Month.ToString(),
                    l.Baseline?.Display ?? "", l.Result?.Display ?? "", l.Rule,
                    l.Payer?.Value ?? "", PartyName(scheme, l.Payer), l.Payee?.Value ?? "", PartyName(scheme, l.Payee),
                    XlsxCell.Yuan(l.SignedAmount.Yuan), XlsxCell.Wan(l.SignedAmount.Wan, $"{AmountCol}{r}/10000"), Wording.NoteWording.Chinese(l),
                    .. quantity ? QuantityCells(l) : [],
                ];
                sheet.Row(cells);
            }
            var last = sheet.RowNumber;
            var sum = new Fen(byRiver[riverId].Sum(l => l.SignedAmount.Value));
            var t = sheet.RowNumber + 1;
            XlsxCell[] total =
            [
                new(Total, CellStyle.TotalText), .. Enumerable.Repeat(new XlsxCell(null, CellStyle.TotalText), 12),
                new(sum.Yuan, CellStyle.TotalYuan, last >= first ? $"SUM({AmountCol}{first}:{AmountCol}{last})" : "0"),
                new(sum.Wan, CellStyle.TotalWan, $"{AmountCol}{t}/10000"),
            ];
            sheet.Row(total);
        }

        // Per party: receivable and payable are SUMIFs over the river sheets where it receives (pays), the net their
        // difference. A SUMIF over every river sheet made each cell's formula as long as the river list: on a national
        // registry (2,858 rivers) 120 KB a cell, past Excel's longest formula, and most of a gigabyte a workbook. A party on
        // more sheets than one formula holds (the municipal treasury at every river's head and tail) has its SUMIFs in
        // parts right of the table (分项), and its cell adds the parts.
        var partyRows = new List<XlsxCell[]>();
        var r0 = 3; // the title and the header come first
        foreach (var p in parties)
        {
            var r = r0 + partyRows.Count;
            var extra = new List<XlsxCell>();
            XlsxCell SumOver(Fen value, string criteriaCol, List<(string Sheet, long Fen)>? sheets)
            {
                var terms = (sheets ?? []).Select(x => (Formula: $"SUMIF({XlsxWriter.Ref(x.Sheet, $"${criteriaCol}:${criteriaCol}")},$A{r},{XlsxWriter.Ref(x.Sheet, $"${AmountCol}:${AmountCol}")})", x.Fen)).ToList();
                var parts = FormulaParts(terms);
                if (parts.Count <= 1) return XlsxCell.Yuan(value.Yuan, parts.Count == 0 ? "0" : parts[0].Formula);
                var refs = new List<string>();
                foreach (var (formula, fen) in parts)
                {
                    refs.Add($"{Workbook.ColumnLetters(PartsColumn + extra.Count)}{r}");
                    extra.Add(XlsxCell.Yuan(new Fen(fen).Yuan, formula));
                }
                return XlsxCell.Yuan(value.Yuan, string.Join("+", refs));
            }
            var receivable = SumOver(p.Receivable, PayeeCol, receives.GetValueOrDefault(p.Party));
            var payable = SumOver(p.Payable, PayerCol, pays.GetValueOrDefault(p.Party));
            XlsxCell[] cells = [p.Party.Value, PartyName(scheme, p.Party), receivable, payable, XlsxCell.Yuan(p.Net.Yuan, $"C{r}-D{r}"), XlsxCell.Wan(p.Net.Wan, $"E{r}/10000")];
            partyRows.Add(extra.Count == 0 ? cells : [.. cells, new XlsxCell(null), .. extra]);
        }
        var partsWidth = partyRows.Count == 0 ? 0 : partyRows.Max(c => c.Length) - PartsColumn;
        var summary = book.AddSheet(SummarySheet, frozenRows: 2, [14, 18, 20, 20, 20, 18, .. Enumerable.Repeat(2.0, partsWidth > 0 ? 1 : 0), .. Enumerable.Repeat(18.0, Math.Max(0, partsWidth))], first: true);
        summary.Row(new XlsxCell(title + " — 各方汇总", CellStyle.Title));
        summary.Merge("A1:F1");
        summary.Row([new XlsxCell("区县编码", CellStyle.Header), new XlsxCell("名称", CellStyle.Header), new XlsxCell("应收（元）", CellStyle.Header),
            new XlsxCell("应付（元）", CellStyle.Header), new XlsxCell("净额（元）", CellStyle.Header), new XlsxCell("净额（万元）", CellStyle.Header),
            .. partsWidth > 0 ? [new XlsxCell(null), .. Enumerable.Repeat(new XlsxCell("分项（元）", CellStyle.Header), partsWidth)] : Array.Empty<XlsxCell>()]);
        var firstParty = summary.RowNumber + 1;
        if (firstParty != r0) throw new InvalidOperationException($"the summary's first party row is {firstParty}, its formulas were made for row {r0}");
        foreach (var cells in partyRows) summary.Row(cells);
        var lastParty = summary.RowNumber;
        TotalRow(summary, firstParty, lastParty, ["C", "D", "E"], [Sum(parties, p => p.Receivable), Sum(parties, p => p.Payable), Sum(parties, p => p.Net)], "F", wanSource: 2);

        // Per pair and river (R-SET-2): gross both ways and the net in the direction of the net, as SUMIFS over the river sheet.
        var pairSheet = book.AddSheet(PairsSheet, frozenRows: 2, [10, 12, 14, 12, 14, 20, 20, 18]);
        pairSheet.Row(new XlsxCell(title + " — 收付对", CellStyle.Title));
        pairSheet.Merge("A1:H1");
        pairSheet.Row(new[] { "河流", "付款方", "付款方名称", "收款方", "收款方名称", "往来总额（元）", "净额（元）", "净额（万元）" }.Select(h => new XlsxCell(h, CellStyle.Header)).ToArray());
        var sheetOf = riverSheets.ToDictionary(x => x.River, x => x.Sheet);
        foreach (var p in pairs)
        {
            var r = pairSheet.RowNumber + 1;
            string Flow(string from, string to) => sheetOf.TryGetValue(p.River, out var s)
                ? $"SUMIFS({XlsxWriter.Ref(s, $"${AmountCol}:${AmountCol}")},{XlsxWriter.Ref(s, $"${PayerCol}:${PayerCol}")},{from}{r},{XlsxWriter.Ref(s, $"${PayeeCol}:${PayeeCol}")},{to}{r})"
                : "0";
            pairSheet.Row(p.River.Value, p.Payer.Value, PartyName(scheme, p.Payer), p.Payee.Value, PartyName(scheme, p.Payee),
                XlsxCell.Yuan(p.Gross.Yuan, $"{Flow("B", "D")}+{Flow("D", "B")}"), XlsxCell.Yuan(p.Net.Yuan, $"{Flow("B", "D")}-{Flow("D", "B")}"),
                XlsxCell.Wan(p.Net.Wan, $"G{r}/10000"));
        }

        if (statement is { Fund.Count: > 0 })
        {
            var fund = book.AddSheet(FundSheet, frozenRows: 2, [12, 14, 10, 16, 10, 20, 18]);
            fund.Row(new XlsxCell(title + " — 流域补偿基金（R-FUND-1）", CellStyle.Title));
            fund.Merge("A1:G1");
            fund.Row(new[] { "区县编码", "名称", "河流", "河流名称", "月数", "金额（元）", "金额（万元）" }.Select(h => new XlsxCell(h, CellStyle.Header)).ToArray());
            var f0 = fund.RowNumber + 1;
            foreach (var f in statement.Fund)
            {
                var r = fund.RowNumber + 1;
                fund.Row(f.Party.Value, PartyName(scheme, f.Party), f.River.Value, RiverName(scheme, f.River) ?? "",
                    new XlsxCell((decimal)f.Months), XlsxCell.Yuan(f.Amount.Yuan), XlsxCell.Wan(f.Amount.Wan, $"F{r}/10000"));
            }
            TotalRow(fund, f0, fund.RowNumber, ["F"], [Sum(statement.Fund, f => f.Amount)], "G", wanSource: 0);
        }
        if (statement is { Penalties.Count: > 0 })
        {
            var pen = book.AddSheet(PenaltySheet, frozenRows: 2, [12, 14, 12, 14, 18, 18, 18, 18, 12]);
            pen.Row(new XlsxCell(title + " — 逾期罚息（R-PEN-1）", CellStyle.Title));
            pen.Merge("A1:I1");
            pen.Row(new[] { "付款方", "付款方名称", "收款方", "收款方名称", "应付（元）", "已付（元）", "逾期（元）", "罚息（元）", "截止日期" }.Select(h => new XlsxCell(h, CellStyle.Header)).ToArray());
            foreach (var p in statement.Penalties)
            {
                var r = pen.RowNumber + 1;
                pen.Row(p.Payer.Value, PartyName(scheme, p.Payer), p.Payee.Value, PartyName(scheme, p.Payee), XlsxCell.Yuan(p.Owed.Yuan), XlsxCell.Yuan(p.Paid.Yuan),
                    XlsxCell.Yuan(p.Overdue.Yuan), XlsxCell.Yuan(p.PenaltyAmount.Yuan), p.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
    }

    private static Fen Sum<T>(IEnumerable<T> items, Func<T, Fen> f) => new(items.Sum(x => f(x).Value));

    /// <summary>Excel's longest formula, in characters.</summary>
    public const int FormulaLimit = 8_192;

    /// <summary>The 0-based column of a party's first part (H: G stays empty between the table and its parts).</summary>
    private const int PartsColumn = 7;

    /// <summary>
    /// SUMIF terms joined by "+" into as few formulas as keep within <see cref="FormulaLimit"/>, in order, each with the
    /// sum of its terms' values (its cached result).
    /// </summary>
    internal static List<(string Formula, long Fen)> FormulaParts(IReadOnlyList<(string Formula, long Fen)> terms)
    {
        var parts = new List<(string, long)>();
        var text = new System.Text.StringBuilder();
        long fen = 0;
        foreach (var (formula, value) in terms)
        {
            // The limit counts the formula as Excel shows it, with its leading "=".
            if (text.Length > 0 && 1 + text.Length + 1 + formula.Length > FormulaLimit)
            {
                parts.Add((text.ToString(), fen));
                text.Clear();
                fen = 0;
            }
            if (text.Length > 0) text.Append('+');
            text.Append(formula);
            fen += value;
        }
        if (text.Length > 0) parts.Add((text.ToString(), fen));
        return parts;
    }

    /// <summary>A 合计 row: SUM formulas over the columns, and in <paramref name="wanColumn"/> the 万元 of column number <paramref name="wanSource"/>.</summary>
    private static void TotalRow(XlsxWriter.SheetWriter sheet, int first, int last, string[] columns, Fen[] sums, string wanColumn, int wanSource)
    {
        var r = sheet.RowNumber + 1;
        var cells = new XlsxCell[Workbook.ColumnIndex(wanColumn) + 1];
        for (var i = 0; i < cells.Length; i++) cells[i] = new XlsxCell(null, CellStyle.TotalText);
        cells[0] = new XlsxCell(Total, CellStyle.TotalText);
        for (var i = 0; i < columns.Length; i++)
            cells[Workbook.ColumnIndex(columns[i])] = new XlsxCell(sums[i].Yuan, CellStyle.TotalYuan, last >= first ? $"SUM({columns[i]}{first}:{columns[i]}{last})" : "0");
        cells[^1] = new XlsxCell(sums[wanSource].Wan, CellStyle.TotalWan, $"{columns[wanSource]}{r}/10000");
        sheet.Row(cells);
    }

    private static string KindName(LedgerLine l) =>
        (l.IsAdjustment ? "跨年调整·" : "") + (l.Kind == LedgerLineKind.Reversal ? "冲销" : "记账");

    // R-EXT-1: the quantity columns of a river sheet (Q, R, S).
    private static readonly string[] QuantityHeader = ["补偿要素", "月最小日均流量（立方米每秒）", "生态基流（立方米每秒）"];
    private static readonly double[] QuantityWidths = [10, 16, 16];

    private static XlsxCell[] QuantityCells(LedgerLine l) => l.IsQuantity
        ? [new XlsxCell("水量"), l.Flow is { } f ? new XlsxCell(Domain.QuantityRule.Canonical(f)) : new XlsxCell("无流量数据"), new XlsxCell(l.FlowTarget is { } t ? Domain.QuantityRule.Canonical(t) : "")]
        : [new XlsxCell("水质"), new XlsxCell(""), new XlsxCell("")];

    private static string? RiverName(Scheme scheme, RiverId id) => scheme.HasRiver(id) ? scheme.River(id).Name : null;

    private static string PartyName(Scheme scheme, PartyId? id) =>
        id is { } p && scheme.HasParty(p) ? scheme.Party(p).Name : "";

    /// <summary>Reads a workbook written by this class back: the lines of the river sheets, the summary and the pairs.</summary>
    public static WorkbookContent Read(string path)
    {
        using var book = Workbook.Open(path);
        var errors = new List<InputError>();
        var lines = new List<WorkbookLine>();
        var parties = new List<PartyTotal>();
        var pairs = new List<PairTotal>();
        foreach (var sheet in book.SheetNames)
        {
            if (sheet is FundSheet or PenaltySheet) continue;
            if (sheet == SummarySheet)
            {
                foreach (var row in SheetTable.Read(book, sheet, PartyColumns).Rows.Where(r => r["party"] != Total))
                    parties.Add(new PartyTotal(new PartyId(row["party"]), Money(row, "receivable", errors), Money(row, "payable", errors)));
                continue;
            }
            if (sheet == PairsSheet)
            {
                foreach (var row in SheetTable.Read(book, sheet, PairColumns).Rows)
                    pairs.Add(new PairTotal(new RiverId(row["river"]), new PartyId(row["payer"]), new PartyId(row["payee"]), Money(row, "gross", errors), Money(row, "net", errors)));
                continue;
            }
            foreach (var row in SheetTable.Read(book, sheet, LineColumns).Rows.Where(r => r["sequence"] != Total))
            {
                if (!long.TryParse(row["sequence"], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) { errors.Add(row.Error("sequence", ErrorCodes.SequenceInvalid, ("value", row["sequence"]))); continue; }
                if (!YearMonth.TryParse(row["month"], out var month)) { errors.Add(row.Error("month", ErrorCodes.MonthInvalid, ("value", row["month"]))); continue; }
                lines.Add(new WorkbookLine(seq, row["kind"], new RiverId(row["river"]), new SectionId(row["section"]), month.Value,
                    Class(row["baseline"]), Class(row["result"]), row["rule"], Party(row["payer"]), Party(row["payee"]), Money(row, "amount", errors)));
            }
        }
        if (errors.Count > 0) throw new InputException(errors);
        return new WorkbookContent(lines, parties, pairs);
    }

    private static WaterClass? Class(string text) => WaterClass.TryParse(text, out var c) ? c : null;
    private static PartyId? Party(string text) => text.Length == 0 ? null : new PartyId(text);

    private static Fen Money(CsvRow row, string key, List<InputError> errors)
    {
        if (Fen.TryParseYuan(row[key], out var f)) return f;
        // Cached results of formulas are doubles; an amount in yuan has at most two decimals.
        if (double.TryParse(row[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) < 1e13)
            return new Fen((long)Math.Round(d * 100, MidpointRounding.AwayFromZero));
        errors.Add(row.Error(key, ErrorCodes.AmountInvalid, ("value", row[key])));
        return Fen.Zero;
    }
}
