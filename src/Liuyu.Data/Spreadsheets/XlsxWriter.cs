using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Liuyu.Data.Spreadsheets;

/// <summary>How a written cell looks. Amount styles carry thousands separators (元: two decimals; 万元: six, to the fen).</summary>
public enum CellStyle
{
    Text = 0,
    Header = 1,
    Yuan = 2,
    Wan = 3,
    TotalYuan = 4,
    TotalWan = 5,
    Title = 6,
    TotalText = 7,
}

/// <summary>One cell to write: a value (string, number, bool), optionally a formula whose cached result is the value.</summary>
public readonly record struct XlsxCell(object? Value, CellStyle Style = CellStyle.Text, string? Formula = null)
{
    public static implicit operator XlsxCell(string? text) => new(text);
    public static implicit operator XlsxCell(double number) => new(number);
    public static implicit operator XlsxCell(decimal number) => new(number);
    public static XlsxCell Yuan(decimal yuan, string? formula = null) => new(yuan, CellStyle.Yuan, formula);
    public static XlsxCell Wan(decimal wan, string? formula = null) => new(wan, CellStyle.Wan, formula);
}

/// <summary>
/// A small streaming .xlsx writer (SpreadsheetML written with an XmlWriter-free StreamWriter straight into the zip):
/// rows go to disk as they are written, so a workbook of any size costs little memory. It writes what the exchanged
/// statements need and no more: inline strings, numbers, formulas with their cached results (so readers that do not
/// recalculate still see the numbers), frozen header rows, column widths, merged cells and a few number formats.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly List<string> _sheets = [];
    /// <summary>The sheet names taken, as Excel compares them (case-insensitively).</summary>
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    // Tab order: sheet file numbers (1-based) as they appear in the workbook, so a summary written last can come first.
    private readonly List<int> _order = [];
    private SheetWriter? _open;

    public XlsxWriter(Stream output) => _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

    /// <summary>
    /// Starts a sheet (finishing the previous one). Names are cut to Excel's 31 characters and made unique; use
    /// <see cref="SheetWriter.Name"/> in formulas. <paramref name="first"/> puts the sheet before those already written.
    /// </summary>
    public SheetWriter AddSheet(string name, int frozenRows = 0, IReadOnlyList<double>? columnWidths = null, bool first = false)
    {
        _open?.Finish();
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c) ? '_' : c).ToArray()).Trim();
        if (clean.Length == 0) clean = "Sheet";
        if (clean.Length > 31) clean = clean[..31];
        var unique = clean;
        for (var n = 2; _names.Contains(unique); n++)
            unique = clean[..Math.Min(clean.Length, 31 - $"~{n}".Length)] + $"~{n}";
        _sheets.Add(unique);
        _names.Add(unique);
        if (first) _order.Insert(0, _sheets.Count); else _order.Add(_sheets.Count);
        var entry = _zip.CreateEntry($"xl/worksheets/sheet{_sheets.Count}.xml", CompressionLevel.Fastest);
        _open = new SheetWriter(unique, new StreamWriter(entry.Open(), new UTF8Encoding(false)), frozenRows, columnWidths);
        return _open;
    }

    public void Dispose()
    {
        _open?.Finish();
        Entry("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """ + string.Concat(_sheets.Select((_, i) => $"""<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""")) + "</Types>");
        Entry("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Entry("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """ + string.Concat(_order.Select(n => $"""<sheet name="{Escape(_sheets[n - 1])}" sheetId="{n}" r:id="rId{n}"/>""")) + // Excel and WPS recalculate on opening, so the formulas, not only their cached results, are what a reader sees.
            "</sheets><calcPr fullCalcOnLoad=\"1\"/></workbook>");
        Entry("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """ + string.Concat(_sheets.Select((_, i) => $"""<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>"""))
            + $"""<Relationship Id="rId{_sheets.Count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
        // The order of cellXfs is the CellStyle enum.
        Entry("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts>
            <fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="14"/><name val="Calibri"/></font></fonts>
            <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>
            <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top style="thin"/><bottom style="double"/><diagonal/></border></borders>
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
            <cellXfs count="8">
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
            <xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>
            <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
            <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
            <xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
            <xf numFmtId="165" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
            <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
            <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>
            </cellXfs>
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
            </styleSheet>
            """);
        _zip.Dispose();
    }

    private void Entry(string path, string text)
    {
        using var w = new StreamWriter(_zip.CreateEntry(path, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        w.Write(text);
    }

    /// <summary>A sheet name as a formula refers to it: <c>'河流 1'!A1</c>.</summary>
    public static string Ref(string sheet, string cells) => $"'{sheet.Replace("'", "''")}'!{cells}";

    internal static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            // XML 1.0 forbids most control characters; a spreadsheet cell has no use for them.
            if (c < 0x20 && c is not ('\t' or '\n' or '\r')) continue;
            sb.Append(c);
        }
        return SecurityElement.Escape(sb.ToString());
    }

    /// <summary>Writes the rows of one sheet, top to bottom.</summary>
    public sealed class SheetWriter
    {
        private readonly StreamWriter _w;
        private readonly List<string> _merges = [];
        private bool _finished;

        public string Name { get; }
        /// <summary>The number of the last row written (1-based, as Excel shows it).</summary>
        public int RowNumber { get; private set; }

        internal SheetWriter(string name, StreamWriter w, int frozenRows, IReadOnlyList<double>? widths)
        {
            Name = name;
            _w = w;
            w.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">""");
            w.Write("<sheetViews><sheetView workbookViewId=\"0\">");
            if (frozenRows > 0)
                w.Write($"""<pane ySplit="{frozenRows}" topLeftCell="A{frozenRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>""");
            w.Write("</sheetView></sheetViews>");
            if (widths is { Count: > 0 })
            {
                w.Write("<cols>");
                for (var i = 0; i < widths.Count; i++)
                    w.Write($"""<col min="{i + 1}" max="{i + 1}" width="{widths[i].ToString(CultureInfo.InvariantCulture)}" customWidth="1"/>""");
                w.Write("</cols>");
            }
            w.Write("<sheetData>");
        }

        /// <summary>Writes the next row; returns its number.</summary>
        public int Row(params XlsxCell[] cells)
        {
            var r = ++RowNumber;
            _w.Write($"<row r=\"{r}\">");
            for (var c = 0; c < cells.Length; c++)
            {
                var cell = cells[c];
                if (cell.Value is null && cell.Formula is null) continue;
                var at = Workbook.ColumnLetters(c) + r;
                var s = cell.Style == CellStyle.Text ? "" : $" s=\"{(int)cell.Style}\"";
                var f = cell.Formula is null ? "" : $"<f>{Escape(cell.Formula)}</f>";
                switch (cell.Value)
                {
                    case string text when cell.Formula is null:
                        _w.Write($"<c r=\"{at}\"{s} t=\"inlineStr\"><is><t xml:space=\"preserve\">{Escape(text)}</t></is></c>");
                        break;
                    case string text:
                        _w.Write($"<c r=\"{at}\"{s} t=\"str\">{f}<v>{Escape(text)}</v></c>");
                        break;
                    case bool b:
                        _w.Write($"<c r=\"{at}\"{s} t=\"b\">{f}<v>{(b ? 1 : 0)}</v></c>");
                        break;
                    case null:
                        _w.Write($"<c r=\"{at}\"{s}>{f}</c>");
                        break;
                    case IFormattable n:
                        _w.Write($"<c r=\"{at}\"{s}>{f}<v>{n.ToString(null, CultureInfo.InvariantCulture)}</v></c>");
                        break;
                    default:
                        _w.Write($"<c r=\"{at}\"{s} t=\"inlineStr\"><is><t xml:space=\"preserve\">{Escape(cell.Value.ToString() ?? "")}</t></is></c>");
                        break;
                }
            }
            _w.Write("</row>");
            return r;
        }

        /// <summary>Merges a range such as <c>A1:H1</c> (the value stays in its top-left cell).</summary>
        public void Merge(string range) => _merges.Add(range);

        internal void Finish()
        {
            if (_finished) return;
            _finished = true;
            _w.Write("</sheetData>");
            if (_merges.Count > 0)
            {
                _w.Write($"<mergeCells count=\"{_merges.Count}\">");
                foreach (var m in _merges) _w.Write($"<mergeCell ref=\"{m}\"/>");
                _w.Write("</mergeCells>");
            }
            _w.Write("<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>");
            _w.Dispose();
        }
    }
}
