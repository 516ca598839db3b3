using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests;

/// <summary>
/// R-FAM-1, R-EXT-1, R-EXT-2 at import: a rule family's parameters, the quantity terms, base flows, flows and provinces
/// are read (CSV and workbook) and refused with a code naming the file, row and column when wrong.
/// </summary>
public class FamilyAndQuantityInputsAreValidated
{
    private static string Example(string name = "5")
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", name), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    private static InputError Refusal(string dir, string code) =>
        Assert.Single(Assert.Throws<InputException>(() => ScenarioReader.ReadFolder(dir)).Errors, e => e.Code == code);

    private const string Header = "river,effective_from,effective_to,tier1,tier2,rule_family,target_class,step,reward_step,quantity_amount,quantity_mode\n";

    private static string WithAgreement(string row)
    {
        var dir = Example();
        File.WriteAllText(Path.Combine(dir, "agreements.csv"), Header + row + "\n");
        return dir;
    }

    [Fact]
    public void The_families_parameters_and_quantity_terms_are_read_with_defaults()
    {
        var d = ScenarioReader.ReadFolder(Example());
        var r0 = d.Agreements.Single(a => a.River.Value == "R0");
        Assert.Equal((FixedTargetRule.FamilyId, "target_class=3", (QuantityTerms?)null), (r0.RuleFamily, r0.Parameters.Text, r0.Quantity));
        var r1 = d.Agreements.Single(a => a.River.Value == "R1");
        Assert.Equal(("class-steps", "reward_step=0;step=50000000"), (r1.RuleFamily, r1.Parameters.Text));
        Assert.Equal(new QuantityTerms(Fen.FromYuan(500_000), QuantityMode.Penalty), r1.Quantity); // mode empty: penalty
        Assert.Equal(QuantityMode.TwoWay, d.Agreements.Single(a => a.River.Value == "R2").Quantity!.Mode);
        Assert.Equal(9, d.QuantityTargets.Count);
        Assert.Contains(d.Flows, f => f.Section.Value == "S2" && f.Month == new YearMonth(2025, 1) && f.MinDailyFlow is null);
        Assert.Equal("四川", d.Parties.Single(p => p.Id.Value == "D08").Province);
        Assert.Equal("重庆", d.Parties.Single(p => p.Id.Value == "D05").Province); // empty: 重庆
    }

    [Theory]
    [InlineData("R0,2025-01-01,2027-12-31,,,pooled-fund,,,,,", "rule_family", ErrorCodes.RuleFamilyUnknown)]
    [InlineData("R0,2025-01-01,2027-12-31,,,fixed-target,VII,,,,", "target_class", ErrorCodes.ClassInvalid)]
    [InlineData("R0,2025-01-01,2027-12-31,,,class-steps,,-1,,,", "step", ErrorCodes.AmountNegative)]
    [InlineData("R0,2025-01-01,2027-12-31,,,class-steps,,1000000,-5,,", "reward_step", ErrorCodes.AmountNegative)]
    [InlineData("R0,2025-01-01,2027-12-31,,,class-steps,,abc,,,", "step", ErrorCodes.AmountInvalid)]
    [InlineData("R0,2025-01-01,2027-12-31,,,fixed-target,III,500000,,,", "step", ErrorCodes.FamilyParameterForeign)]
    [InlineData("R0,2025-01-01,2027-12-31,,,,III,,,,", "target_class", ErrorCodes.FamilyParameterForeign)]
    [InlineData("R0,2025-01-01,2027-12-31,,,,,,,-1,", "quantity_amount", ErrorCodes.AmountNegative)]
    [InlineData("R0,2025-01-01,2027-12-31,,,,,,,500000,both", "quantity_mode", ErrorCodes.QuantityModeInvalid)]
    [InlineData("R0,2025-01-01,2027-12-31,,,,,,,,two-way", "quantity_amount", ErrorCodes.FamilyParameterMissing)]
    [InlineData("R0,2025-01-01,2027-12-31,400000,,,,,,,", "tier1", ErrorCodes.TierBelowMinimum)]
    public void A_wrong_agreement_is_refused_at_its_row_and_column(string row, string column, string code)
    {
        var e = Refusal(WithAgreement(row), code);
        Assert.Equal(("agreements.csv", 2, column), (Path.GetFileName(e.File), e.Row, e.Column));
    }

