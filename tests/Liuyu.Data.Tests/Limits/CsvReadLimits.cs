using System.Text;
using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Tests.Limits;

/// <summary>
/// ReadLimits (issue 11, item 9): each bound is checked while reading and refuses the file with one error naming the
/// file, row and code, however large the offending part is; errors past MaxErrors are counted, not kept.
/// </summary>
public class CsvReadLimits
{
    private const string Header = "section,sampled_at,indicator,value\n";
    private static readonly ColumnSpec[] Columns = [new("a"), new("b", Required: false)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static InputError RefusedByEveryReader(string csv, ReadLimits limits)
    {
        var bytes = Utf8(csv);
        var read = Assert.Single(Assert.Throws<InputException>(() => SampleReader.ReadCsv("samples.csv", bytes, SampleProvenance.Unknown, limits: limits)).Errors);
        var streamed = Assert.Single(Assert.Throws<InputException>(() => StreamingEvaluation.EvaluateCsv("samples.csv", bytes, new Dictionary<string, SectionProfile>(), limits: limits)).Errors);
        var table = Assert.Single(Assert.Throws<InputException>(() => CsvTable.Parse("samples.csv", bytes, SampleReader.Columns, limits)).Errors);
        Assert.Equal(read.ToString(), streamed.ToString());
        Assert.Equal(read.ToString(), table.ToString());
        return read;
    }

    [Fact]
    public void A_row_with_a_million_extra_fields_is_refused_with_one_error()
    {
        var csv = Header + "S1,2023-01-01,COD,10\nS1,2023-01-02,COD,12" + new string(',', 1_000_000) + "\n";
        var e = RefusedByEveryReader(csv, ReadLimits.Cli);
        Assert.Equal(ErrorCodes.ColumnsTooMany, e.Code);
        Assert.Equal(("samples.csv", 3), (e.File, e.Row));
        Assert.Equal("1000004", e.Args["count"]);
        Assert.Equal("256", e.Args["limit"]);
    }

    [Fact]
    public void A_header_with_a_million_unknown_columns_is_refused_with_one_error_not_a_million_warnings()
    {
        var csv = "section,sampled_at,indicator,value," + string.Join(',', Enumerable.Range(0, 1_000_000).Select(i => "x" + i)) + "\nS1,2023-01-01,COD,10\n";
        var e = RefusedByEveryReader(csv, ReadLimits.Cli);
        Assert.Equal(ErrorCodes.ColumnsTooMany, e.Code);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void More_rows_than_the_limit_are_refused_at_the_first_row_past_it()
    {
        var csv = Header + string.Concat(Enumerable.Range(1, 5).Select(d => $"S1,2023-01-0{d},COD,10\n"));
        var e = RefusedByEveryReader(csv, ReadLimits.Cli with { MaxRows = 3 });
        Assert.Equal(ErrorCodes.RowsTooMany, e.Code);
        Assert.Equal(5, e.Row);
        Assert.Equal("3", e.Args["limit"]);
    }

    [Fact]
    public void A_cell_longer_than_the_limit_is_refused_naming_its_row_and_column()
    {
        var csv = Header + "S1,2023-01-01,COD,10\nS1,2023-01-01," + new string('x', 5000) + ",10\n";
        var e = RefusedByEveryReader(csv, ReadLimits.Cli);
        Assert.Equal(ErrorCodes.CellTooLong, e.Code);
        Assert.Equal((3, "indicator"), (e.Row, e.Column));
        Assert.Equal("5000", e.Args["length"]);
    }

    [Fact]
    public void A_quoted_cell_counts_its_text_not_its_quotes()
    {
        var limits = ReadLimits.Cli with { MaxCellChars = 5 };
        var table = CsvTable.Parse("t.csv", Utf8("a,b\n\"x\"\"yz\",1\n"), Columns, limits);
        Assert.Equal("x\"yz", table.Rows[0]["a"]);
        var e = Assert.Single(Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", Utf8("a,b\n\"x\"\"yzuv\",1\n"), Columns, limits)).Errors);
        Assert.Equal((ErrorCodes.CellTooLong, 2, "a"), (e.Code, e.Row, e.Column));
    }

    [Fact]
    public void A_short_plain_cell_over_a_small_limit_is_refused_too()
    {
        // Short plain cells come from the reader's pool of repeated values; the limit still applies to them.
        var limits = ReadLimits.Cli with { MaxCellChars = 5 };
        Assert.Equal("abcde", CsvTable.Parse("t.csv", Utf8("a,b\nabcde,1\n"), Columns, limits).Rows[0]["a"]);
        var e = Assert.Single(Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", Utf8("a,b\nabcde,1\nabcdef,2\n"), Columns, limits)).Errors);
        Assert.Equal((ErrorCodes.CellTooLong, 3, "a"), (e.Code, e.Row, e.Column));
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_before_reading()
    {
        var e = RefusedByEveryReader(Header + "S1,2023-01-01,COD,10\n", ReadLimits.Cli with { MaxFileBytes = 20 });
        Assert.Equal(ErrorCodes.FileBytesTooMany, e.Code);
        Assert.Null(e.Row);
        Assert.Equal("20", e.Args["limit"]);
    }

    [Fact]
    public void A_file_on_disk_larger_than_the_limit_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"samples-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, Header + "S1,2023-01-01,COD,10\n");
        try
        {
            var e = Assert.Single(Assert.Throws<InputException>(() => SampleReader.Read(new FileInfo(path), SampleProvenance.Unknown, limits: ReadLimits.Cli with { MaxFileBytes = 10 })).Errors);
            Assert.Equal(ErrorCodes.FileBytesTooMany, e.Code);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Errors_past_the_limit_are_counted_and_the_first_ones_kept_in_row_order()
    {
        var csv = Header + string.Concat(Enumerable.Range(0, 999).Select(_ => "S1,not a date,COD,10\n"));
        var limits = ReadLimits.Cli with { MaxErrors = 200 };
        foreach (var read in new Func<InputException>[]
                 {
                     () => Assert.Throws<InputException>(() => SampleReader.ReadCsv("samples.csv", Utf8(csv), SampleProvenance.Unknown, limits: limits)),
                     () => Assert.Throws<InputException>(() => StreamingEvaluation.EvaluateCsv("samples.csv", Utf8(csv), new Dictionary<string, SectionProfile>(), limits: limits, parallelism: 3)),
                 })
        {
            var ex = read();
            Assert.Equal(200, ex.Errors.Count);
            Assert.Equal(999, ex.Total);
            Assert.Equal(Enumerable.Range(2, 200).Select(r => (int?)r), ex.Errors.Select(e => e.Row));
            Assert.All(ex.Errors, e => Assert.Equal(ErrorCodes.SampledAtInvalid, e.Code));
            Assert.Contains("200 of 999", ex.Message);
        }
    }

    [Fact]
    public void Unknown_column_warnings_stop_at_the_error_limit()
    {
        var header = "a," + string.Join(',', Enumerable.Range(0, 250).Select(i => "x" + i));
        var table = CsvTable.Parse("t.csv", Utf8(header + "\n1\n"), Columns, ReadLimits.Cli with { MaxErrors = 10 });
        Assert.Equal(10, table.Warnings.Count);
    }

    [Fact]
    public void Quotes_line_breaks_and_a_BOM_read_as_before()
    {
        var table = CsvTable.Parse("t.csv", [0xEF, 0xBB, 0xBF, .. Utf8("a,b\r\n\"x,\ny\",\"say \"\"hi\"\"\"\r\n\r\nlast,2\n")], Columns);
        Assert.Equal([2, 5], table.Rows.Select(r => r.Number));
        Assert.Equal("x,\ny", table.Rows[0]["a"]);
        Assert.Equal("say \"hi\"", table.Rows[0]["b"]);
        var stray = Assert.Single(Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", Utf8("a,b\n\"1\n2\",x\"y\n"), Columns)).Errors);
        Assert.Equal((ErrorCodes.QuoteInField, 3), (stray.Code, stray.Row));
        var open = Assert.Single(Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", Utf8("a,b\n1,2\n\"3,4\n"), Columns)).Errors);
        Assert.Equal((ErrorCodes.QuoteNotClosed, 3), (open.Code, open.Row));
    }
}

