using System.Globalization;
using System.Text.RegularExpressions;
using Liuyu.Data.Csv;
using Liuyu.Data.Spreadsheets;

namespace Liuyu.Data.Bulletins;

/// <summary>
/// A table as a bureau publishes it, read before any column is interpreted: a CSV file, or the bulletin sheet of a
/// workbook with its merged cells filled down (the value of a vertically merged range stands in every row it covers, as a
/// reader sees it). Titles above the header are kept, for the year or month they name.
/// </summary>
public sealed partial class PublishedTable
{
    /// <summary>How many leading non-blank rows may be titles before the header.</summary>
    public const int HeaderSearchRows = 12;

    private static readonly HashSet<string> ErrorValues = new(StringComparer.Ordinal) { "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!" };

    /// <summary>What errors name: <c>file.csv</c> or <c>book.xlsx[sheet]</c>.</summary>
    public required string Label { get; init; }

    /// <summary>Every non-blank row with the number the spreadsheet shows.</summary>
    public required IReadOnlyList<(int Row, string[] Cells)> Rows { get; init; }

    /// <summary>Whether the rows come from an .xlsx whose merged ranges were filled (then no blank is continued by guess).</summary>
    public bool FromMergedRanges { get; init; }

    /// <summary>Cells filled from a merged range above them.</summary>
    public int MergedCellsFilled { get; init; }

    /// <summary>Cells holding a spreadsheet error value (#N/A …), reported when a reader uses them.</summary>
    public static bool IsErrorValue(string text) => ErrorValues.Contains(text.Trim());

    /// <param name="sheet">The sheet of a workbook to read when it has one of that name (else its bulletin sheet, else its first).</param>
    public static PublishedTable Read(string path, string? sheet = null)
    {
        var limits = ReadLimits.Current;
        var name = Path.GetFileName(path);
        if (Workbook.IsWorkbookPath(path))
        {
            using var workbook = Workbook.Open(path);
            var name2 = (sheet is null ? null : workbook.Sheet(sheet)) ?? workbook.Sheet("bulletin") ?? workbook.Sheet("通报") ?? workbook.SheetNames[0];
            var label = SheetTable.Label(workbook.File, name2);
            try
            {
                return FromSheet(workbook, name2, label);
            }
            catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException or IOException or FormatException
                                           or ExcelDataReader.Exceptions.ExcelReaderException)
            {
                throw new InputException(new InputError(label, null, null, ErrorCodes.SheetUnreadable, ("reason", ex.Message)));
            }
        }
        if (!File.Exists(path)) throw new InputException(new InputError(name, null, null, ErrorCodes.FileNotFound, ("path", Path.GetFullPath(path))));
        var bytes = File.ReadAllBytes(path);
        CsvText.CheckSize(name, bytes.LongLength, limits);
        var text = CsvText.Decode(name, bytes);
        var rows = CsvText.Records(name, text, limits).Where(r => !r.Fields.All(string.IsNullOrWhiteSpace)).ToList();
        return new PublishedTable { Label = name, Rows = rows };
    }

    private static PublishedTable FromSheet(Workbook workbook, string sheet, string label)
    {
        var ranges = workbook.MergedRanges(sheet);
        var rows = workbook.Rows(sheet)
            .Select(r => (r.Row, Cells: r.Cells.Select(c => SheetTable.CellText(c, null)).ToArray()))
            .Where(r => !r.Cells.All(string.IsNullOrWhiteSpace))
            .ToList();
        var filled = 0;
        if (ranges.Count > 0)
        {
            var byNumber = new Dictionary<int, int>();
            for (var i = 0; i < rows.Count; i++) byNumber[rows[i].Row] = i;
            foreach (var (r1, c1, r2, c2) in ranges)
            {
                if (r2 <= r1 || !byNumber.TryGetValue(r1, out var top)) continue;
                // Down each column of the range, from the cell in its first row: a header merged across columns is
                // left to the header search, which never takes one text for two columns.
                for (var c = c1; c <= c2; c++)
                {
                    var value = c < rows[top].Cells.Length ? rows[top].Cells[c] : "";
                    if (value.Trim().Length == 0) continue;
                    for (var r = r1 + 1; r <= r2; r++)
                    {
                        if (!byNumber.TryGetValue(r, out var at)) continue;
                        var cells = rows[at].Cells;
                        if (c >= cells.Length) { Array.Resize(ref cells, c + 1); for (var k = 0; k < cells.Length; k++) cells[k] ??= ""; rows[at] = (rows[at].Row, cells); }
                        if (cells[c].Trim().Length > 0) continue;
                        cells[c] = value;
                        filled++;
                    }
                }
            }
        }
        // A legacy .xls gives no merged ranges: its blank river cells are continued as in CSV.
        return new PublishedTable { Label = label, Rows = rows, FromMergedRanges = !workbook.IsLegacy, MergedCellsFilled = filled };
    }

    /// <summary>A header as compared: without white space inside (a header cell may wrap), full-width parentheses as ASCII.</summary>
    public static string Fold(string header) =>
        WhiteSpace().Replace(header.Normalize(System.Text.NormalizationForm.FormKC), "");

    /// <summary>The header without a trailing unit or remark in parentheses: <c>氨氮(mg/L)</c> → <c>氨氮</c>.</summary>
    public static string WithoutParenthesis(string folded) => TrailingParenthesis().Replace(folded, "");

    private static readonly string[] ChineseMonths = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

    /// <summary>A month column of a year table: <c>1月</c> … <c>12月</c>, <c>01月</c>, <c>一月</c> … <c>十二月</c>, <c>2023年1月</c> (then the year too).</summary>
    public static bool TryMonthColumn(string header, out int month, out int? year)
    {
        month = 0;
        year = null;
        var h = Fold(header);
        var m = MonthHeader().Match(h);
        if (m.Success)
        {
            month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (m.Groups[1].Success) year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return month is >= 1 and <= 12;
        }
        var body = h.EndsWith("月份", StringComparison.Ordinal) ? h[..^2] : h.EndsWith('月') ? h[..^1] : null;
        if (body is null) return false;
        var i = Array.IndexOf(ChineseMonths, body);
        if (i < 0) return false;
        month = i + 1;
        return true;
    }

    /// <summary>The year (and month, when one month is named) a title row gives: "2023年1-12月" → 2023; "2025年1月…月报" → 2025-01.</summary>
    public static (int? Year, int? Month) TitleDate(string title)
    {
        var t = Fold(title);
        var m = TitleMonth().Match(t);
        if (m.Success)
        {
            var y = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            return (y, m.Groups[3].Success || month is < 1 or > 12 ? null : month);
        }
        var y2 = TitleYear().Match(t);
        return y2.Success ? (int.Parse(y2.Groups[1].Value, CultureInfo.InvariantCulture), null) : (null, null);
    }

    [GeneratedRegex(@"\s+")] private static partial Regex WhiteSpace();
    [GeneratedRegex(@"[（(][^（()）]*[)）]$")] private static partial Regex TrailingParenthesis();
    [GeneratedRegex(@"^(?:(\d{4})年)?0?(\d{1,2})月份?$")] private static partial Regex MonthHeader();
    [GeneratedRegex(@"((?:19|20)\d{2})年(\d{1,2})月?([-—–~至]\d{1,2}月?)?")] private static partial Regex TitleMonth();
    [GeneratedRegex(@"((?:19|20)\d{2})年")] private static partial Regex TitleYear();
}
