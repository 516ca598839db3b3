using System.Text;
using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests;

/// <summary>
/// A scenario folder's results file is read on another core while the other tables are read and checked (issue 10). An
/// import is all or nothing and names every error in order, so the folder must read exactly as it does table by table
/// in order: the same data, or the same errors in the same order with the same total, whatever is wrong and where.
/// </summary>
public sealed class ResultsReadAhead : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("liuyu-ahead-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A copy of worked example 1, with <paramref name="change"/> applied to it.</summary>
    private string Folder(Action<string> change)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, Guid.NewGuid().ToString("N"))).FullName;
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        change(dir);
        return dir;
    }

    private static void Append(string dir, string file, string text) => File.AppendAllText(Path.Combine(dir, file), text);

    /// <summary>
    /// Reads the folder three ways: in order, with the results file read ahead, and with it begun before the reader
    /// runs (<see cref="ScenarioReader.StartReading"/>, as <c>liuyu import</c> does while the store opens). All succeed with
    /// the same data or all fail with the same errors. Returns the errors.
    /// </summary>
    private static IReadOnlyList<InputError> ReadBothWays(string dir)
    {
        ScenarioData? inOrder = null;
        var inOrderError = Record.Exception(() => inOrder = ScenarioReader.ReadFolder(dir, null, resultsAhead: false));
        ScenarioData StartedBefore()
        {
            using var started = ScenarioReader.StartReading(dir);
            Assert.NotNull(started);
            return ScenarioReader.ReadAny(dir, null, started);
        }
        foreach (var way in new Func<ScenarioData>[] { () => ScenarioReader.ReadFolder(dir, null, resultsAhead: true), StartedBefore })
        {
            ScenarioData? ahead = null;
            var aheadError = Record.Exception(() => ahead = way());
            Assert.Equal(inOrderError?.GetType(), aheadError?.GetType());
            if (inOrderError is InputException e1)
            {
                var e2 = (InputException)aheadError!;
                Assert.Equal(e1.Errors.Select(e => e.ToString()), e2.Errors.Select(e => e.ToString()));
                Assert.Equal(e1.Total, e2.Total);
                continue;
            }
            Assert.Null(inOrderError);
            Assert.Equal(inOrder!.Results, ahead!.Results);
            Assert.Equal(inOrder.Sections, ahead.Sections);
            Assert.Equal(inOrder.Targets, ahead.Targets);
            Assert.Equal(inOrder.Warnings.Select(w => w.ToString()), ahead.Warnings.Select(w => w.ToString()));
        }
        return inOrderError is InputException e ? e.Errors : [];
    }

    [Fact]
    public void A_results_file_begun_for_another_folder_is_not_taken()
    {
        var one = Folder(_ => { });
        var other = Folder(dir => File.WriteAllText(Path.Combine(dir, "results.csv"), "section,month,class,source\nS1,2023-01,II,monitoring_centre\n"));
        using (var begun = ScenarioReader.StartReading(other))
            Assert.Equal(ScenarioReader.ReadFolder(one).Results, ScenarioReader.ReadAny(one, null, begun).Results);
        Assert.Null(ScenarioReader.StartReading(Path.Combine(_dir, "no-such-folder")));
        Assert.Single(ScenarioReader.ReadAny(other, null, ScenarioReader.StartReading(other)).Results);
    }

    [Fact]
    public void The_worked_examples_read_the_same_both_ways()
    {
        foreach (var example in SharedFolder.AccountExamples())
        {
            var data = ScenarioReader.ReadFolder(example, null, resultsAhead: true);
            var inOrder = ScenarioReader.ReadFolder(example, null, resultsAhead: false);
            Assert.NotEmpty(data.Results);
            Assert.Equal(inOrder.Results, data.Results);
            Assert.Equal(inOrder.Parties, data.Parties);
            Assert.Equal(inOrder.Warnings.Select(w => w.ToString()), data.Warnings.Select(w => w.ToString()));
        }
    }

    [Fact]
    public void A_malformed_results_row_comes_before_the_errors_of_the_tables_checked_meanwhile()
    {
        // The results file's error is a reading error: it is reported before any table's checks, though the sections and
        // parties were checked while the results file was being read.
        var dir = Folder(d =>
        {
            Append(d, "parties.csv", "D99,区县D99,county\n");
            Append(d, "sections.csv", "S99,断面99,R0,D12,D12,none,1,true,\n");
            Append(d, "results.csv", "S0,2023-05,I\"I,joint,\n");
        });
        var errors = ReadBothWays(dir);
        Assert.Equal(ErrorCodes.QuoteInField, errors[0].Code);
        Assert.EndsWith("results.csv", errors[0].File);
        Assert.Contains(errors, e => e.Code == ErrorCodes.PartyKindInvalid);
        Assert.Contains(errors, e => e.Code == ErrorCodes.DownstreamIsUpstream);
    }

    [Fact]
    public void An_unknown_results_column_is_warned_about_in_its_place()
    {
        var dir = Folder(d =>
        {
            var path = Path.Combine(d, "results.csv");
            var lines = File.ReadAllLines(path);
            File.WriteAllLines(path, lines.Select((l, i) => l + (i == 0 ? ",remark" : ",x")));
        });
        ReadBothWays(dir);
        var warnings = ScenarioReader.ReadFolder(dir).Warnings;
        Assert.Contains(warnings, w => w.Code == ErrorCodes.ColumnUnknown && w.File.EndsWith("results.csv", StringComparison.Ordinal));

        // With an error elsewhere, the same refusal both ways.
        Append(dir, "parties.csv", "D99,,district\n");
        Assert.Contains(ReadBothWays(dir), e => e.Code == ErrorCodes.ValueEmpty);
    }

    [Fact]
    public void A_results_file_that_is_not_utf8_empty_missing_or_too_large_fails_as_in_order()
    {
        var notUtf8 = Folder(d =>
        {
            Append(d, "sections.csv", "S98,断面98,R404,D12,D07,none,1,true,\n");
            File.AppendAllText(Path.Combine(d, "results.csv"), "S0,2023-05,");
            using var f = File.Open(Path.Combine(d, "results.csv"), FileMode.Append);
            f.Write([0xC3, 0x28, (byte)'\n']);
        });
        var errors = ReadBothWays(notUtf8);
        Assert.Equal(ErrorCodes.FileNotUtf8, errors[0].Code);
        Assert.Contains(errors, e => e.Code == ErrorCodes.RiverUnknown);

        var empty = Folder(d => File.WriteAllText(Path.Combine(d, "results.csv"), "\uFEFF \r\n"));
        Assert.Equal(ErrorCodes.FileEmpty, Assert.Single(ReadBothWays(empty)).Code);

        var missing = Folder(d => File.Delete(Path.Combine(d, "results.csv")));
        Assert.Empty(ReadBothWays(missing));
        Assert.Empty(ScenarioReader.ReadFolder(missing).Results);

        var tooLong = Folder(d => Append(d, "results.csv", "S0,2023-05,II,joint," + new string('x', 5000) + "\n"));
        Assert.Equal(ErrorCodes.CellTooLong, Assert.Single(ReadBothWays(tooLong)).Code);
    }

    [Fact]
    public void Errors_found_in_the_results_rows_and_past_the_bound_are_the_same_both_ways()
    {
        // The rows' own errors (bad class, duplicates, unknown sections) come from the checks, in order; past the bound of
        // errors kept, the first ones and the total are the same.
        var dir = Folder(d =>
        {
            var sb = new StringBuilder();
            for (var i = 0; i < 150; i++) sb.Append("D9").Append(i).Append(",,district\n");
            Append(d, "parties.csv", sb.ToString());
            sb.Clear();
            for (var i = 0; i < 150; i++) sb.Append(i % 3 == 0 ? "S404" : "S0").Append(",2023-0").Append(1 + i % 9).Append(i % 2 == 0 ? ",VII" : ",II").Append(",joint,\n");
            Append(d, "results.csv", sb.ToString());
        });
        var errors = ReadBothWays(dir);
        Assert.Equal(ReadLimits.Current.MaxErrors, errors.Count);
        Assert.Contains(errors, e => e.Code == ErrorCodes.ClassInvalid);
        Assert.Contains(errors, e => e.Code == ErrorCodes.ResultDuplicate);
        Assert.Contains(errors, e => e.Code == ErrorCodes.SectionUnknown);
    }

    [Fact]
    public void A_bound_hit_by_several_tables_is_reported_as_in_order()
    {
        // The row bound is hit by the parties first and by the results file being read ahead at the same time: the
        // refusal names the parties' row, as reading in order does.
        var dir = Folder(d => Append(d, "results.csv", string.Concat(Enumerable.Repeat("S0,2023-05,II,joint,\n", 20_000))));
        using var bound = ReadLimits.Enter(ReadLimits.Cli with { MaxRows = 2 });
        var errors = ReadBothWays(dir);
        Assert.Contains(errors, e => e.Code == ErrorCodes.RowsTooMany && e.File.EndsWith("parties.csv", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Code == ErrorCodes.RowsTooMany && e.File.EndsWith("results.csv", StringComparison.Ordinal));
    }
}
