using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Liuyu.TestSupport;

/// <summary>
/// Hostile .xlsx workbooks, generated in the test in a second or two by streaming their XML straight into the zip
/// (issue 11, item 5): values in column XFD, a part that inflates to hundreds of MB, a sheet of a million rows, a zip
/// whose headers understate what a part inflates to.
/// </summary>
public static class SpreadsheetBombs
{
    public const string ResultsHeader = "section,month,class,source,note";

    /// <summary>A workbook with one sheet; <paramref name="sheetData"/> writes the rows inside <c>&lt;sheetData&gt;</c>.</summary>
    /// <param name="padding">An extra shared-strings part of about this many bytes of one repeated string (a zip bomb when large).</param>
    public static void Write(Stream output, string sheet, Action<TextWriter> sheetData, string? dimension = null, long padding = 0)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        void Part(string name, string text)
        {
            using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            w.Write(text);
        }
        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
        using (var w = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16))
        {
            w.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
            if (dimension is not null) w.Write($"""<dimension ref="{dimension}"/>""");
            w.Write("<sheetData>");
            sheetData(w);
            w.Write("</sheetData></worksheet>");
        }
        using (var w = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16))
        {
            w.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
            var item = "<si><t>" + new string('A', 1000) + "</t></si>";
            var block = string.Concat(Enumerable.Repeat(item, 64));
            for (long written = 0; written < padding; written += block.Length) w.Write(block);
            w.Write("</sst>");
        }
    }

    /// <summary>One row of inline-string cells: <c>("A", "S1"), ("XFD", "x")</c>.</summary>
    public static void Row(TextWriter w, int row, params (string Column, string Text)[] cells)
    {
        w.Write($"<row r=\"{row}\">");
        foreach (var (column, text) in cells)
            w.Write($"<c r=\"{column}{row}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>");
        w.Write("</row>");
    }

    /// <summary>A header row of the given columns, A, B, C …</summary>
    public static void Header(TextWriter w, string csvHeader) =>
        Row(w, 1, csvHeader.Split(',').Select((h, i) => (((char)('A' + i)).ToString(), h)).ToArray());

    /// <summary>Issue 11's 4 KB workbook: a results header, then <paramref name="rows"/> rows each with one value in column XFD.</summary>
    public static byte[] ValuesInColumnXfd(int rows = 200)
    {
        using var ms = new MemoryStream();
        Write(ms, "results", w =>
        {
            Header(w, ResultsHeader);
            for (var r = 2; r <= rows + 1; r++) Row(w, r, ("XFD", "x"));
        }, dimension: $"A1:XFD{rows + 1}");
        return ms.ToArray();
    }

    /// <summary>A results sheet of one row beside a shared-strings part that inflates to about <paramref name="bytes"/>.</summary>
    public static byte[] ExpandingPart(long bytes)
    {
        using var ms = new MemoryStream();
        Write(ms, "results", w => Header(w, ResultsHeader), padding: bytes);
        return ms.ToArray();
    }

    /// <summary>A results sheet of <paramref name="rows"/> data rows, each naming a section no scheme has.</summary>
    public static void ManyRows(Stream output, int rows) => Write(output, "results", w =>
    {
        Header(w, ResultsHeader);
        for (var r = 2; r <= rows + 1; r++)
            w.Write($"<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>NOPE{r}</t></is></c><c r=\"B{r}\" t=\"inlineStr\"><is><t>2024-01</t></is></c><c r=\"C{r}\" t=\"inlineStr\"><is><t>II</t></is></c><c r=\"D{r}\" t=\"inlineStr\"><is><t>monitoring_centre</t></is></c></row>");
    });

    /// <summary>
    /// Rewrites the uncompressed size that the zip's local and central headers give for <paramref name="part"/>: the
    /// headers then understate what the part inflates to, as a hand-made bomb's do.
    /// </summary>
    public static byte[] LieAboutSize(byte[] zip, string part, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(part);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name) && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 26)) == name.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), declared);
                patched++;
            }
            else if (signature == 0x02014b50 && bytes.AsSpan(i + 46, Math.Min(name.Length, bytes.Length - i - 46)).SequenceEqual(name) && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 28)) == name.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), declared);
                patched++;
            }
        }
        if (patched < 2) throw new InvalidOperationException($"{part}: {patched} headers patched");
        return bytes;
    }
}
