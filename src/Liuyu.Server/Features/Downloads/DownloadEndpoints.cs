using Liuyu.Application.UseCases;
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
        g.MapGet("/{year:int}/ledger.xlsx", (int year, StoreAccess store, TimeProvider clock) =>
            File(year, null, store, clock, Xlsx, _ => $"{year}年度台账.xlsx", DocumentKind.LedgerWorkbook));
        g.MapGet("/{year:int}/settlement.xlsx", (int year, StoreAccess store, TimeProvider clock) =>
            File(year, null, store, clock, Xlsx, draft => $"{year}年度清算表{Draft(draft)}.xlsx", DocumentKind.SettlementWorkbook));
        g.MapGet("/{year:int}/settlement.pdf", (int year, StoreAccess store, TimeProvider clock) =>
            File(year, null, store, clock, "application/pdf", draft => $"{year}年度清算表{Draft(draft)}.pdf", DocumentKind.SettlementPdf));
        g.MapGet("/{year:int}/{month:int}/bulletin.pdf", (int year, int month, StoreAccess store, TimeProvider clock) =>
            month is < 1 or > 12
                ? Problem.Invalid("month", ErrorCodes.MonthNumberInvalid, ("value", month))
                : File(year, month, store, clock, "application/pdf", _ => $"{year}年{month}月核算通报.pdf", DocumentKind.BulletinPdf));
    }

    /// <summary>The statement of a year not cleared is a draft, in its name as on its pages (R-SET-1).</summary>
    private static string Draft(bool draft) => draft ? "（草稿）" : "";

    /// <summary>Writes the file in memory (so that an error never sends half a file) and returns it, or a problem.</summary>
    private static IResult File(int year, int? month, StoreAccess store, TimeProvider clock, string contentType, Func<bool, string> name, DocumentKind kind)
    {
        if (year is < 1900 or > 9999) return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", year));
        try
        {
            if (kind is DocumentKind.SettlementPdf or DocumentKind.BulletinPdf) CjkFont.Use();
            var (bytes, draft) = store.Read(s =>
            {
                using var ms = new MemoryStream();
                var draft = WriteDocument.Run(s, kind, year, month, ms, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
                return (ms.ToArray(), draft);
            });
            return TypedResults.File(bytes, contentType, name(draft));
        }
        catch (InputException e) when (e.Errors is [{ File: "--year" or "--month" }])
        {
            return Problem.NotFound(ErrorCodes.YearNoLinesDocument, ("year", year));
        }
        catch (InputException e)
        {
            // e.g. the CJK font is not installed on the server: say so rather than fail with a 500.
            return Problem.Rejected(e);
        }
    }
}
