using System.Globalization;
using System.Text;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace Liuyu.Server.Features.Ledger;

/// <summary>
/// <c>GET /api/ledger/export?{the ledger's filters}&amp;format=csv|xlsx</c>: every line the filters match (R-LEDGER-1),
/// not a page, with the names of rivers, sections and parties beside their ids and the headers in the reader's
/// language (<c>lang=en|zh</c>, else Accept-Language, else Chinese). Read from the database as it is written: the
/// CSV goes out in chunks as the lines are read; the workbook is built in a temporary file (a zip cannot be sent
/// before it is finished) and then sent. Every text cell is neutralised against formula injection (<see cref="Neutralise"/>).
/// Whoever may read <c>/api/ledger</c> may export it, with the same filters.
/// </summary>
public static class LedgerExport
{
    /// <summary>Lines per CSV chunk: the memory an export holds, whatever its size.</summary>
    private const int ChunkLines = 2000;

    private static readonly string[] Keys =
    [
        "sequence", "kind", "posted_year", "adjustment", "reverses", "month", "river_id", "river", "section_id", "section", "rule",
        "payer_id", "payer", "payee_id", "payee", "amount_fen", "amount_yuan", "baseline", "result", "source", "note_code", "note",
        "exemption_reference", "policy_version",
    ];

    private static readonly string[] Chinese =
    [
        "序号", "类型", "清算年度", "跨年调整", "冲销行", "月份", "河流代码", "河流", "断面代码", "断面", "规则",
        "付款方代码", "付款方", "收款方代码", "收款方", "金额（分）", "金额（元）", "基准类别", "结果类别", "结果来源", "说明代码", "说明",
        "免除依据", "政策版本",
    ];

    private static readonly string[] English =
    [
        "Sequence", "Kind", "Settlement year", "Adjustment", "Reverses line", "Month", "River id", "River", "Section id", "Section", "Rule",
        "Payer id", "Payer", "Payee id", "Payee", "Amount (fen)", "Amount (yuan)", "Baseline class", "Result class", "Result source", "Note code", "Note",
        "Exemption reference", "Policy version",
    ];

