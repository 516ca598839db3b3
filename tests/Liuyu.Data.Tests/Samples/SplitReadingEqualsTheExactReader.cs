using System.Text;
using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Tests.Samples;

/// <summary>
/// R-DATA-3 (issue 10, P2): the split reading of <c>evaluate</c> (workers reading their own pieces of the file) gives the
/// results, warnings and errors of the exact reader (Sep, one piece) on the same bytes: with chunks of a few hundred
/// bytes, so rows, blank lines and bad rows fall on every side of a chunk's and a block's end; CRLF, a BOM, padded
/// cells, extra columns, a last line without a line break; and every file the split reading hands back to the exact
/// reader (quotes, a lone CR, a bad byte, a long cell, too many columns or rows).
/// </summary>
public class SplitReadingEqualsTheExactReader
{
    private static readonly Dictionary<string, SectionProfile> Profiles = new() { ["S1"] = new SectionProfile(WaterBody.Lake, IncludesTotalNitrogen: true) };

    private static readonly SampleCsv.Split Small = new(ChunkBytes: 300, BlockBytes: 512);

    /// <summary>Small chunks that say whether the file was read split.</summary>
    private static SampleCsv.Split Watched(List<bool> reads) => Small with { Read = reads.Add };
    private static readonly SampleCsv.Split None = new(ChunkBytes: 0, BlockBytes: 0);

    private static string Describe(SampleEvaluation e) =>
        string.Join("\n", e.Results.Select(r =>
            $"{r.SectionId} {r.Month} {r.Class?.Code} " +
            string.Join(" ", r.Indicators.Select(i => $"{i.Indicator.Key}={i.Mean}/{i.Class.Code}/{i.SampleCount}/{i.ClassIBySaturation}"))))
        + "\nwarnings: " + string.Join("; ", e.Warnings.Select(w => w.ToString()));

    /// <summary>The outcome of a reading as text: the results, or the errors with their total.</summary>
    private static string Outcome(byte[] bytes, int parallelism, SampleCsv.Split split, ReadLimits? limits = null)
    {
        try { return Describe(StreamingEvaluation.EvaluateCsv("samples.csv", bytes, Profiles, parallelism, split, limits ?? ReadLimits.Cli)); }
        catch (InputException ex) { return $"errors ({ex.Total}): " + string.Join("\n", ex.Errors.Select(e => $"{e.Code} {e}")); }
    }

    private static void SameAsExact(byte[] bytes, ReadLimits? limits = null)
    {
        var exact = Outcome(bytes, 1, None, limits);
        Assert.Equal(exact, Outcome(bytes, 3, Small, limits));
        Assert.Equal(exact, Outcome(bytes, 2, SampleCsv.Split.Default, limits));
    }

