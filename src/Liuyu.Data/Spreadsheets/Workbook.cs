using System.Text;
using ExcelDataReader;
using Liuyu.Data.Csv;

namespace Liuyu.Data.Spreadsheets;

/// <summary>
/// A spreadsheet file opened for streaming reads: <c>.xlsx</c> through <see cref="XlsxReader"/> (an XmlReader over each
/// zipped part, never a document model of the whole workbook, with the <see cref="ReadLimits"/> checked while reading),
/// legacy <c>.xls</c> through ExcelDataReader (BIFF records, read in order). Rows come as raw cell values indexed by
/// column, numbered as the spreadsheet shows them (first row is 1).
/// </summary>
public sealed class Workbook : IDisposable
{
    private readonly Stream _stream;
    private readonly XlsxReader? _xlsx;

    /// <summary>What errors name: the file name as the user gave it.</summary>
    public string File { get; }
    public IReadOnlyList<string> SheetNames { get; }

    /// <summary>The bounds this workbook is read within.</summary>
    public ReadLimits Limits { get; }

    private readonly CancellationToken _cancel;

    private Workbook(string file, Stream stream, XlsxReader? xlsx, IReadOnlyList<string> sheets, ReadLimits limits, CancellationToken cancel)
    {
        File = file;
        _stream = stream;
        _xlsx = xlsx;
        SheetNames = sheets;
        Limits = limits;
        _cancel = cancel;
    }

    /// <summary>Bytes inflated so far from each part of an .xlsx (empty for .xls): shows where a refused read stopped.</summary>
    public IReadOnlyDictionary<string, long> BytesRead => _xlsx?.BytesRead ?? new Dictionary<string, long>();

    public static bool IsWorkbookPath(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".xlsx" or ".xlsm" or ".xls";

    /// <param name="limits">Null: those in force on this flow (<see cref="ReadLimits.Current"/>), with its token.</param>
    public static Workbook Open(string path, ReadLimits? limits = null, CancellationToken? cancel = null)
    {
        var name = Path.GetFileName(path);
        if (!System.IO.File.Exists(path)) throw new InputException(new InputError(name, null, null, ErrorCodes.FileNotFound, ("path", Path.GetFullPath(path))));
        return Open(name, System.IO.File.OpenRead(path), Path.GetExtension(path).Equals(".xls", StringComparison.OrdinalIgnoreCase), limits, cancel);
    }

    /// <summary>Opens a workbook from a seekable stream, which the workbook then owns.</summary>
    /// <param name="limits">Null: those in force on this flow (<see cref="ReadLimits.Current"/>), with its token.</param>
    public static Workbook Open(string file, Stream stream, bool legacyXls = false, ReadLimits? limits = null, CancellationToken? cancel = null)
    {
        var bounds = limits ?? ReadLimits.Current;
        var token = cancel ?? ReadLimits.Token;
        try
        {
            if (stream.Length > bounds.MaxFileBytes)
                throw new InputException(new InputError(file, null, null, ErrorCodes.WorkbookTooLarge,
                    ("sizeMb", Math.Round(stream.Length / (1024m * 1024m), 1)), ("maxMb", bounds.MaxFileBytes / (1024 * 1024))));
            if (legacyXls)
            {
                RegisterCodePages();
                var names = new List<string>();
                using (var reader = ExcelReaderFactory.CreateBinaryReader(stream, new ExcelReaderConfiguration { LeaveOpen = true }))
                    do names.Add(reader.Name); while (reader.NextResult());
                stream.Position = 0;
                return new Workbook(file, stream, null, names, bounds, token);
            }
            var xlsx = new XlsxReader(file, stream, bounds, token);
            if (xlsx.SheetNames.Count == 0) throw new InputException(new InputError(file, null, null, ErrorCodes.WorkbookNoSheet));
            return new Workbook(file, stream, xlsx, xlsx.SheetNames, bounds, token);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or ExcelDataReader.Exceptions.ExcelReaderException or NotSupportedException)
        {
            stream.Dispose();
            throw new InputException(new InputError(file, null, null, ErrorCodes.WorkbookUnreadable, ("format", legacyXls ? ".xls" : ".xlsx"), ("reason", ex.Message)));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The sheet whose name equals <paramref name="name"/> ignoring case and surrounding spaces, or null.</summary>
    public string? Sheet(string name) =>
        SheetNames.FirstOrDefault(s => s.Trim().Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Streams the rows of a sheet with the number the spreadsheet shows; an .xlsx leaves out rows it has no record
    /// of (their numbers are skipped), an .xls yields them blank.
    /// </summary>
    public IEnumerable<(int Row, object?[] Cells)> Rows(string sheet)
    {
        _stream.Position = 0;
        return _xlsx is not null ? _xlsx.Rows(sheet) : LegacyRows(sheet);
    }

    /// <summary>Whether this is a legacy .xls, whose merged ranges are not read (<see cref="MergedRanges"/> gives none).</summary>
    public bool IsLegacy => _xlsx is null;

    /// <summary>
    /// The merged ranges of a sheet (1-based rows, 0-based columns) as the .xlsx records them; none for a legacy .xls,
    /// whose readers fall back on continuing a blank cell from the row above where they allow it.
    /// </summary>
    public IReadOnlyList<(int Row1, int Col1, int Row2, int Col2)> MergedRanges(string sheet)
    {
        if (_xlsx is null) return [];
        _stream.Position = 0;
        return _xlsx.MergedRanges(sheet);
    }

    private IEnumerable<(int Row, object?[] Cells)> LegacyRows(string sheet)
    {
        using var reader = ExcelReaderFactory.CreateBinaryReader(_stream, new ExcelReaderConfiguration { LeaveOpen = true });
        while (reader.Name != sheet)
            if (!reader.NextResult()) yield break;
        var rowNumber = 0;
        while (reader.Read())
        {
            _cancel.ThrowIfCancellationRequested();
            if (++rowNumber > Limits.MaxRows)
                throw new InputException(new InputError(SheetTable.Label(File, sheet), rowNumber, null, ErrorCodes.SheetRowsTooMany, ("max", Limits.MaxRows)));
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

    public void Dispose()
    {
        _xlsx?.Dispose();
        _stream.Dispose();
    }
}