    internal static async Task<Results<EmptyHttpResult, ValidationProblem>> Export(HttpContext http, StoreAccess store, string? river = null, string? party = null,
        string? from = null, string? to = null, string? rule = null, string? format = null, string? lang = null)
    {
        if (LedgerEndpoints.Query(river, party, from, to, rule) is not { } query) return LedgerEndpoints.Invalid(from, to);
        var xlsx = (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => false,
            "xlsx" => true,
            _ => (bool?)null,
        };
        if (xlsx is null) return Problem.Invalid("format", ErrorCodes.ExportFormatInvalid, ("value", format));
        var english = WantsEnglish(http, lang);
        var cancel = http.RequestAborted;
        var registry = store.Read(s => s.LoadRegistry());
        var names = new Names(
            registry.Rivers.ToDictionary(r => r.Id.Value, r => r.Name),
            registry.Sections.ToDictionary(s => s.Id.Value, s => s.Name),
            registry.Parties.ToDictionary(p => p.Id.Value, p => p.Name));
        var header = Keys.Zip(english ? English : Chinese).ToDictionary(k => k.First, k => (object?)k.Second);
        var rows = store.Read(s => s.StreamLedger(query)).Select(l => Row(l, names, english));

        var name = "ledger" + (query.From is { } f ? "-" + f : "") + (query.To is { } t ? "-" + t : "") + (xlsx.Value ? ".xlsx" : ".csv");
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name, FileName = name }.ToString();
        http.Response.Headers.CacheControl = "no-store";
        if (xlsx.Value)
        {
            http.Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"liuyu-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite,
                FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            // The header is the first row (so that an export with no lines still says what its columns are).
            await file.SaveAsAsync(Prepend(header, rows, cancel), printHeader: false, sheetName: english ? "Ledger" : "台账", excelType: ExcelType.XLSX,
                cancellationToken: cancel);
            file.Position = 0;
            http.Response.ContentLength = file.Length;
            await file.CopyToAsync(http.Response.Body, cancel);
        }
        else
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            // A byte-order mark, so that Excel opens the UTF-8 file with its Chinese names intact.
            await http.Response.Body.WriteAsync(Encoding.UTF8.GetPreamble(), cancel);
            var config = new CsvConfiguration { NewLine = "\r\n", StreamWriterFunc = s => new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true) };
            using var chunk = new MemoryStream();
            foreach (var batch in Prepend(header, rows, cancel).Chunk(ChunkLines))
            {
                chunk.SetLength(0);
                chunk.SaveAs(batch, printHeader: false, excelType: ExcelType.CSV, configuration: config);
                chunk.Position = 0;
                await chunk.CopyToAsync(http.Response.Body, cancel);
                await http.Response.Body.FlushAsync(cancel);
            }
        }
        return TypedResults.Empty;
    }

    private sealed record Names(Dictionary<string, string> Rivers, Dictionary<string, string> Sections, Dictionary<string, string> Parties);

    private static IEnumerable<Dictionary<string, object?>> Prepend(Dictionary<string, object?> header, IEnumerable<Dictionary<string, object?>> rows, CancellationToken cancel)
    {
        yield return header;
        foreach (var r in rows)
        {
            cancel.ThrowIfCancellationRequested();
            yield return r;
        }
    }

    /// <summary>English when asked for (<c>lang</c>), else when the browser prefers English to Chinese; Chinese otherwise.</summary>
    private static bool WantsEnglish(HttpContext http, string? lang)
    {
        if (lang is { Length: > 0 }) return lang.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var preferred = http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value ?? "")
            .FirstOrDefault(l => l.StartsWith("en", StringComparison.OrdinalIgnoreCase) || l.StartsWith("zh", StringComparison.OrdinalIgnoreCase));
        return preferred?.StartsWith("en", StringComparison.OrdinalIgnoreCase) ?? false;
    }

    private static Dictionary<string, object?> Row(LedgerLine l, Names names, bool english)
    {
        // A reversal takes its amount back: signed, so that the column adds up to what moved.
        var signedFen = l.Kind == LedgerLineKind.Reversal ? -l.Amount.Value : l.Amount.Value;
        string? Name(Dictionary<string, string> d, string? id) => id is null ? null : d.GetValueOrDefault(id);
        var values = new object?[]
        {
            l.Sequence,
            english ? (l.Kind == LedgerLineKind.Reversal ? "reversal" : "posting") : (l.Kind == LedgerLineKind.Reversal ? "冲销" : "记账"),
            l.PostedYear,
            l.IsAdjustment ? (english ? "yes" : "是") : "",
            l.Reverses,
            l.Month.ToString(),
            l.River.Value, Name(names.Rivers, l.River.Value),
            l.Section.Value, Name(names.Sections, l.Section.Value),
            l.Rule,
            l.Payer?.Value, Name(names.Parties, l.Payer?.Value),
            l.Payee?.Value, Name(names.Parties, l.Payee?.Value),
            signedFen,
            signedFen / 100m,
            l.Baseline?.Display,
            l.Result?.Display,
            l.Source?.ToString(),
            l.Note?.Code,
            NoteText(l.Note),
            l.ExemptionReference,
            l.PolicyVersion,
        };
        var row = new Dictionary<string, object?>(Keys.Length);
        for (var i = 0; i < Keys.Length; i++) row[Keys[i]] = values[i] is string s ? Neutralise(s) : values[i];
        return row;
    }

    /// <summary>
    /// The note's free text (a results note, an exemption's reason) when it has one, else its arguments as
    /// <c>name=value</c>: data, worded by nobody (the page words the code; the export keeps the code beside it).
    /// </summary>
    private static string? NoteText(LineNote? note) => note is null ? null
        : note.Args.TryGetValue("text", out var text) ? text
        : string.Join("; ", note.Args.Select(a => a.Key + "=" + a.Value));

    /// <summary>
    /// Formula injection (CSV injection): a spreadsheet runs a cell that begins with <c>=</c>, <c>+</c>, <c>-</c>,
    /// <c>@</c>, a tab or a carriage return as a formula, so a results note <c>=HYPERLINK(…)</c> or an exemption reason
    /// <c>=1+cmd|' /C calc'!A0</c> would act when finance staff open the export. Such a cell is prefixed with <c>'</c>,
    /// which the spreadsheet shows and does not run. A negative number (<c>-12.5</c>) is a number, not a formula, and is
    /// left as it is.
    /// </summary>
    public static string Neutralise(string cell)
    {
        if (cell.Length == 0) return cell;
        var dangerous = cell[0] switch
        {
            '=' or '+' or '@' or '\t' or '\r' => true,
            '-' => !decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
        return dangerous ? "'" + cell : cell;
    }
}
