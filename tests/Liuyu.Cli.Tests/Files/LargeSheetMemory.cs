using System.Globalization;
using Liuyu.Data.Spreadsheets;
using Liuyu.Storage;
using Liuyu.TestSupport;
using Xunit.Abstractions;

namespace Liuyu.Cli.Tests.Files;

/// <summary>Nothing else runs while the memory test measures the process.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>
/// A results sheet of 100,000 rows imports by streaming: the peak working set of the process, measured by the test
/// itself (Linux VmHWM, reset before the import), grows far less than a document model of the workbook would need.
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public class LargeSheetMemory(ITestOutputHelper output)
{
    private const int Sections = 1000, Months = 100;

    /// <summary>
    /// The ceiling. The results sheet is 24 MB of XML (500,000 cells); a document model of the workbook keeps every
    /// cell as objects and needs a multiple of that. The streaming import holds the parsed rows and the validated
    /// results plus the store's bulk insert: about 90 MB measured on the 2-core development machine. 200 MB leaves
    /// room for the runtime's own growth; a whole-workbook load would not fit.
    /// </summary>
    private const long CeilingBytes = 200L * 1024 * 1024;

    [Fact]
    public void A_results_sheet_of_100000_rows_imports_within_the_memory_ceiling()
    {
        var dir = ScenarioGenerator.TempFolder();
        var book = Path.Combine(dir, "large.xlsx");
        using (var file = File.Create(book))
        using (var w = new XlsxWriter(file))
        {
            var parties = w.AddSheet("parties");
            parties.Row("id", "name", "kind");
            for (var p = 0; p <= Sections; p++) parties.Row($"P{p}", $"区县{p}", "district");
            var rivers = w.AddSheet("rivers");
            rivers.Row("id", "name");
            rivers.Row("R", "长河");
            var sections = w.AddSheet("sections");
            sections.Row("id", "name", "river", "upstream", "downstream", "kind", "km", "approved");
            for (var s = 0; s < Sections; s++)
                sections.Row($"S{s}", $"断面{s}", "R", $"P{s}", $"P{s + 1}", "municipal", (s * 1.5).ToString(CultureInfo.InvariantCulture), "true");
            var results = w.AddSheet("results", frozenRows: 1);
            results.Row("断面", "月份", "水质类别", "来源", "备注");
            for (var s = 0; s < Sections; s++)
                for (var m = 0; m < Months; m++)
                    // Months as Excel serial dates and classes as numbers, as a spreadsheet would hold them.
                    results.Row($"S{s}", new DateTime(2015 + m / 12, m % 12 + 1, 1).ToOADate(), (double)(1 + (s + m) % 5), "municipal", m % 7 == 0 ? "加密监测" : null);
        }
        var store = Path.Combine(dir, "s.db");
        using (var s = LiuyuStore.Open(store)) s.Migrate();   // the store's own start-up is not what is measured

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeak();
        var before = CurrentWorkingSet();

        var (exit, _, err) = CliRunner.Run("import", "--store", store, "--data", book);

        var peak = PeakWorkingSet();
        Assert.True(exit == 0, err);
        using (var s = LiuyuStore.Open(store))
            Assert.Equal(Sections * Months, s.ImportBatches().Single().Rows - (Sections + 1) - 1 - Sections);
        var growth = peak - before;
        output.WriteLine($"100,000-row sheet: peak working set grew by {growth / 1048576} MB during the import (ceiling {CeilingBytes / 1048576} MB)");
        Assert.True(growth < CeilingBytes, $"the import grew the peak working set by {growth / 1048576} MB (ceiling {CeilingBytes / 1048576} MB)");
    }

    // Linux: writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one.
    private static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static long PeakWorkingSet() => Status("VmHWM:");

    private static long CurrentWorkingSet() => Status("VmRSS:");

    private static long Status(string key)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
