using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Liuyu.Data.Csv;

namespace Liuyu.Data.Spreadsheets;

/// <summary>
/// Streams the cells of an .xlsx workbook (SpreadsheetML in a zip) with an <see cref="XmlReader"/> per part, checking the
/// <see cref="ReadLimits"/> as it goes, so that a hostile workbook is refused before it costs time or memory:
/// <list type="bullet">
/// <item>each zip part's declared uncompressed size and compression ratio before it is opened, and the bytes actually
/// inflated while it streams (a header can lie);</item>
/// <item>the columns actually used, cell by cell, before a row is expanded into an array: a value in column XFD is
/// refused at that cell, whatever the sheet's declared dimension says;</item>
/// <item>rows per sheet, characters per cell, and the cancellation token (the caller left, or the time budget ran out)
/// at every row.</item>
/// </list>
/// Cells come as MiniExcel gave them before: shared and inline strings as text, numbers as <see cref="double"/>, numbers
/// in a date format as <see cref="DateTime"/>, booleans, and error values as their text (<c>#N/A</c>).
/// </summary>
internal sealed class XlsxReader : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly string _file;
    private readonly ReadLimits _limits;
    private readonly CancellationToken _cancel;
    private readonly Dictionary<string, string> _sheetParts;
    private readonly string? _sharedPart, _stylesPart;
    private List<string>? _shared;
    private HashSet<int>? _sharedTooLong;
    private HashSet<int>? _dateStyles;

    /// <summary>Bytes inflated so far from each part, for tests that show a refused part stopped early.</summary>
    public Dictionary<string, long> BytesRead { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> SheetNames { get; }

    public XlsxReader(string file, Stream stream, ReadLimits limits, CancellationToken cancel)
    {
        _file = file;
        _limits = limits;
        _cancel = cancel;
        _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        _entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in _zip.Entries)
        {
            Check(e);
            _entries.TryAdd(e.FullName.Replace('\\', '/').TrimStart('/'), e);
        }

        var rels = Relationships("xl/_rels/workbook.xml.rels", "xl/");
        var names = new List<string>();
        _sheetParts = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var r = Xml("xl/workbook.xml") ?? throw new InvalidDataException("the workbook part xl/workbook.xml is missing"))
            while (r.Read())
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet" && r.NamespaceURI == Main)
                {
                    var name = r.GetAttribute("name") ?? "";
                    var id = r.GetAttribute("id", RelationshipNs);
                    if (id is null || !rels.TryGetValue(id, out var rel) || !_sheetParts.TryAdd(name, rel.Target)) continue;
                    names.Add(name);
                }
        SheetNames = names;
        _sharedPart = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target ?? Existing("xl/sharedStrings.xml");
        _stylesPart = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target ?? Existing("xl/styles.xml");
    }

    private string? Existing(string part) => _entries.ContainsKey(part) ? part : null;

    /// <summary>The declared sizes, before anything is inflated.</summary>
    private void Check(ZipArchiveEntry e)
    {
        if (e.Length > _limits.MaxPartBytes) throw PartTooLarge(e.FullName);
        if (e.Length > _limits.RatioFloorBytes && e.Length > Math.Max(1, e.CompressedLength) * _limits.MaxCompressionRatio)
            throw PartRatio(e.FullName, e.Length / Math.Max(1, e.CompressedLength));
    }

    private InputException PartTooLarge(string part) =>
        new(new InputError(_file, null, null, ErrorCodes.WorkbookPartTooLarge, ("part", part), ("maxMb", _limits.MaxPartBytes / (1024 * 1024))));

    private InputException PartRatio(string part, long ratio) =>
        new(new InputError(_file, null, null, ErrorCodes.WorkbookPartRatio, ("part", part), ("ratio", ratio), ("max", _limits.MaxCompressionRatio)));

    private XmlReader? Xml(string? part)
    {
        if (part is null || !_entries.TryGetValue(part, out var entry)) return null;
        // What the part may inflate to: its bound, and no more than the ratio allows over what it takes in the zip.
        var ratioCap = Math.Max(_limits.RatioFloorBytes, Math.Max(1, entry.CompressedLength) * _limits.MaxCompressionRatio);
        var counted = new CountingStream(entry.Open(), _limits.MaxPartBytes, ratioCap, n => BytesRead[part] = n,
            over => over == CountingStream.Over.Size ? PartTooLarge(part) : PartRatio(part, ratioCap / Math.Max(1, entry.CompressedLength) + 1));
        return XmlReader.Create(counted, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        });
    }

    private readonly record struct Rel(string Type, string Target);

    private Dictionary<string, Rel> Relationships(string part, string folder)
    {
        var rels = new Dictionary<string, Rel>(StringComparer.Ordinal);
        using var r = Xml(part);
        if (r is null) return rels;
        while (r.Read())
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship")
            {
                var id = r.GetAttribute("Id");
                var target = r.GetAttribute("Target");
                if (id is null || target is null || r.GetAttribute("TargetMode") == "External") continue;
                rels.TryAdd(id, new Rel(r.GetAttribute("Type") ?? "", Resolve(folder, target)));
            }
        return rels;
    }

    private static string Resolve(string folder, string target)
    {
        var path = target.StartsWith('/') ? target.TrimStart('/') : folder + target;
        var parts = new List<string>();
        foreach (var p in path.Replace('\\', '/').Split('/'))
        {
            if (p is "" or ".") continue;
            if (p == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(p);
        }
        return string.Join('/', parts);
    }

    /// <summary>
    /// The rows of a sheet in order, each with the row number the sheet gives it and its cells up to the last used
    /// column. Rows the sheet leaves out are not yielded (their numbers are skipped).
    /// </summary>
    public IEnumerable<(int Row, object?[] Cells)> Rows(string sheet)
    {
        if (!_sheetParts.TryGetValue(sheet, out var part)) yield break;
        // Styles and shared strings first: one part of the zip streams at a time.
        LoadStyles();
        LoadShared();
        using var r = Xml(part) ?? throw new InvalidDataException($"the sheet part {part} is missing");
        var label = SheetTable.Label(_file, sheet);
        var rowNumber = 0;
        var rowsRead = 0;
        var cells = new List<(int Column, object Value)>();
        while (r.Read())
        {
            if (r.NodeType != XmlNodeType.Element || r.NamespaceURI != Main) continue;
            if (r.LocalName != "row") continue;
            _cancel.ThrowIfCancellationRequested();
            rowNumber = int.TryParse(r.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : rowNumber + 1;
            if (++rowsRead > _limits.MaxRows)
                throw new InputException(new InputError(label, rowNumber, null, ErrorCodes.SheetRowsTooMany, ("max", _limits.MaxRows)));
            cells.Clear();
            if (!r.IsEmptyElement) ReadRow(r, label, rowNumber, cells);
            var width = 0;
            foreach (var (c, _) in cells) width = Math.Max(width, c + 1);
            var array = new object?[width];
            foreach (var (c, v) in cells) array[c] = v;
            yield return (rowNumber, array);
        }
    }

    /// <summary>
    /// The merged ranges of a sheet (<c>&lt;mergeCell ref="B2:B4"/&gt;</c>, written after the cells), as 1-based first and last
    /// rows and 0-based first and last columns; at most <see cref="ReadLimits.MaxRows"/> of them are read.
    /// </summary>
    public IReadOnlyList<(int Row1, int Col1, int Row2, int Col2)> MergedRanges(string sheet)
    {
        var ranges = new List<(int, int, int, int)>();
        if (!_sheetParts.TryGetValue(sheet, out var part)) return ranges;
        using var r = Xml(part) ?? throw new InvalidDataException($"the sheet part {part} is missing");
        var more = r.Read();
        while (more)
        {
            if (r.NodeType == XmlNodeType.Element && r.NamespaceURI == Main && r.LocalName == "sheetData" && !r.IsEmptyElement)
            {
                _cancel.ThrowIfCancellationRequested();
                r.Skip(); // the cells: the ranges come after them
                more = !r.EOF;
                continue;
            }
            if (r.NodeType == XmlNodeType.Element && r.NamespaceURI == Main && r.LocalName == "mergeCell")
            {
                var parts = (r.GetAttribute("ref") ?? "").Replace("$", "", StringComparison.Ordinal).Split(':');
                if (parts.Length == 2 && Cell(parts[0]) is { } a && Cell(parts[1]) is { } b)
                {
                    if (ranges.Count >= _limits.MaxRows) break;
                    ranges.Add((a.Row, a.Col, b.Row, b.Col));
                }
            }
            more = r.Read();
        }
        return ranges;

        static (int Row, int Col)? Cell(string reference)
        {
            var col = CellColumn(reference);
            var digits = new string(reference.SkipWhile(char.IsAsciiLetter).ToArray());
            return col is { } c && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > 0 ? (row, c) : null;
        }
    }

    private void ReadRow(XmlReader r, string label, int rowNumber, List<(int Column, object Value)> cells)
    {
        var depth = r.Depth;
        var column = -1;
        while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType != XmlNodeType.Element || r.LocalName != "c" || r.NamespaceURI != Main) continue;
            column = CellColumn(r.GetAttribute("r")) ?? column + 1;
            var type = r.GetAttribute("t");
            var style = int.TryParse(r.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            if (r.IsEmptyElement) continue;
            var value = ReadCell(r, type, style, label, rowNumber, column);
            if (value is null || value is string { Length: 0 }) continue;
            // A used column beyond the bound is refused here, before any row is widened to reach it.
            if (column >= _limits.MaxColumns)
                throw new InputException(new InputError(label, rowNumber, Workbook.ColumnLetters(Math.Min(column, 16383)), ErrorCodes.SheetColumnsTooMany,
                    ("column", Workbook.ColumnLetters(Math.Min(column, 16383))), ("number", column + 1), ("max", _limits.MaxColumns)));
            cells.Add((column, value));
        }
    }

    /// <summary>"XFD7" → 16383; a reference that is not a cell's gives null (the next column is taken).</summary>
    private static int? CellColumn(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var n = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            n = n * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (n > 1 << 20) return 1 << 20; // past any sheet: refused as a used column if it holds a value
        }
        return i == 0 ? null : n - 1;
    }

    private object? ReadCell(XmlReader r, string? type, int style, string label, int rowNumber, int column)
    {
        var depth = r.Depth;
        string? v = null;
        string? inline = null;
        var tooLong = false;
        var more = r.Read();
        while (more && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName is not ("v" or "is") && !r.IsEmptyElement)
            {
                r.Skip(); // a formula or extension: Skip leaves the reader on the node after it
                more = !r.EOF;
                continue;
            }
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "v") v = Text(r, ref tooLong);
            else if (r.NodeType == XmlNodeType.Element && r.LocalName == "is") inline = RichText(r, ref tooLong);
            more = r.Read();
        }
        object? value;
        switch (type)
        {
            case "s":
                value = null;
                if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    if (index < _shared!.Count)
                    {
                        value = _shared[index];
                        tooLong |= _sharedTooLong!.Contains(index);
                    }
                }
                break;
            case "inlineStr": value = inline ?? v; break;
            case "str" or "e": value = v; break;
            case "b": value = v is null ? null : v.Trim() is "1" or "true"; break;
            case "d": value = DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? d : v; break;
            default:
                if (v is null) { value = null; break; }
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) { value = v; break; }
                value = _dateStyles!.Contains(style) && x is >= 0 and < 2958466 ? DateTime.FromOADate(x) : x;
                break;
        }
        if (tooLong)
            throw new InputException(new InputError(label, rowNumber, Workbook.ColumnLetters(Math.Min(column, 16383)), ErrorCodes.SheetCellTooLong, ("max", _limits.MaxCellChars)));
        return value;
    }

    private readonly char[] _chunk = new char[4096];
    private readonly StringBuilder _text = new();

    /// <summary>The text of the element the reader is on (a <c>v</c> or <c>t</c>), cut at the bound (then <paramref name="tooLong"/>).</summary>
    /// <remarks>Read in chunks, so that a cell of a hundred megabytes is never held whole.</remarks>
    private string Text(XmlReader r, ref bool tooLong)
    {
        if (r.IsEmptyElement) return "";
        var depth = r.Depth;
        string? single = null;
        _text.Clear();
        var pieces = 0;
        while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)) continue;
            int got;
            while ((got = r.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
            {
                if (_text.Length + got > _limits.MaxCellChars) { tooLong = true; continue; }
                // The common cell is one short chunk: made into a string once, without the builder.
                if (++pieces == 1 && got < _chunk.Length) { single = new string(_chunk, 0, got); _text.Append(_chunk, 0, got); continue; }
                single = null;
                _text.Append(_chunk, 0, got);
            }
            // ReadValueChunk leaves the reader on the text node; the loop's Read moves past it.
        }
        return pieces == 1 && single is not null ? single : _text.ToString();
    }

    /// <summary>The text of an <c>is</c> or <c>si</c> element: its <c>t</c> runs, without phonetic guides (<c>rPh</c>).</summary>
    private string RichText(XmlReader r, ref bool tooLong)
    {
        if (r.IsEmptyElement) return "";
        var depth = r.Depth;
        string? first = null;
        StringBuilder? runs = null;
        var more = r.Read();
        while (more && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "rPh" && !r.IsEmptyElement)
            {
                r.Skip(); // a phonetic guide is not the cell's text
                more = !r.EOF;
                continue;
            }
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "t")
            {
                var text = Text(r, ref tooLong);
                if (first is null && runs is null) first = text;
                else
                {
                    runs ??= new StringBuilder(first);
                    runs.Append(text);
                    if (runs.Length > _limits.MaxCellChars) { tooLong = true; runs.Length = _limits.MaxCellChars; }
                }
            }
            more = r.Read();
        }
        return runs?.ToString() ?? first ?? "";
    }

    private void LoadShared()
    {
        if (_shared is not null) return;
        _shared = [];
        _sharedTooLong = [];
        using var r = Xml(_sharedPart);
        if (r is null) return;
        while (r.Read())
        {
            if (r.NodeType != XmlNodeType.Element || r.LocalName != "si") continue;
            if (_shared.Count % 4096 == 0) _cancel.ThrowIfCancellationRequested();
            var tooLong = false;
            var text = RichText(r, ref tooLong);
            if (tooLong) _sharedTooLong.Add(_shared.Count);
            _shared.Add(text);
        }
    }

    private void LoadStyles()
    {
        if (_dateStyles is not null) return;
        _dateStyles = [];
        var customDates = new HashSet<int>();
        var xf = 0;
        var inCellXfs = false;
        using var r = Xml(_stylesPart);
        if (r is null) return;
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "cellXfs") inCellXfs = false;
            if (r.NodeType != XmlNodeType.Element) continue;
            switch (r.LocalName)
            {
                case "numFmt":
                    if (int.TryParse(r.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && IsDateFormat(r.GetAttribute("formatCode")))
                        customDates.Add(id);
                    break;
                case "cellXfs":
                    inCellXfs = !r.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    if (int.TryParse(r.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var fmt)
                        && (fmt is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58 || customDates.Contains(fmt)))
                        _dateStyles.Add(xf);
                    xf++;
                    break;
            }
        }
    }

    /// <summary>A number format that shows a date or time: y, m, d, h or s outside quotes, escapes and colour/condition brackets.</summary>
    private static bool IsDateFormat(string? code)
    {
        if (string.IsNullOrEmpty(code)) return false;
        var quoted = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"') { quoted = !quoted; continue; }
            if (quoted) continue;
            if (c == '\\' || c == '_' || c == '*') { i++; continue; }
            if (c == '[')
            {
                var end = code.IndexOf(']', i);
                if (end < 0) return false;
                var inner = code[(i + 1)..end].ToLowerInvariant();
                if (inner is "h" or "hh" or "m" or "mm" or "s" or "ss") return true;
                i = end;
                continue;
            }
            if ("yYmMdDhHsS".Contains(c)) return true;
            if (c == ';') return false;
        }
        return false;
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>Counts the bytes inflated from a part and refuses the part once they pass its bound.</summary>
    private sealed class CountingStream(Stream inner, long maxBytes, long ratioCap, Action<long> report, Func<CountingStream.Over, Exception> refuse) : Stream
    {
        public enum Over { Size, Ratio }

        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            _read += n;
            report(_read);
            if (_read > maxBytes) throw refuse(Over.Size);
            if (_read > ratioCap) throw refuse(Over.Ratio);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
