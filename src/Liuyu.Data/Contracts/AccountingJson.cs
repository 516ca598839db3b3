using System.Text.Encodings.Web;
using System.Text.Json;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;

namespace Liuyu.Data.Contracts;

/// <summary>
/// The accounting JSON of formats.md: year, lines (one per section per month), pairs, parties, fund, penalties.
/// Amounts are yuan numbers with two decimals; classes are exchange codes (I … 劣V) or null.
/// </summary>
public static class AccountingJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Stream stream, SettlementStatement s) => Write(stream, s, null);

    /// <param name="chainHead">
    /// For <c>liuyu settle --json</c>: the year's ledger chain head and the sequence of its last line, written as
    /// <c>chain_head</c> {sequence, hash} after the contract's fields. <c>account --json</c> passes none and keeps the
    /// contract of formats.md exactly.
    /// </param>
    public static void Write(Stream stream, SettlementStatement s, (long Sequence, string Hash)? chainHead) =>
        Write(stream, s, chainHead, parallelism: null, run: 256);

    /// <summary>
    /// The statement with its lines written in runs of <paramref name="run"/> on <paramref name="parallelism"/> threads
    /// (<see cref="JsonItems"/>): the same bytes whatever the two are (tests compare them).
    /// </summary>
    internal static void Write(Stream stream, SettlementStatement s, (long Sequence, string Hash)? chainHead, int? parallelism, int run)
    {
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        w.WriteNumber("year", s.Year);
        w.WriteStartArray("lines");
        // Streamed, and on every core: a national year is 240,000 lines, tens of megabytes.
        JsonItems.Write(w, WriterOptions, depth: 2, s.Lines.Count, (writer, i) =>
        {
            WriteLine(writer, s.Lines[i]);
            return true;
        }, parallelism, run);
        w.WriteEndArray();
        w.WriteStartArray("pairs");
        foreach (var p in s.Pairs)
        {
            w.WriteStartObject();
            w.WriteString("river", p.River.Value);
            w.WriteString("payer", p.Payer.Value);
            w.WriteString("payee", p.Payee.Value);
            w.WriteNumber("gross", p.Gross.Yuan);
            w.WriteNumber("net", p.Net.Yuan);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("parties");
        foreach (var p in s.Parties)
        {
            w.WriteStartObject();
            w.WriteString("party", p.Party.Value);
            w.WriteNumber("receivable", p.Receivable.Yuan);
            w.WriteNumber("payable", p.Payable.Yuan);
            w.WriteNumber("net", p.Net.Yuan);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("fund");
        foreach (var f in s.Fund)
        {
            w.WriteStartObject();
            w.WriteString("party", f.Party.Value);
            w.WriteString("river", f.River.Value);
            w.WriteNumber("months", f.Months);
            w.WriteNumber("amount", f.Amount.Yuan);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("penalties");
        foreach (var p in s.Penalties)
        {
            w.WriteStartObject();
            w.WriteString("payer", p.Payer.Value);
            w.WriteString("payee", p.Payee.Value);
            w.WriteNumber("overdue", p.Overdue.Yuan);
            w.WriteNumber("penalty", p.PenaltyAmount.Yuan);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (chainHead is { } head)
        {
            w.WriteStartObject("chain_head");
            w.WriteNumber("sequence", head.Sequence);
            w.WriteString("hash", head.Hash);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    public static string ToJson(SettlementStatement s, (long Sequence, string Hash)? chainHead = null)
    {
        using var ms = new MemoryStream();
        Write(ms, s, chainHead);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    // A national year writes 240,000 lines: their property names are encoded once, and the month is written from its
    // digits, with no text made per line (the bytes are those of YearMonth.ToString, YYYY-MM).
    private static readonly JsonEncodedText River = JsonEncodedText.Encode("river"), Section = JsonEncodedText.Encode("section"),
        Month = JsonEncodedText.Encode("month"), Purpose = JsonEncodedText.Encode("purpose"), Baseline = JsonEncodedText.Encode("baseline"),
        Result = JsonEncodedText.Encode("result"), Rule = JsonEncodedText.Encode("rule"), Payer = JsonEncodedText.Encode("payer"),
        Payee = JsonEncodedText.Encode("payee"), Amount = JsonEncodedText.Encode("amount"), Flow = JsonEncodedText.Encode("flow"),
        FlowTarget = JsonEncodedText.Encode("flow_target");

    private static void WriteLine(Utf8JsonWriter w, LedgerLine l)
    {
        w.WriteStartObject();
        w.WriteString(River, l.River.Value);
        w.WriteString(Section, l.Section.Value);
        w.WriteString(Month, MonthUtf8(l.Month, stackalloc byte[7]));
        // formats.md: a line without purpose is a water-quality line; a quantity line (R-EXT-1) says so and carries its flows.
        if (l.IsQuantity) w.WriteString(Purpose, l.Purpose);
        WriteNullable(w, Baseline, l.Baseline?.Code);
        WriteNullable(w, Result, l.Result?.Code);
        w.WriteString(Rule, l.Rule);
        WriteNullable(w, Payer, l.Payer?.Value);
        WriteNullable(w, Payee, l.Payee?.Value);
        w.WriteNumber(Amount, l.Amount.Yuan);
        if (l.IsQuantity)
        {
            if (l.Flow is { } flow) w.WriteNumber(Flow, flow / 1.000000000000000000000000000000000m);
            else w.WriteNull(Flow);
            if (l.FlowTarget is { } target) w.WriteNumber(FlowTarget, target / 1.000000000000000000000000000000000m);
            else w.WriteNull(FlowTarget);
        }
        w.WriteEndObject();
    }

    /// <summary>YYYY-MM in UTF-8, as <see cref="YearMonth.ToString"/> writes it (a month's year has four digits, 1900–9999).</summary>
    private static ReadOnlySpan<byte> MonthUtf8(YearMonth m, Span<byte> into)
    {
        var year = m.Year;
        for (var i = 3; i >= 0; i--, year /= 10) into[i] = (byte)('0' + year % 10);
        into[4] = (byte)'-';
        into[5] = (byte)('0' + m.Month / 10);
        into[6] = (byte)('0' + m.Month % 10);
        return into[..7];
    }

    private static void WriteNullable(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