    [Fact]
    public void R_AMT_2_binds_cq2023_only()
    {
        var d = ScenarioReader.ReadFolder(WithAgreement("R0,2025-01-01,2027-12-31,400000,400000,fixed-target,,,,,"));
        Assert.Equal(Fen.FromYuan(400_000), Assert.Single(d.Agreements).Tiers.Tier1);
    }

    [Fact]
    public void A_family_is_named_in_any_case_and_stored_as_the_family_spells_it()
    {
        var d = ScenarioReader.ReadFolder(WithAgreement("R0,2025-01-01,2027-12-31,,,Class-Steps,,,,,"));
        Assert.Equal(("class-steps", "reward_step=0;step=100000000"), (Assert.Single(d.Agreements).RuleFamily, d.Agreements[0].Parameters.Text));
    }

    [Theory]
    [InlineData("quantity_targets.csv", "section,year,min_flow\nS2,2025,-1\n", "min_flow", ErrorCodes.FlowInvalid)]
    [InlineData("quantity_targets.csv", "section,year,min_flow\nS2,2025,lots\n", "min_flow", ErrorCodes.FlowInvalid)]
    [InlineData("quantity_targets.csv", "section,year,min_flow\nS99,2025,1\n", "section", ErrorCodes.SectionUnknown)]
    [InlineData("quantity_targets.csv", "section,year,min_flow\nS2,2025,1\nS2,2025,2\n", "section", ErrorCodes.QuantityTargetDuplicate)]
    [InlineData("flows.csv", "section,month,min_daily_flow\nS2,2025-01,-0.5\n", "min_daily_flow", ErrorCodes.FlowInvalid)]
    [InlineData("flows.csv", "section,month,min_daily_flow\nS2,2025-13,1\n", "month", ErrorCodes.MonthInvalid)]
    [InlineData("flows.csv", "section,month,min_daily_flow\nS2,2025-01,1\nS2,2025-01,2\n", "month", ErrorCodes.FlowDuplicate)]
    public void A_wrong_base_flow_or_flow_is_refused_at_its_row_and_column(string file, string content, string column, string code)
    {
        var dir = Example();
        File.WriteAllText(Path.Combine(dir, file), content);
        var e = Refusal(dir, code);
        Assert.Equal((file, column), (Path.GetFileName(e.File), e.Column));
        Assert.True(e.Row >= 2);
    }

    [Fact]
    public void The_Chinese_headers_are_accepted()
    {
        var dir = Example();
        File.WriteAllText(Path.Combine(dir, "quantity_targets.csv"), "断面,年度,生态基流\nS2,2025,11.41\n");
        File.WriteAllText(Path.Combine(dir, "flows.csv"), "断面,月份,最小日均流量\nS2,2025-02,14.04\n");
        File.WriteAllText(Path.Combine(dir, "agreements.csv"),
            "河流,生效日期,截止日期,一档标准,二档标准,规则族,固定目标类别,每级金额,每级奖励,水量补偿金额,水量补偿方式\nR0,2025-01-01,2027-12-31,,,class-steps,,600000,100000,300000,two-way\n");
        var d = ScenarioReader.ReadFolder(dir);
        Assert.Equal("reward_step=10000000;step=60000000", Assert.Single(d.Agreements).Parameters.Text);
        Assert.Equal(11.41m, Assert.Single(d.QuantityTargets).MinFlow);
        Assert.Equal(14.04m, Assert.Single(d.Flows).MinDailyFlow);
    }

    [Fact]
    public void The_workbook_reads_the_same_as_the_folder()
    {
        var folder = ScenarioReader.ReadFolder(Example("4"));
        var book = Path.Combine(ScenarioGenerator.TempFolder(), "scenario.xlsx");
        ScenarioWriter.WriteWorkbook(folder, book);
        var read = ScenarioReader.ReadWorkbook(book);
        Assert.Equal(folder.Agreements.Select(a => (a.RuleFamily, a.Parameters.Text, a.Quantity)), read.Agreements.Select(a => (a.RuleFamily, a.Parameters.Text, a.Quantity)));
        Assert.Equal(folder.QuantityTargets, read.QuantityTargets);
        Assert.Equal(folder.Flows, read.Flows);
        Assert.Equal(folder.Parties.Select(p => p.Province), read.Parties.Select(p => p.Province));
    }
}
