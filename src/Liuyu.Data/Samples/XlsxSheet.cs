using System.Globalization;
using Liuyu.Data.Csv;
using MiniExcelLibs;

namespace Liuyu.Data.Samples;

/// <summary>Turns one sheet of an .xlsx workbook into a <see cref="CsvTable"/>, keeping the row numbers Excel shows.</summary>
public static class XlsxSheet
{
    /// <summary>
    /// Streams the sheet named <paramref name="preferredSheet"/> (or the first sheet) with MiniExcel; errors name the
    /// file and sheet as <c>file.xlsx[sheet]</c>.
    /// </summary>
    public static CsvTable ReadTable(string file, Stream stream, string preferredSheet, IReadOnlyList<ColumnSpec> columns)
    {
        List<string> sheets;
        try
        {
            sheets = MiniExcel.GetSheetNames(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException)
        {
            throw new InputException(new InputError(file, null, null, $"not a readable .xlsx workbook ({ex.Message})"));
        }
        if (sheets.Count == 0) throw new InputException(new InputError(file, null, null, "the workbook has no sheet"));
        var sheet = sheets.FirstOrDefault(s => s.Equals(preferredSheet, StringComparison.OrdinalIgnoreCase)) ?? sheets[0];
        stream.Position = 0;

        var records = new List<(int Row, string[] Fields)>();
        var rowNumber = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet))
        {
            rowNumber++;
            var width = row.Keys.Select(ColumnIndex).DefaultIfEmpty(-1).Max() + 1;
            var fields = new string[width];
            for (var i = 0; i < width; i++) fields[i] = "";
            foreach (var (column, value) in row) fields[ColumnIndex(column)] = CellText(value);
            records.Add((rowNumber, fields));
        }
        // Leading blank rows: the header is the first non-blank row.
        var firstUsed = records.FindIndex(r => r.Fields.Any(f => f.Length > 0));
        if (firstUsed > 0) records.RemoveRange(0, firstUsed);
        return CsvTable.FromRecords($"{file}[{sheet}]", records, columns);
    }

    private static int ColumnIndex(string letters)
    {
        var n = 0;
        foreach (var c in letters) n = n * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        return n - 1;
    }

    /// <summary>Cell values as text the CSV path would have read: numbers round-trip exactly, dates as ISO.</summary>
    private static string CellText(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime dt when dt.TimeOfDay == TimeSpan.Zero => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
