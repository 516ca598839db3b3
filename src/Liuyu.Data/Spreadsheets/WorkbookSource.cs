using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;

namespace Liuyu.Data.Spreadsheets;

/// <summary>The sheets of one workbook as the tables of a scenario folder: sheet <c>results</c> is <c>results.csv</c>.</summary>
public sealed class WorkbookSource(Workbook workbook) : ScenarioReader.ITableSource
{
    public CsvTable? Table(string name, IReadOnlyList<ColumnSpec> columns, bool optional = false) =>
        workbook.Sheet(name) is { } sheet ? SheetTable.Read(workbook, sheet, columns, emptyAsNoRows: optional) : null;

    public InputError Missing(string name) =>
        new(workbook.File, null, null, ErrorCodes.SheetRequired, ("sheet", name), ("sheets", string.Join(", ", workbook.SheetNames)));
}
