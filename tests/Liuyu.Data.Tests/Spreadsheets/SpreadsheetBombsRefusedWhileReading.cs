using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Data.Spreadsheets;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests.Spreadsheets;

/// <summary>
/// Issue 11, item 5: a workbook is read within <see cref="ReadLimits"/>, each bound checked as the cells stream past,
/// and refused at the first cell, row or byte past it with a code naming the file, row and column. "Stops early" is
/// shown by what was read (rows yielded, bytes inflated), never by timing.
/// </summary>
public class SpreadsheetBombsRefusedWhileReading
{
    private static Workbook Open(byte[] xlsx, ReadLimits limits, CancellationToken? cancel = null) =>
        Workbook.Open("bomb.xlsx", new MemoryStream(xlsx), limits: limits, cancel: cancel);

    private static InputError Refusal(Action read) => Assert.Single(Assert.Throws<InputException>(read).Errors);

    [Fact]
    public void A_value_in_column_XFD_is_refused_at_its_cell_before_the_row_is_widened()
    {
        using var book = Open(SpreadsheetBombs.ValuesInColumnXfd(), ReadLimits.Server);
        var rowsSeen = new List<int>();

        var e = Refusal(() => { foreach (var (row, _) in book.Rows("results")) rowsSeen.Add(row); });

        Assert.Equal((ErrorCodes.SheetColumnsTooMany, "bomb.xlsx[results]", 2, "XFD"), (e.Code, e.File, e.Row, e.Column));
        Assert.Equal(("16384", "256"), (e.Args["number"], e.Args["max"]));
        Assert.Equal([1], rowsSeen); // the header only: the first bomb row is refused, the other 199 are never read
    }

    [Fact]
    public void The_declared_dimension_and_styled_empty_cells_do_not_count_as_used_columns()
    {
        using var ms = new MemoryStream();
        SpreadsheetBombs.Write(ms, "results", w =>
        {
            SpreadsheetBombs.Header(w, SpreadsheetBombs.ResultsHeader);
            w.Write("""<row r="2"><c r="A2" t="inlineStr"><is><t>S1</t></is></c><c r="XFD2" s="0"/></row>""");
        }, dimension: "A1:XFD1048576");
        using var book = Open(ms.ToArray(), ReadLimits.Server);

        var rows = book.Rows("results").ToList();

        Assert.Equal([5, 1], rows.Select(r => r.Cells.Length));
    }

    [Fact]
    public void A_part_declared_larger_than_the_bound_is_refused_before_it_is_inflated()
    {
        var xlsx = SpreadsheetBombs.ExpandingPart(24L * 1024 * 1024);

        var e = Refusal(() => Open(xlsx, ReadLimits.Cli with { MaxPartBytes = 16L * 1024 * 1024, MaxCompressionRatio = 10_000 }));

        Assert.Equal((ErrorCodes.WorkbookPartTooLarge, "xl/sharedStrings.xml", "16"), (e.Code, e.Args["part"], e.Args["maxMb"]));
    }

    [Fact]
    public void A_part_that_expands_more_than_the_ratio_allows_is_refused_before_it_is_inflated()
    {
        var xlsx = SpreadsheetBombs.ExpandingPart(24L * 1024 * 1024);

        var e = Refusal(() => Open(xlsx, ReadLimits.Server));

        Assert.Equal((ErrorCodes.WorkbookPartRatio, "xl/sharedStrings.xml", "100"), (e.Code, e.Args["part"], e.Args["max"]));
        Assert.True(int.Parse(e.Args["ratio"]) > 100, e.Args["ratio"]);
    }

    [Fact]
    public void A_part_whose_headers_understate_its_size_is_stopped_by_the_bytes_counted_while_it_inflates()
    {
        // 24 MB of shared strings whose zip headers claim 100 KB: the declared sizes pass the checks made before reading.
        var xlsx = SpreadsheetBombs.LieAboutSize(SpreadsheetBombs.ExpandingPart(24L * 1024 * 1024), "xl/sharedStrings.xml", 100_000);
        var limits = ReadLimits.Server;
        using var book = Open(xlsx, limits);

        var e = Refusal(() => SheetTable.Read(book, "results", ScenarioReader.Columns.Results));

        // Either the zip reader holds the part to its declared size (then the XML ends early) or the count stops it.
        Assert.Contains(e.Code, new[] { ErrorCodes.WorkbookPartRatio, ErrorCodes.WorkbookPartTooLarge, ErrorCodes.SheetUnreadable });
        Assert.True(book.BytesRead["xl/sharedStrings.xml"] <= limits.RatioFloorBytes + 1024 * 1024,
            $"{book.BytesRead["xl/sharedStrings.xml"]} bytes inflated");
    }