/// <summary>A samples file streamed from disk reads its encoding as a whole file did: a UTF-8 BOM skipped, a bad byte located.</summary>
public class StreamedFileEncoding
{
    private static string Write(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"samples-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_UTF_8_BOM_is_skipped_and_a_bad_byte_is_named_with_its_offset_and_row()
    {
        var ok = Write([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("断面,sampled_at,indicator,value\nS1,2023-01-01,COD,10\n")]);
        var bad = Write([.. Encoding.UTF8.GetBytes("section,sampled_at,indicator,value\nS1,2023-01-01,COD,10\nS"), 0xB6, 0xCF, .. Encoding.UTF8.GetBytes(",2023-01-01,COD,10\n")]);
        var utf16 = Write(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("section,sampled_at,indicator,value\n")).ToArray());
        try
        {
            Assert.Single(StreamingEvaluation.Evaluate(new FileInfo(ok), new Dictionary<string, SectionProfile>()).Results);
            var e = Assert.Single(Assert.Throws<InputException>(() => StreamingEvaluation.Evaluate(new FileInfo(bad), new Dictionary<string, SectionProfile>())).Errors);
            Assert.Equal((ErrorCodes.FileNotUtf8, 3, "57"), (e.Code, e.Row, e.Args["offset"])); // 35 + 21 bytes before, then "S"
            var fromBytes = Assert.Single(Assert.Throws<InputException>(() => SampleReader.ReadCsv("x.csv", File.ReadAllBytes(bad), SampleProvenance.Unknown)).Errors);
            Assert.Equal((e.Row, e.Args["offset"]), (fromBytes.Row, fromBytes.Args["offset"]));
            Assert.Equal(ErrorCodes.FileNotUtf8, Assert.Single(Assert.Throws<InputException>(() => SampleReader.Read(new FileInfo(utf16), SampleProvenance.Unknown)).Errors).Code);
        }
        finally { File.Delete(ok); File.Delete(bad); File.Delete(utf16); }
    }
}