    /// <summary>A random file made awkward: padded cells, blank and white-space lines, an extra column, CRLF and a BOM as asked.</summary>
    private static byte[] Awkward(int seed, bool crlf, bool bom, bool finalBreak, int badRows)
    {
        var rng = new Random(seed);
        var lines = StreamingEvaluationEqualsEvaluatingEverySample.RandomFile(seed, 3_000).TrimEnd('\n').Split('\n').ToList();
        lines[0] += ",note";
        for (var i = 1; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            if (rng.Next(7) == 0) cells[0] = "  " + cells[0] + "\t";
            if (rng.Next(9) == 0) cells[3] = " " + cells[3] + " ";
            lines[i] = string.Join(',', cells) + (rng.Next(5) == 0 ? ",a note" : "");
        }
        for (var k = 0; k < 30; k++)
            lines.Insert(1 + rng.Next(lines.Count - 1), rng.Next(3) switch { 0 => "", 1 => " ,\t, ,", _ => "\u3000" });
        for (var k = 0; k < badRows; k++)
            lines[1 + rng.Next(lines.Count - 1)] = rng.Next(3) switch { 0 => "S1,2023-13-01,pH,7", 1 => ",,,,,,,,,,kept: a note only", _ => "S1,2023-01-01,COD,-1" };
        var text = string.Join(crlf ? "\r\n" : "\n", lines) + (finalBreak ? crlf ? "\r\n" : "\n" : "");
        return [.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)];
    }

    [Theory]
    [InlineData(1, false, false, true)]
    [InlineData(2, true, false, true)]
    [InlineData(3, false, true, false)]
    [InlineData(4, true, true, false)]
    public void Results_and_warnings_are_those_of_the_exact_reader(int seed, bool crlf, bool bom, bool finalBreak)
    {
        var bytes = Awkward(seed, crlf, bom, finalBreak, badRows: 0);
        SameAsExact(bytes);
        List<bool> reads = [];
        Assert.DoesNotContain("errors", Outcome(bytes, 3, Watched(reads)));
        Assert.Equal([true], reads);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void Bad_rows_give_the_same_errors_with_the_same_row_numbers(int seed, bool crlf)
    {
        var bytes = Awkward(seed, crlf, bom: seed % 2 == 0, finalBreak: true, badRows: 25);
        var exact = Outcome(bytes, 1, None);
        Assert.StartsWith("errors", exact);
        List<bool> reads = [];
        Assert.Equal(exact, Outcome(bytes, 3, Watched(reads)));
        Assert.Equal([true], reads);
        // Fewer kept than there are: each worker's first errors are its lowest rows, so the first of the file are kept.
        var few = ReadLimits.Cli with { MaxErrors = 7 };
        Assert.Equal(Outcome(bytes, 1, None, few), Outcome(bytes, 3, Small, few));
    }

    public static TheoryData<string, string> HandedBack => new()
    {
        { "a quoted cell", "S1,2023-01-05,COD,\"12\"\n" },
        { "a quote inside a cell", "S1,2023-01-05,COD,1\"2\n" },
        { "a lone CR", "S1,2023-01-05,COD,12\rS1,2023-01-06,COD,13\n" },
        { "a long cell", "S1,2023-01-05,COD,12," + new string('x', 5_000) + "\n" },
        { "too many columns", "S1,2023-01-05,COD,12" + string.Concat(Enumerable.Repeat(",", 300)) + "\n" },
    };

    [Theory]
    [MemberData(nameof(HandedBack))]
    public void A_file_the_split_reading_hands_back_reads_the_exact_way(string what, string row)
    {
        var lines = Encoding.UTF8.GetString(Awkward(7, crlf: false, bom: false, finalBreak: true, badRows: 0)).Split('\n').ToList();
        lines.Insert(lines.Count / 2, row.TrimEnd('\n'));
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        SameAsExact(bytes);
        List<bool> reads = [];
        Outcome(bytes, 3, Watched(reads));
        Assert.True(reads is [false], what);
    }

    [Fact]
    public void A_bad_byte_deep_in_the_file_is_the_exact_readers_error()
    {
        var bytes = Awkward(8, crlf: false, bom: false, finalBreak: true, badRows: 0);
        bytes[bytes.Length * 2 / 3] = 0xFF;
        var exact = Outcome(bytes, 1, None);
        Assert.Contains(ErrorCodes.FileNotUtf8, exact);
        List<bool> reads = [];
        Assert.Equal(exact, Outcome(bytes, 3, Watched(reads)));
        Assert.Equal([false], reads);
    }

    [Fact]
    public void More_rows_than_allowed_is_the_exact_readers_error()
    {
        var bytes = Awkward(9, crlf: false, bom: false, finalBreak: true, badRows: 0);
        var limits = ReadLimits.Cli with { MaxRows = 1_000 };
        var exact = Outcome(bytes, 1, None, limits);
        Assert.Contains(ErrorCodes.RowsTooMany, exact);
        Assert.Equal(exact, Outcome(bytes, 3, Small, limits));
    }

    [Theory]
    [InlineData("section,sampled_at,indicator,value\n")]
    [InlineData("section,sampled_at,indicator,value")]
    [InlineData("section,sampled_at,indicator,value\n\n \n")]
    [InlineData("")]
    public void A_file_without_rows_reads_as_the_exact_reader_reads_it(string text) => SameAsExact(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_file_from_disk_reads_split_to_the_same_results_as_read_whole()
    {
        var folder = Directory.CreateTempSubdirectory("split-");
        var path = Path.Combine(folder.FullName, "samples.csv");
        var bytes = Awkward(10, crlf: true, bom: true, finalBreak: false, badRows: 0);
        File.WriteAllBytes(path, bytes);
        try
        {
            var fromDisk = Describe(StreamingEvaluation.Evaluate(new FileInfo(path), Profiles, parallelism: 2));
            Assert.Equal(Outcome(bytes, 1, None), fromDisk);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void Commas_and_line_feeds_are_found_alike_with_vectors_and_without()
    {
        var rng = new Random(11);
        const string alphabet = ",\n\r ab,1.\n中,\t"; // commas and line feeds among letters, a CR, a tab, a wide character
        for (var trial = 0; trial < 200; trial++)
        {
            var text = new string(Enumerable.Range(0, rng.Next(0, 400)).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray());
            for (var from = 0; from < text.Length; from += 64)
            {
                var expected = 0UL;
                for (var i = from; i < Math.Min(text.Length, from + 64); i++)
                    if (text[i] is ',' or '\n') expected |= 1UL << (i - from);
                foreach (var vectors in new[] { true, false })
                    Assert.True(expected == SampleCsv.Separators.Find(text, from, vectors), $"trial {trial}, from {from}, vectors {vectors}");
            }
            var found = new List<int>();
            var separators = new SampleCsv.Separators(text);
            for (int at; (at = separators.Next()) < text.Length;) found.Add(at);
            Assert.Equal(Enumerable.Range(0, text.Length).Where(i => text[i] is ',' or '\n'), found);
        }
    }
}
