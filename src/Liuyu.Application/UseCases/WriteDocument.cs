using Liuyu.Data.Statements;
using Liuyu.Domain;
using Liuyu.Reports;

namespace Liuyu.Application.UseCases;

/// <summary>The documents Liuyu writes for a year (or a month of it).</summary>
public enum DocumentKind
{
    /// <summary>The ledger workbook: every line posted into the year.</summary>
    LedgerWorkbook,
    /// <summary>The settlement statement workbook (清算表).</summary>
    SettlementWorkbook,
    /// <summary>《YYYY年度市内流域横向生态保护补偿资金清算表》, A4 PDF with the chain head of the year.</summary>
    SettlementPdf,
    /// <summary>《YYYY年M月流域横向生态保护补偿核算通报》, A4 PDF.</summary>
    BulletinPdf,
}

/// <summary>
/// Writes a document to a stream: the same use case for the CLI (<c>liuyu export</c>, <c>liuyu report</c>) and the
/// server's downloads. A year (or month) without ledger lines is refused with <c>nothing-posted</c>, naming it.
/// </summary>
public static class WriteDocument
{
    public static void Run(ILiuyuStore store, DocumentKind kind, int year, int? month, Stream output, DateOnly printedOn)
    {
        var scheme = store.LoadScheme();
        switch (kind)
        {
            case DocumentKind.LedgerWorkbook:
                var lines = store.PostedIn(year);
                if (lines.Count == 0) throw NothingPosted(year, null);
                StatementWorkbook.WriteLedger(scheme, year, lines, output);
                break;
            case DocumentKind.SettlementWorkbook or DocumentKind.SettlementPdf:
                var statement = store.Settle(scheme, year);
                if (statement.Lines.Count == 0 && statement.Adjustments.Count == 0) throw NothingPosted(year, null);
                // R-SET-1: until the Finance Bureau clears the year, its statement is a draft, and says so on every page.
                var draft = IsDraft(store, scheme, statement);
                if (kind == DocumentKind.SettlementWorkbook) StatementWorkbook.WriteSettlement(scheme, statement, output, draft);
                else
                {
                    var head = store.HeadOfYear(year);
                    SettlementPdf.Write(scheme, statement, output, printedOn, head is null ? null : (head.LastSequence, head.Head), draft);
                }
                break;
            case DocumentKind.BulletinPdf:
                var ym = new YearMonth(year, month ?? throw new ArgumentNullException(nameof(month)));
                var monthLines = store.Settle(scheme, year).Lines.Where(l => l.Month == ym).ToList();
                if (monthLines.Count == 0) throw NothingPosted(year, month);
                BulletinPdf.Write(scheme, ym, monthLines, output, printedOn);
                break;
        }
    }

    /// <summary>A statement is a draft until the year is cleared on its current digest (a cleared year whose statement changed is a draft again).</summary>
    public static bool IsDraft(ILiuyuStore store, int year)
    {
        var scheme = store.LoadScheme();
        return IsDraft(store, scheme, store.Settle(scheme, year));
    }

    private static bool IsDraft(ILiuyuStore store, Scheme scheme, Domain.Settlement.SettlementStatement statement) =>
        !Domain.Settlement.SettlementWorkflow.Progress(scheme, statement, store.SettlementSteps(statement.Year)).Cleared;

    /// <summary>The refusal of a document asked for a period without ledger lines.</summary>
    public static Data.Csv.InputException NothingPosted(int year, int? month) => month is { } m
        ? new(new Data.Csv.InputError("--month", null, null, Data.Csv.ErrorCodes.MonthNoLinesReport, ("month", new YearMonth(year, m)), ("year", year), ("monthNumber", m)))
        : new(new Data.Csv.InputError("--year", null, null, Data.Csv.ErrorCodes.YearNoLinesExport, ("year", year)));
}
