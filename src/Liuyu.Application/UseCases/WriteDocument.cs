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
    /// <returns>
    /// Whether the document is a draft (R-SET-1): a settlement statement of a year not cleared on its current digest.
    /// False for the ledger workbook and the bulletin.
    /// </returns>
    /// <remarks>
    /// The scheme is read without its monthly results (no document shows one that is not on its line), and a statement
    /// is settled once: the draft flag is read from the statement the document was written from (a download settled
    /// the year twice and read every result twice).
    /// </remarks>
    public static bool Run(ILiuyuStore store, DocumentKind kind, int year, int? month, Stream output, DateOnly printedOn)
    {
        switch (kind)
        {
            case DocumentKind.LedgerWorkbook:
                var lines = store.PostedIn(year);
                if (lines.Count == 0) throw NothingPosted(year, null);
                StatementWorkbook.WriteLedger(store.LoadSchemeWithoutResults(), year, lines, output);
                return false;
            case DocumentKind.SettlementWorkbook or DocumentKind.SettlementPdf:
            {
                var (scheme, statement) = store.LoadAndSettle(year);
                if (statement.Lines.Count == 0 && statement.Adjustments.Count == 0) throw NothingPosted(year, null);
                // R-SET-1: until the Finance Bureau clears the year, its statement is a draft, and says so on every page.
                var draft = IsDraft(store, scheme, statement);
                if (kind == DocumentKind.SettlementWorkbook) StatementWorkbook.WriteSettlement(scheme, statement, output, draft);
                else
                {
                    var head = store.HeadOfYear(year);
                    SettlementPdf.Write(scheme, statement, output, printedOn, head is null ? null : (head.LastSequence, head.Head), draft);
                }
                return draft;
            }
            case DocumentKind.BulletinPdf:
            {
                var ym = new YearMonth(year, month ?? throw new ArgumentNullException(nameof(month)));
                var (scheme, statement) = store.LoadAndSettle(year);
                var monthLines = statement.Lines.Where(l => l.Month == ym).ToList();
                if (monthLines.Count == 0) throw NothingPosted(year, month);
                BulletinPdf.Write(scheme, ym, monthLines, output, printedOn);
                return false;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static bool IsDraft(ILiuyuStore store, Scheme scheme, Domain.Settlement.SettlementStatement statement) =>
        !Domain.Settlement.SettlementWorkflow.Progress(scheme, statement, store.SettlementSteps(statement.Year)).Cleared;

    /// <summary>The refusal of a document asked for a period without ledger lines.</summary>
    public static Data.Csv.InputException NothingPosted(int year, int? month) => month is { } m
        ? new(new Data.Csv.InputError("--month", null, null, Data.Csv.ErrorCodes.MonthNoLinesReport, ("month", new YearMonth(year, m)), ("year", year), ("monthNumber", m)))
        : new(new Data.Csv.InputError("--year", null, null, Data.Csv.ErrorCodes.YearNoLinesExport, ("year", year)));
}