    [Fact]
    public void A_sheet_of_a_million_rows_is_refused_at_the_first_row_past_the_bound_without_reading_the_rest()
    {
        using var ms = new MemoryStream();
        SpreadsheetBombs.ManyRows(ms, 1_000_000);
        var limits = ReadLimits.Cli with { MaxRows = 1_000 };
        using var book = Open(ms.ToArray(), limits);
        var rowsSeen = 0;

        var e = Refusal(() => { foreach (var _ in book.Rows("results")) rowsSeen++; });

        Assert.Equal((ErrorCodes.SheetRowsTooMany, 1_001, "1000"), (e.Code, e.Row, e.Args["max"]));
        Assert.Equal(1_000, rowsSeen);
        using var whole = new System.IO.Compression.ZipArchive(new MemoryStream(ms.ToArray()));
        var sheetBytes = whole.GetEntry("xl/worksheets/sheet1.xml")!.Length;
        Assert.True(book.BytesRead["xl/worksheets/sheet1.xml"] < sheetBytes / 100, $"{book.BytesRead["xl/worksheets/sheet1.xml"]} of {sheetBytes} bytes read");
    }

    [Fact]
    public void A_cell_longer_than_the_bound_is_refused_with_its_row_and_column()
    {
        using var ms = new MemoryStream();
        SpreadsheetBombs.Write(ms, "results", w =>
        {
            SpreadsheetBombs.Header(w, SpreadsheetBombs.ResultsHeader);
            SpreadsheetBombs.Row(w, 2, ("A", "S1"), ("E", new string('长', 5_000)));
        });
        using var book = Open(ms.ToArray(), ReadLimits.Server);

        var e = Refusal(() => SheetTable.Read(book, "results", ScenarioReader.Columns.Results));

        Assert.Equal((ErrorCodes.SheetCellTooLong, 2, "E", "4096"), (e.Code, e.Row, e.Column, e.Args["max"]));
    }

    [Fact]
    public void A_read_whose_caller_went_away_stops_at_the_next_row()
    {
        using var ms = new MemoryStream();
        SpreadsheetBombs.ManyRows(ms, 10_000);
        using var gone = new CancellationTokenSource();
        using var book = Open(ms.ToArray(), ReadLimits.Server, gone.Token);
        var rowsSeen = 0;

        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var _ in book.Rows("results"))
                if (++rowsSeen == 10) gone.Cancel();
        });

        Assert.Equal(10, rowsSeen);
    }

    [Fact]
    public void Readers_take_the_bounds_and_token_of_the_scope_they_run_in_and_a_spent_budget_is_a_refusal()
    {
        using var ms = new MemoryStream();
        SpreadsheetBombs.ManyRows(ms, 100);
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "rows.xlsx");
        File.WriteAllBytes(path, ms.ToArray());

        using (ReadLimits.Enter(ReadLimits.Cli with { MaxRows = 10 }))
        using (var book = Workbook.Open(path))
            Assert.Equal(ErrorCodes.SheetRowsTooMany, Refusal(() => book.Rows("results").ToList()).Code);

        using var scope = ReadLimits.Enter(ReadLimits.Cli with { TimeBudget = TimeSpan.FromMilliseconds(1) });
        Assert.True(SpinWait.SpinUntil(() => scope.Token.IsCancellationRequested, TimeSpan.FromSeconds(30)));
        using (var book = Workbook.Open(path))
            Assert.Throws<OperationCanceledException>(() => book.Rows("results").ToList());
        Assert.True(scope.OverBudget);
        Assert.Equal(ErrorCodes.ReadTimeBudget, Assert.Single(scope.BudgetExceeded("rows.xlsx").Errors).Code);
    }

    [Fact]
    public void Errors_past_the_bound_are_counted_not_kept()
    {
        var errors = Enumerable.Range(2, 5_000).Select(r => new InputError("results.csv", r, "section", ErrorCodes.SectionUnknown, ("section", "X"))).ToList();

        using (ReadLimits.Enter(ReadLimits.Cli with { MaxErrors = 200 }))
        {
            var e = new InputException(errors);
            Assert.Equal((200, 5_000, true), (e.Errors.Count, e.Total, e.Truncated));
            Assert.Equal(2, e.Errors[0].Row);
        }
    }
}
