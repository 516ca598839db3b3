using Liuyu.Domain.Accounting;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>Which result the accounting reads when one was imported and one computed from samples (issue 3 decision).</summary>
public class ResultPrecedenceRules
{
    private static readonly SectionId S1 = new("S1");
    private static readonly YearMonth Feb = new(2023, 2);

    private static MonthlyResult Imported(string? cls, ResultSource source = ResultSource.National, int revision = 0) =>
        new(S1, Jan, cls is null ? null : WaterClass.Parse(cls), source, cls is null ? "断流" : null, revision);

    private static MonthlyResult Computed(string? cls, YearMonth? month = null) =>
        new(S1, month ?? Jan, cls is null ? null : WaterClass.Parse(cls), ResultSource.Computed, "computed", 0, cls is null ? null : "COD");

    private static MonthlyResult? Read(IReadOnlyList<MonthlyResult> imported, params MonthlyResult[] computed)
    {
        var s = Sec("S1");
        var scheme = new Scheme(Parties, [new River(R, "河", null)], [s], [], ResultPrecedence.Merge(imported, computed));
        return scheme.ResultOf(S1, Jan);
    }

    [Fact]
    public void R_DATA_5_the_scheme_reads_the_latest_revision_whatever_the_order_and_the_last_of_equal_ones()
    {
        // The scheme keeps, per section-month, the result of the highest revision; of equal revisions the one listed last.
        var s = Sec("S1");
        MonthlyResult Rev(string cls, int revision, YearMonth? month = null) => new(S1, month ?? Jan, WaterClass.Parse(cls), ResultSource.National, null, revision);
        var scheme = new Scheme(Parties, [new River(R, "河", null)], [s], [],
            [Rev("I", 1), Rev("IV", 3), Rev("II", 0, Feb), Rev("II", 2), Rev("V", 3), Rev("III", 1, Feb), Rev("I", 0)]);
        Assert.Equal((WaterClass.V, 3), (scheme.ResultOf(S1, Jan)!.Class!.Value, scheme.ResultOf(S1, Jan)!.Revision));
        Assert.Equal((WaterClass.III, 1), (scheme.ResultOf(S1, Feb)!.Class!.Value, scheme.ResultOf(S1, Feb)!.Revision));
        Assert.Null(scheme.ResultOf(S1, new YearMonth(2023, 3)));
    }

    [Fact]
    public void R_DATA_1_an_imported_bulletin_class_wins_over_a_computed_one()
    {
        var read = Read([Imported("II")], Computed("IV"));
        Assert.Equal((WaterClass.II, ResultSource.National), (read!.Class!.Value, read.Source));
    }

    [Fact]
    public void R_DATA_2_a_later_revision_of_the_monitoring_centre_still_wins_over_a_computed_class()
    {
        var read = Read([Imported("II", ResultSource.MonitoringCentre), Imported("III", ResultSource.MonitoringCentre, 1)], Computed("I"));
        Assert.Equal((WaterClass.III, 1), (read!.Class!.Value, read.Revision));
    }

    [Fact]
    public void R_DATA_3_a_computed_class_is_read_when_nothing_was_imported_with_its_deciding_indicators()
    {
        var read = Read([], Computed("IV"));
        Assert.Equal((WaterClass.IV, ResultSource.Computed, "COD"), (read!.Class!.Value, read.Source, read.DecidingIndicators));
    }

    [Fact]
    public void R_DATA_4_an_imported_no_valid_result_is_not_replaced_by_a_computed_class()
    {
        var read = Read([Imported(null, ResultSource.MonitoringCentre)], Computed("II"));
        Assert.Null(read!.Class);
        Assert.Equal(ResultSource.MonitoringCentre, read.Source);
    }

    [Fact]
    public void R_DATA_4_a_computed_month_without_a_valid_sample_is_no_result()
    {
        var outcome = MonthlyAccounting.AccountSection(
            new Scheme(Parties, [new River(R, "河", null)], [Sec("S1")], [new Target(S1, 2023, WaterClass.III)], ResultPrecedence.Merge([], [Computed(null)])),
            Sec("S1"), Jan);
        Assert.Equal((RuleIds.NoResult, ResultSource.Computed), (outcome.Rule, outcome.Source!.Value));
    }

    [Fact]
    public void Computed_results_of_other_months_are_kept()
    {
        var merged = ResultPrecedence.Merge([Imported("II")], [Computed("IV"), Computed("V", Feb)]);
        Assert.Equal(2, merged.Count);
        Assert.Contains(merged, r => r.Month == Feb && r.Source == ResultSource.Computed);
    }

    [Fact]
    public void A_result_passed_as_computed_must_have_the_computed_source()
    {
        Assert.Throws<ArgumentException>(() => ResultPrecedence.Merge([], [Imported("II")]));
    }
}
