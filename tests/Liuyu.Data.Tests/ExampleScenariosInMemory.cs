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

/// <summary>
/// The examples of the extensions issue (rule families and water quantity) are not built yet: until they are, a
/// scenario using them is refused naming the file, row, column and the unknown family, never accounted wrongly.
/// </summary>
public class PendingExampleScenarios
{
    public static TheoryData<string> Pending() => new(SharedFolder.PendingAccountExamples.Order());

    [Theory]
    [MemberData(nameof(Pending))]
    public void A_scenario_with_an_unbuilt_rule_family_is_refused_naming_it(string name)
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", name);
        var e = Assert.Throws<Liuyu.Data.Csv.InputException>(() => ScenarioReader.ReadFolder(dir));
        Assert.Contains(e.Errors, x => x.File.EndsWith("agreements.csv", StringComparison.Ordinal) && x.Column == "rule_family" && x.Row >= 2);
    }
}
