using Liuyu.Data.Csv;
using Liuyu.Data.Spreadsheets;

namespace Liuyu.Data.Samples;

/// <summary>Turns one sheet of an .xlsx workbook into a <see cref="CsvTable"/>, keeping the row numbers Excel shows.</summary>
public static class XlsxSheet
{
    /// <summary>
    /// Streams the sheet named <paramref name="preferredSheet"/> (or the first sheet) through <see cref="SheetTable"/>;
    /// errors name the file and sheet as <c>file.xlsx[sheet]</c>.
    /// </summary>
    public static CsvTable ReadTable(string file, Stream stream, string preferredSheet, IReadOnlyList<ColumnSpec> columns)
    {
        using var workbook = Workbook.Open(file, stream);
        var sheet = workbook.Sheet(preferredSheet) ?? workbook.SheetNames[0];
        return SheetTable.Read(workbook, sheet, columns);
    }
}
