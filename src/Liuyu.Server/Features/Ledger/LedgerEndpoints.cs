using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Ledger;

/// <summary>R-LEDGER-1: one ledger line as the pages show it. Classes are ordinals 1…6 (Ⅰ…劣Ⅴ); money in fen.</summary>
public sealed record LedgerLineView(
    long Sequence, string Kind, int PostedYear, bool IsAdjustment, long? Reverses, string River, string Section, string Month,
    string Rule, string? Payer, string? Payee, long AmountFen, int? Baseline, string? BaselineFrom, int? Result, string? Source,
    string? NoteCode, IReadOnlyDictionary<string, string>? NoteArgs, string? ExemptionReference, string PolicyVersion,
    string Purpose = "quality", decimal? Flow = null, decimal? FlowTarget = null, string? RuleFamily = null)
{
    /// <summary>The section's name, so that the page shows 示例·龙溪河1号交界断面 rather than DEMO-longxihe-1.</summary>
    public string? SectionName { get; init; }

    /// <summary>The note goes as a code with arguments (<see cref="LineNote"/>); the page words it in the reader's language.</summary>
    public static LedgerLineView Of(LedgerLine l) => new(l.Sequence, l.Kind.ToString(), l.PostedYear, l.IsAdjustment, l.Reverses,
        l.River.Value, l.Section.Value, l.Month.ToString(), l.Rule, l.Payer?.Value, l.Payee?.Value, l.Amount.Value,
        l.Baseline?.Ordinal, l.BaselineFrom?.Value, l.Result?.Ordinal, l.Source?.ToString(), l.Note?.Code, l.Note?.Args, l.ExemptionReference, l.PolicyVersion,
        l.Purpose, l.Flow, l.FlowTarget, l.RuleFamily);
}

public sealed record LedgerPage(int Total, int Offset, IReadOnlyList<LedgerLineView> Lines);

/// <summary>The append-only ledger (台账), filtered by river, party, period and rule.</summary>
public static class LedgerEndpoints
{
    public const int MaxLimit = 2000;

    public static void MapLedger(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ledger", List).WithTags("Ledger").RequireAuthorization().CachedPerStoreVersion();
        app.MapGet("/api/ledger/export", LedgerExport.Export).WithTags("Ledger").RequireAuthorization();
    }

    private static Results<Ok<LedgerPage>, ValidationProblem> List(StoreAccess store, string? river = null, string? party = null,
        string? from = null, string? to = null, string? rule = null, int offset = 0, int limit = 500)
    {
        if (Query(river, party, from, to, rule) is not { } query) return Invalid(from, to);
        if (limit is < 1 or > MaxLimit) return Problem.Invalid("limit", ErrorCodes.LimitOutOfRange, ("max", MaxLimit));
        if (offset < 0) return Problem.Invalid("offset", ErrorCodes.OffsetNegative);
        // Filtered, counted and paged in the database: a page of a national ledger never loads the year.
        var (total, lines, names) = store.Read(s =>
        {
            var (total, lines) = s.LedgerPage(query, offset, limit);
            // The names of the page's sections only (the registry of a national scheme is 20,000 sections and their targets).
            return (total, lines, s.SectionNames([.. lines.Select(l => l.Section)]));
        });
        return TypedResults.Ok(new LedgerPage(total, offset, [.. lines.Select(l => LedgerLineView.Of(l) with { SectionName = names.GetValueOrDefault(l.Section) })]));
    }

    /// <summary>The ledger's filters as the page and the export take them; null when a month is not one or the period runs backwards.</summary>
    internal static LedgerQuery? Query(string? river, string? party, string? from, string? to, string? rule)
    {
        YearMonth? f = null, t = null;
        if (from is { Length: > 0 }) { if (!YearMonth.TryParse(from, out f)) return null; }
        if (to is { Length: > 0 }) { if (!YearMonth.TryParse(to, out t)) return null; }
        if (f is { } a && t is { } b && a > b) return null;
        return new LedgerQuery(river is { Length: > 0 } ? new RiverId(river) : null, party is { Length: > 0 } ? new PartyId(party) : null, f, t,
            rule is { Length: > 0 } ? rule : null);
    }

    /// <summary>Why <see cref="Query"/> refused the filters, as the code the page words.</summary>
    internal static ValidationProblem Invalid(string? from, string? to)
    {
        if (from is { Length: > 0 } && !YearMonth.TryParse(from, out _)) return Problem.Invalid("from", ErrorCodes.MonthInvalid, ("value", from));
        if (to is { Length: > 0 } && !YearMonth.TryParse(to, out _)) return Problem.Invalid("to", ErrorCodes.MonthInvalid, ("value", to));
        return Problem.Invalid("to", ErrorCodes.PeriodReversed);
    }
}
