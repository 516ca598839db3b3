using Liuyu.Data.Csv;
using Liuyu.Data.Statements;
using Liuyu.Domain;
using Liuyu.Reports;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Downloads;

/// <summary>
/// The files the bureaus exchange, as downloads (the same writers as <c>liuyu export</c> and <c>liuyu report</c>):
/// the ledger and the settlement statement as .xlsx, the settlement statement 《YYYY年度…清算表》 and the monthly
/// bulletin 《YYYY年M月…核算通报》 as PDF. Every signed-in user may download what the settlement page shows.
/// </summary>
public static class DownloadEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapDownloads(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/files").WithTags("Downloads").RequireAuthorization();
        g.MapGet("/{year:int}/ledger.xlsx", (int year, StoreAccess store) => File(year, store, Xlsx, $"liuyu-ledger-{year}.xlsx", (s, scheme, stream) =>
        {
            var lines = s.PostedIn(year);
            if (lines.Count == 0) return false;
            StatementWorkbook.WriteLedger(scheme, year, lines, stream);
            return true;
        }));
        g.MapGet("/{year:int}/settlement.xlsx", (int year, StoreAccess store) => File(year, store, Xlsx, $"liuyu-settlement-{year}.xlsx", (s, scheme, stream) =>
        {
            var statement = s.Settle(scheme, year);
            if (statement.Lines.Count == 0 && statement.Adjustments.Count == 0) return false;
            StatementWorkbook.WriteSettlement(scheme, statement, stream);
            return true;
        }));
        g.MapGet("/{year:int}/settlement.pdf", (int year, StoreAccess store, TimeProvider clock) => File(year, store, "application/pdf", $"liuyu-settlement-{year}.pdf", (s, scheme, stream) =>
        {
            var statement = s.Settle(scheme, year);
            if (statement.Lines.Count == 0 && statement.Adjustments.Count == 0) return false;
            CjkFont.Use();
            SettlementPdf.Write(scheme, statement, stream, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
            return true;
        }));
        g.MapGet("/{year:int}/{month:int}/bulletin.pdf", (int year, int month, StoreAccess store, TimeProvider clock) =>
            month is < 1 or > 12
                ? Problem.Invalid("month", ErrorCodes.MonthNumberInvalid, ("value", month))
                : File(year, store, "application/pdf", $"liuyu-bulletin-{year}-{month:00}.pdf", (s, scheme, stream) =>
                {
                    var ym = new YearMonth(year, month);
                    var lines = s.Settle(scheme, year).Lines.Where(l => l.Month == ym).ToList();
                    if (lines.Count == 0) return false;
                    CjkFont.Use();
                    BulletinPdf.Write(scheme, ym, lines, stream, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
                    return true;
                }));
    }

    /// <summary>Writes the file in memory (so that an error never sends half a file) and returns it, or a problem.</summary>
    private static IResult File(int year, StoreAccess store, string contentType, string name, Func<Storage.LiuyuStore, Domain.Scheme, Stream, bool> write)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        try
        {
            var (written, bytes) = store.Read(s =>
            {
                using var ms = new MemoryStream();
                var ok = write(s, s.LoadScheme(), ms);
                return (ok, ms.ToArray());
            });
            return written ? TypedResults.File(bytes, contentType, name) : Problem.NotFound(ErrorCodes.YearNoLinesDocument, ("year", year));
        }
        catch (InputException e)
        {
            // e.g. the CJK font is not installed on the server: say so rather than fail with a 500.
            return Problem.Rejected(e);
        }
    }
}
