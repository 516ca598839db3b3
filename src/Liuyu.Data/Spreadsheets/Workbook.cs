using System.Text;
using ExcelDataReader;
using Liuyu.Data.Csv;
using MiniExcelLibs;

namespace Liuyu.Data.Spreadsheets;

/// <summary>
/// A spreadsheet file opened for streaming reads: <c>.xlsx</c> through MiniExcel (an XmlReader over the zipped sheet,
/// never a document model of the whole workbook), legacy <c>.xls</c> through ExcelDataReader (BIFF records, read in
/// order). Rows come as raw cell values indexed by column, numbered as the spreadsheet shows them (first row is 1).
/// </summary>
public sealed class Workbook : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _legacy;

    /// <summary>What errors name: the file name as the user gave it.</summary>
    public string File { get; }
    public IReadOnlyList<string> SheetNames { get; }

    private Workbook(string file, Stream stream, bool legacy, IReadOnlyList<string> sheets)
    {
        File = file;
        _stream = stream;
        _legacy = legacy;
        SheetNames = sheets;
    }

    public static bool IsWorkbookPath(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".xlsx" or ".xlsm" or ".xls";

    public static Workbook Open(string path)
    {
        var name = Path.GetFileName(path);
        if (!System.IO.File.Exists(path)) throw new InputException(new InputError(name, null, null, ErrorCodes.FileNotFound, ("path", Path.GetFullPath(path))));
        return Open(name, System.IO.File.OpenRead(path), Path.GetExtension(path).Equals(".xls", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Opens a workbook from a seekable stream, which the workbook then owns.</summary>
    public static Workbook Open(string file, Stream stream, bool legacyXls = false)
    {
        try
        {
            if (legacyXls)
            {
                RegisterCodePages();
                var names = new List<string>();
                using (var reader = ExcelReaderFactory.CreateBinaryReader(stream, new ExcelReaderConfiguration { LeaveOpen = true }))
                    do names.Add(reader.Name); while (reader.NextResult());
                stream.Position = 0;
                return new Workbook(file, stream, true, names);
            }
            var sheets = MiniExcel.GetSheetNames(stream);
            stream.Position = 0;
            if (sheets.Count == 0) throw new InputException(new InputError(file, null, null, ErrorCodes.WorkbookNoSheet));
            return new Workbook(file, stream, false, sheets);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or ExcelDataReader.Exceptions.ExcelReaderException or NotSupportedException)
        {
            stream.Dispose();
            throw new InputException(new InputError(file, null, null, ErrorCodes.WorkbookUnreadable, ("format", legacyXls ? ".xls" : ".xlsx"), ("reason", ex.Message)));
        }
    }

    /// <summary>The sheet whose name equals <paramref name="name"/> ignoring case and surrounding spaces, or null.</summary>
    public string? Sheet(string name) =>
        SheetNames.FirstOrDefault(s => s.Trim().Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Streams the rows of a sheet; blank rows in the middle are yielded (as empty arrays) so numbers stay right.</summary>
    public IEnumerable<(int Row, object?[] Cells)> Rows(string sheet)
    {
        _stream.Position = 0;
        return _legacy ? LegacyRows(sheet) : XlsxRows(sheet);
    }

    private IEnumerable<(int Row, object?[] Cells)> XlsxRows(string sheet)
    {
        var rowNumber = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(_stream, useHeaderRow: false, sheetName: sheet))
        {
            rowNumber++;
            var width = 0;
            foreach (var (column, value) in row)
                if (value is not null) width = Math.Max(width, ColumnIndex(column) + 1);
            var cells = new object?[width];
            if (width > 0)
                foreach (var (column, value) in row)
                    if (value is not null) cells[ColumnIndex(column)] = value;
            yield return (rowNumber, cells);
        }
    }

    private IEnumerable<(int Row, object?[] Cells)> LegacyRows(string sheet)
    {
        using var reader = ExcelReaderFactory.CreateBinaryReader(_stream, new ExcelReaderConfiguration { LeaveOpen = true });
        while (reader.Name != sheet)
            if (!reader.NextResult()) yield break;
        var rowNumber = 0;
        while (reader.Read())
        {
            rowNumber++;
            var cells = new object?[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = reader.GetValue(i);
            yield return (rowNumber, cells);
        }
    }

    /// <summary>"A" → 0, "AB" → 27.</summary>
    public static int ColumnIndex(string letters)
    {
        var n = 0;
        foreach (var c in letters) n = n * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        return n - 1;
    }

    /// <summary>0 → "A", 27 → "AB".</summary>
    public static string ColumnLetters(int index)
    {
        var sb = new StringBuilder();
        for (var n = index + 1; n > 0; n = (n - 1) / 26) sb.Insert(0, (char)('A' + (n - 1) % 26));
        return sb.ToString();
    }

    private static int _codePages;

    /// <summary>Legacy .xls strings may be in a Windows code page (GBK for Chinese Excel); .NET needs the provider registered.</summary>
    private static void RegisterCodePages()
    {
        if (Interlocked.Exchange(ref _codePages, 1) == 0) Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public void Dispose() => _stream.Dispose();
}
