using Liuyu.Data.Contracts;
using Liuyu.Data.Scenario;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests;

/// <summary>
/// formats.md's statement JSON (R-SET-1/2: <c>account --json</c>, <c>settle --json</c>) writes its lines in parallel runs
/// (<see cref="JsonItems"/>): the bytes must be those of one writer over every line, whatever the run length and the
/// number of threads, with and without the chain head that <c>settle</c> adds.
/// </summary>
public class StatementJsonInRuns
{
    private static byte[] Json(SettlementStatement statement, (long, string)? head, int? parallelism, int run)
    {
        using var bytes = new MemoryStream();
        AccountingJson.Write(bytes, statement, head, parallelism, run);
        return bytes.ToArray();
    }

    [Theory]
    [MemberData(nameof(ExampleScenariosInMemory.Examples), MemberType = typeof(ExampleScenariosInMemory))]
    public void Lines_written_in_runs_give_the_bytes_of_one_writer(string name)
    {
        var scheme = ScenarioReader.ReadFolder(Path.Combine(SharedFolder.Shared, "examples", "account", name)).ToScheme();
        var years = scheme.Results.Select(r => r.Month.Year).Distinct().ToList();
        Assert.NotEmpty(years);
        foreach (var year in years)
        {
            var lines = LedgerPlanner.Plan(new Dictionary<(Domain.SectionId, Domain.YearMonth, string), LedgerLine>(),
                MonthlyAccounting.AccountYear(scheme, year), _ => false, firstSequence: 1);
            var statement = YearlySettlement.Settle(scheme, year, lines);
            Assert.True(statement.Lines.Count > 3, $"{name} {year}: too few lines to cut into runs");
            foreach (var head in new (long, string)?[] { null, (lines.Count, new string('a', 64)) })
            {
                var one = Json(statement, head, parallelism: 1, run: int.MaxValue);
                Assert.Contains("\"lines\": [\n    {\n      \"river\": ", System.Text.Encoding.UTF8.GetString(one));
                foreach (var threads in new[] { 2, 3 })
                    foreach (var run in new[] { 1, 2, 3, 7, statement.Lines.Count - 1, statement.Lines.Count })
                        Assert.True(one.AsSpan().SequenceEqual(Json(statement, head, threads, run)), $"{name} {year}: {threads} threads, runs of {run}");
            }
        }
    }
}
