using System.Globalization;
using Liuyu.Data.Csv;

namespace Liuyu.Data.Spreadsheets;

/// <summary>
/// Turns one sheet into a <see cref="CsvTable"/> so that every reader validates sheets exactly like CSV files, with
/// errors naming <c>file.xlsx[sheet]</c>, the row Excel shows and the column header. What spreadsheets do to tables
/// is undone here, and nothing else is guessed:
/// <list type="bullet">
/// <item>title rows and merged header cells: the header is the row (among the first few) that names the most expected
/// columns; a blank cell in it takes the text of the cell above (a vertically merged header keeps its text in the top
/// cell);</item>
/// <item>blank rows (trailing or between data) are skipped;</item>
/// <item>numbers stored as text are text already; numbers are written back exactly (round-trip format);</item>
/// <item>dates stored as numbers (Excel serial days) in month and date columns become <c>YYYY-MM</c> / <c>YYYY-MM-DD</c>;</item>
/// <item>error values (<c>#N/A</c>, <c>#REF!</c>, …) are rejected with their cell.</item>
/// </list>
/// </summary>
public static class SheetTable
{
    /// <summary>How many leading non-blank rows may be titles or header rows before the header.</summary>
    private const int HeaderSearchRows = 12;

    private static readonly HashSet<string> MonthKeys = new(StringComparer.Ordinal) { "month" };
    private static readonly HashSet<string> DateKeys = new(StringComparer.Ordinal) { "effective_from", "effective_to", "signed_on", "paid_on", "date" };
    private static readonly HashSet<string> DateTimeKeys = new(StringComparer.Ordinal) { "sampled_at" };
    private static readonly HashSet<string> ErrorValues = new(StringComparer.Ordinal) { "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!" };

    // Excel serial days of 1950-01-01 and 2100-12-31: outside this a number in a date column is not taken for a date.
    private const double FirstSerial = 18264, LastSerial = 73415;

    /// <summary>The label errors carry for a sheet: <c>book.xlsx[results]</c>.</summary>
    public static string Label(string file, string sheet) => $"{file}[{sheet}]";

    /// <param name="emptyAsNoRows">An empty sheet is a table without rows (an optional table that is present) rather than an error.</param>
    public static CsvTable Read(Workbook workbook, string sheet, IReadOnlyList<ColumnSpec> columns, bool emptyAsNoRows = false)
    {
        var label = Label(workbook.File, sheet);
        try
        {
            return ReadRows(workbook, sheet, label, columns, emptyAsNoRows);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException or IOException or FormatException
                                       or ExcelDataReader.Exceptions.ExcelReaderException)
        {
            // A damaged file fails while its rows stream past; the user can re-save it, so it is an input error.
            throw new InputException(new InputError(label, null, null, ErrorCodes.SheetUnreadable, ("reason", ex.Message)));
        }
    }

    private static CsvTable ReadRows(Workbook workbook, string sheet, string label, IReadOnlyList<ColumnSpec> columns, bool emptyAsNoRows)
    {
        using var rows = workbook.Rows(sheet).GetEnumerator();

        var head = new List<(int Row, object?[] Cells)>();
        while (head.Count < HeaderSearchRows && rows.MoveNext())
            if (!IsBlank(rows.Current.Cells)) head.Add(rows.Current);
        if (head.Count == 0) return emptyAsNoRows ? CsvTable.Empty(label, columns) : CsvTable.FromRecords(label, [], columns);

        var (headerAt, header) = FindHeader(head, columns);
        var keys = header.Select(h => columns.FirstOrDefault(c => c.Matches(h.Trim()))?.Key).ToArray();
        var errors = new List<InputError>();

        IEnumerable<(int Row, string[] Fields)> Records()
        {
            yield return (head[headerAt].Row, header);
            for (var i = headerAt + 1; i < head.Count; i++) yield return Convert(head[i]);
            while (rows.MoveNext())
                if (!IsBlank(rows.Current.Cells)) yield return Convert(rows.Current);
        }

        (int Row, string[] Fields) Convert((int Row, object?[] Cells) r)
        {
            var fields = new string[r.Cells.Length];
            for (var c = 0; c < fields.Length; c++)
            {
                var key = c < keys.Length ? keys[c] : null;
                fields[c] = CellText(r.Cells[c], key);
                if (key is not null && ErrorValues.Contains(fields[c].Trim()))
                    errors.Add(new InputError(label, r.Row, header[c].Trim(), ErrorCodes.CellError, ("value", fields[c].Trim())));
            }
            return (r.Row, fields);
        }

        var table = CsvTable.FromRecords(label, Records(), columns);
        table.AddCellErrors(errors);
        return table;
    }

    private static (int Index, string[] Header) FindHeader(List<(int Row, object?[] Cells)> head, IReadOnlyList<ColumnSpec> columns)
    {
        var best = (Index: 0, Header: Texts(head[0].Cells), Score: -1);
        for (var i = 0; i < head.Count; i++)
        {
            var width = head.Take(i + 1).Skip(Math.Max(0, i - 2)).Max(r => r.Cells.Length);
            var header = new string[width];
            for (var c = 0; c < width; c++)
            {
                header[c] = "";
                // The row itself, else up to two rows above it: the top cell of a vertically merged header.
                for (var k = i; k >= Math.Max(0, i - 2) && header[c].Length == 0; k--)
                    header[c] = c < head[k].Cells.Length ? CellText(head[k].Cells[c], null).Trim() : "";
            }
            var score = columns.Count(spec => header.Any(spec.Matches));
            if (score > best.Score) best = (i, header, score);
        }
        return (best.Index, best.Header);
    }

    private static string[] Texts(object?[] cells) => cells.Select(c => CellText(c, null)).ToArray();

    private static bool IsBlank(object?[] cells)
    {
        foreach (var c in cells)
            if (c is not null && (c is not string s || !string.IsNullOrWhiteSpace(s))) return false;
        return true;
    }

    /// <summary>A cell as the text the CSV path would have read, given the column it is in.</summary>
    public static string CellText(object? value, string? key)
    {
        if (key is not null)
        {
            var month = MonthKeys.Contains(key);
            var date = DateKeys.Contains(key);
            var dateTime = DateTimeKeys.Contains(key);
            if (month || date || dateTime)
            {
                DateTime? when = value switch
                {
                    DateTime dt => dt,
                    double d when d >= FirstSerial && d <= LastSerial => DateTime.FromOADate(d),
                    _ => null,
                };
                if (when is { } w)
                    return month ? w.ToString("yyyy-MM", CultureInfo.InvariantCulture)
                        : date || w.TimeOfDay == TimeSpan.Zero ? w.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                        : w.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            }
        }
        return value switch
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
}
