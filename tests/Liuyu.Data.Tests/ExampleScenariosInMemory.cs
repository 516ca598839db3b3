using System.Text.Json.Nodes;
using Liuyu.Data.Contracts;
using Liuyu.Data.Scenario;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests;

/// <summary>The worked scenarios of ../shared/examples/account, accounted in memory by the pure domain (no store).</summary>
public class ExampleScenariosInMemory
{
    public static TheoryData<string> Examples() => new(SharedFolder.AccountExamples().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_scenario_matches_expected_json(string name)
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", name);
        var data = ScenarioReader.ReadFolder(dir);
        var scheme = data.ToScheme();
        var year = (int)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")))!["year"]!;
        var planned = LedgerPlanner.Plan(new Dictionary<(Domain.SectionId, Domain.YearMonth, string), LedgerLine>(),
            MonthlyAccounting.AccountYear(scheme, year), _ => false);
        var lines = planned.Select((l, i) => l with { Sequence = i + 1 }).ToList();
        var statement = YearlySettlement.Settle(scheme, year, lines);
        var actual = JsonNode.Parse(AccountingJson.ToJson(statement));
        JsonAssert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))), actual);
    }
}
