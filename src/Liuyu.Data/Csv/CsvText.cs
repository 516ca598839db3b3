using System.Text;
using nietras.SeparatedValues;

namespace Liuyu.Data.Csv;

/// <summary>
/// CSV through Sep (nietras.SeparatedValues): Sep splits records and fields (RFC 4180 quoting, CRLF or LF, quoted line
/// breaks) over a buffer without a string per field; this class adds what a user's file needs on top: strict UTF-8 with
/// the offset of a bad byte, the rules for quotes the hand-written tokenizer had (a quote inside an unquoted field is an
/// error, an unclosed quote is an error), row numbers as a spreadsheet shows them, and the <see cref="ReadLimits"/>
/// checked row by row while reading.
/// </summary>
public static class CsvText
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Sep as this project reads CSV: comma, no header handling (ours resolves aliases), fields kept raw.</summary>
    internal static SepReaderOptions Options { get; } = Sep.New(',').Reader(o => o with
    {
        HasHeader = false,
        DisableColCountCheck = true,
        Unescape = false,
        Trim = SepTrim.None,
    });

    /// <summary>
    /// The line a record starts on, as a spreadsheet numbers rows (header 1). Sep 0.18 reports 2 for the first record
    /// when it reads without a header, so that one is taken as line 1, where it always starts.
    /// </summary>
    internal static int LineOf(SepReader.Row row) => row.RowIndex == 0 ? 1 : row.LineNumberFrom;

    /// <summary>Refuses a file larger than <see cref="ReadLimits.MaxFileBytes"/> before reading it.</summary>
    public static void CheckSize(string file, long bytes, ReadLimits limits)
    {
        if (bytes > limits.MaxFileBytes)
            throw new InputException(new InputError(file, null, null, ErrorCodes.FileBytesTooMany, ("bytes", bytes), ("limit", limits.MaxFileBytes)));
    }

    /// <summary>Decodes strict UTF-8 without the BOM; a bad byte is an error naming its offset and row.</summary>
    public static string Decode(string file, byte[] bytes)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(file, bytes.AsSpan(0, Math.Min(ex.Index, bytes.Length)), ex.Index);
        }
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>A reader over a file that throws on the first byte that is not UTF-8 (see <see cref="LocateBadByte"/>).</summary>
    /// <remarks>
    /// A UTF-8 BOM is skipped; any other BOM is not trusted (a UTF-16 file is refused as not UTF-8, as when read whole).
    /// </remarks>
    public static StreamReader OpenStrict(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), StrictUtf8WithBom,
            detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);

    private static readonly UTF8Encoding StrictUtf8WithBom = new(true, throwOnInvalidBytes: true);

    /// <summary>After a strict reader failed: the error naming the first invalid byte of the file and its row.</summary>
    public static InputException LocateBadByte(string file, string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        var chars = new char[1 << 16];
        var decoder = StrictUtf8.GetDecoder();
        long offset = 0;
        var row = 1;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            try
            {
                decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
            }
            catch (DecoderFallbackException ex)
            {
                var at = Math.Clamp(ex.Index, 0, read);
                row += buffer.AsSpan(0, at).Count((byte)'\n');
                return new InputException(new InputError(file, row, null, ErrorCodes.FileNotUtf8, ("offset", offset + at)));
            }
            row += buffer.AsSpan(0, read).Count((byte)'\n');
            offset += read;
        }
        return new InputException(new InputError(file, row, null, ErrorCodes.FileNotUtf8, ("offset", offset)));
    }

    private static InputException NotUtf8(string file, ReadOnlySpan<byte> before, long offset) =>
        new(new InputError(file, before.Count((byte)'\n') + 1, null, ErrorCodes.FileNotUtf8, ("offset", offset)));

    /// <summary>
    /// The records of CSV text (header first) as string fields with the row each starts on, the limits checked per row.
    /// </summary>
    public static IEnumerable<(int Row, string[] Fields)> Records(string file, string text, ReadLimits limits) =>
        Records(file, Options.FromText(text), limits);

    /// <summary>The records of CSV read from <paramref name="text"/> as it goes (see <see cref="OpenStrict"/>), as the text's overload gives them.</summary>
    public static IEnumerable<(int Row, string[] Fields)> Records(string file, TextReader text, ReadLimits limits) =>
        Records(file, Options.From(text), limits);

    private static IEnumerable<(int Row, string[] Fields)> Records(string file, SepReader sep, ReadLimits limits)
    {
        using var reader = sep;
        var records = 0;
        string[]? header = null;
        var pool = new TextPool();
        while (reader.MoveNext())
        {
            if (records++ > limits.MaxRows)
                throw new InputException(new InputError(file, LineOf(reader.Current), null, ErrorCodes.RowsTooMany, ("limit", limits.MaxRows)));
            // The caller went away or the time budget ran out (ReadLimits.Enter): stop reading.
            if ((records & 1023) == 0) ReadLimits.Token.ThrowIfCancellationRequested();
            var record = Take(file, reader, header, limits, pool);
            header ??= record.Fields;
            yield return record;
        }
    }

    private static (int Row, string[] Fields) Take(string file, SepReader reader, string[]? header, ReadLimits limits, TextPool pool)
    {
        var row = reader.Current;
        CheckColumns(file, row, header, limits);
        var fields = new string[row.ColCount];
        var newlines = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            var raw = row[i].Span;
            fields[i] = raw.Length <= TextPool.MaxChars && raw.Length <= limits.MaxCellChars && raw.IndexOf('"') < 0
                ? pool.Get(raw)
                : Field(file, raw, LineOf(row), newlines, ColumnName(header, i), limits);
            if (raw.Length > 0 && raw[0] == '"') newlines += raw.Count('\n');
        }
        return (LineOf(row), fields);
    }

    /// <summary>A row or header with more fields than <see cref="ReadLimits.MaxColumns"/> is refused with one error.</summary>
    internal static void CheckColumns(string file, SepReader.Row row, string[]? header, ReadLimits limits)
    {
        if (row.ColCount > limits.MaxColumns)
            throw new InputException(new InputError(file, LineOf(row), header is null ? null : ColumnName(header, limits.MaxColumns),
                ErrorCodes.ColumnsTooMany, ("count", row.ColCount), ("limit", limits.MaxColumns)));
    }

    internal static string? ColumnName(string[]? header, int index) =>
        header is not null && index < header.Length && header[index].Trim() is { Length: > 0 } h ? h : null;

    /// <summary>
    /// A field's text from its raw CSV form: as is when unquoted, else without the quotes and with doubled quotes undone.
    /// <paramref name="newlinesBefore"/> counts line breaks inside earlier quoted fields of the record, so an error names the
    /// line the quote is on.
    /// </summary>
    internal static string Field(string file, ReadOnlySpan<char> raw, int row, int newlinesBefore, string? column, ReadLimits limits)
    {
        if (raw.Length > limits.MaxCellChars && (raw.IndexOf('"') < 0 || Unquote(file, raw, row, newlinesBefore).Length > limits.MaxCellChars))
            throw new InputException(new InputError(file, row, column, ErrorCodes.CellTooLong, ("length", raw.Length), ("limit", limits.MaxCellChars)));
        return raw.IndexOf('"') < 0 ? new string(raw) : Unquote(file, raw, row, newlinesBefore);
    }

    /// <summary>RFC 4180 inside one field, exactly as the earlier tokenizer read it.</summary>
    internal static string Unquote(string file, ReadOnlySpan<char> raw, int row, int newlinesBefore)
    {
        var sb = new StringBuilder(raw.Length);
        var inQuotes = false;
        var started = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < raw.Length && raw[i + 1] == '"') { sb.Append('"'); i++; continue; }
                    inQuotes = false;
                    continue;
                }
                sb.Append(c);
                continue;
            }
            if (c == '"')
            {
                if (sb.Length == 0 && !started) { inQuotes = true; started = true; continue; }
                var line = row + newlinesBefore + raw[..i].Count('\n');
                throw new InputException(new InputError(file, line, null, ErrorCodes.QuoteInField));
            }
            sb.Append(c);
            started = true;
        }
        if (inQuotes) throw new InputException(new InputError(file, row, null, ErrorCodes.QuoteNotClosed));
        return sb.ToString();
    }
}
