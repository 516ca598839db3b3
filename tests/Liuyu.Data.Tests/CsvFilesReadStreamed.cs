using System.Text;
using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;

namespace Liuyu.Data.Tests;

/// <summary>
/// A scenario's CSV files are read streamed (<see cref="CsvTable.Read"/>, issue 10): the table and every error are those
/// of reading the file's bytes whole (<see cref="CsvTable.Parse"/>), across the reader's 64 KiB buffers.
/// </summary>
public sealed class CsvFilesReadStreamed : IDisposable
{
    private static readonly ColumnSpec[] Columns = [new("id", "编号"), new("name", "名称"), new("note", Required: false)];
    private readonly string _dir = Directory.CreateTempSubdirectory("liuyu-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_dir, $"t{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A random file of several buffers: quoted commas, doubled quotes and line breaks, CRLF, blank lines, Chinese, extra columns.</summary>
    private static string RandomCsv(int seed, int rows)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(rng.Next(2) == 0 ? "id,名称,note,extra\n" : "编号,name,note\r\n");
        string[] words = ["沙溪", "a,b", "say \"hi\"", "two\nlines", "  padded  ", "", "劣V", "x\r\ny"];
        for (var i = 0; i < rows; i++)
        {
            if (rng.Next(50) == 0) sb.Append(rng.Next(2) == 0 ? "\n" : ",,\r\n");
            var fields = Enumerable.Range(0, rng.Next(2, 5)).Select(_ => words[rng.Next(words.Length)] + (rng.Next(3) == 0 ? i.ToString() : ""))
                .Select(w => w.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + w.Replace("\"", "\"\"") + "\"" : w);
            sb.Append(string.Join(',', fields)).Append(rng.Next(2) == 0 ? "\n" : "\r\n");
        }
        return sb.ToString();
    }

    private static void AssertSameTable(CsvTable expected, CsvTable actual)
    {
        Assert.Equal(expected.Warnings.Select(w => w.ToString()), actual.Warnings.Select(w => w.ToString()));
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            Assert.Equal(expected.Rows[i].Number, actual.Rows[i].Number);
            foreach (var c in Columns) Assert.Equal(expected.Rows[i][c.Key], actual.Rows[i][c.Key]);
        }
    }

    private InputError[] ErrorsOfBoth(byte[] bytes)
    {
        var path = Write(bytes);
        var whole = Assert.Throws<InputException>(() => CsvTable.Parse(path, bytes, Columns)).Errors;
        var streamed = Assert.Throws<InputException>(() => CsvTable.Read(path, Columns)).Errors;
        Assert.Equal(whole.Select(e => e.ToString()), streamed.Select(e => e.ToString()));
        return [.. whole];
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void A_file_read_streamed_is_the_table_its_bytes_give(int seed, bool bom)
    {
        var text = RandomCsv(seed, 12_000);
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        Assert.True(bytes.Length > 3 * 65536, "the file spans several buffers");
        var path = Write(bytes);

        AssertSameTable(CsvTable.Parse(path, bytes, Columns), CsvTable.Read(path, Columns));
    }

    [Fact]
    public void A_byte_that_is_not_utf8_after_a_malformed_row_is_the_error_as_when_the_file_is_read_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("id,name\nS1,op\"en\n" + RandomCsv(4, 3000)).Append((byte)0xFF).ToArray();
        var e = Assert.Single(ErrorsOfBoth(bytes));
        Assert.Equal(ErrorCodes.FileNotUtf8, e.Code);
    }

    [Theory]
    [InlineData(65534)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(200_000)]
    public void A_broken_character_anywhere_is_the_error_as_when_the_file_is_read_whole(int at)
    {
        // A three-byte character whose last byte is lost, placed so that it straddles a buffer's end for some of the positions.
        var head = Encoding.UTF8.GetBytes("id,name\n");
        var filler = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"S{i},n{i}\n")));
        var before = head.Concat(filler).Take(at).ToArray();
        var bytes = before.Concat(new byte[] { 0xE4, 0xB8, (byte)',' }).Concat(filler.Take(1000)).ToArray();

        var e = Assert.Single(ErrorsOfBoth(bytes));

        Assert.Equal(ErrorCodes.FileNotUtf8, e.Code);
        Assert.Equal(at.ToString(), e.Args["offset"]);
        Assert.Equal(before.Count(b => b == (byte)'\n') + 1, e.Row);
    }

    [Fact]
    public void A_malformed_row_in_a_utf8_file_is_the_error_as_when_the_file_is_read_whole()
    {
        var e = Assert.Single(ErrorsOfBoth(Encoding.UTF8.GetBytes(RandomCsv(5, 3000) + "S9,\"never closed\n")));
        Assert.Equal(ErrorCodes.QuoteNotClosed, e.Code);
        var missing = Assert.Single(ErrorsOfBoth(Encoding.UTF8.GetBytes("id,extra\nS1,x\n")));
        Assert.Equal(ErrorCodes.ColumnMissingAlias, missing.Code);
    }

    [Fact]
    public void A_file_of_only_a_bom_and_white_space_is_empty_to_a_scenario_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "scenario")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "parties.csv"), [0xEF, 0xBB, 0xBF, (byte)' ', (byte)'\r', (byte)'\n', (byte)'\t']);
        var e = Assert.Throws<InputException>(() => ScenarioReader.ReadFolder(folder)).Errors;
        Assert.Contains(e, x => x.Code == ErrorCodes.FileEmpty && Path.GetFileName(x.File) == "parties.csv");
        // One byte that is not blank, far into the file, and it is read as a table (here: one without the expected header).
        File.WriteAllBytes(Path.Combine(folder, "parties.csv"), [0xEF, 0xBB, 0xBF, .. Enumerable.Repeat((byte)'\n', 10_000), (byte)'x']);
        e = Assert.Throws<InputException>(() => ScenarioReader.ReadFolder(folder)).Errors;
        Assert.DoesNotContain(e, x => x.Code == ErrorCodes.FileEmpty && Path.GetFileName(x.File) == "parties.csv");
        Assert.Contains(e, x => x.Code is ErrorCodes.ColumnMissing or ErrorCodes.ColumnMissingAlias && Path.GetFileName(x.File) == "parties.csv");
    }
}
