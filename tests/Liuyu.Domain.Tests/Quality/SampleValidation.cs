using Liuyu.Domain.Quality;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>Q-CLS-4, Q-MEAN-3, Q-UNIT-1: samples users can get wrong are problems with the field named, not classified.</summary>
public class SampleValidation
{
    private static List<SampleProblem> Problems(string key, decimal? value, string? unit = null, bool below = false, decimal? limit = null)
    {
        var problems = new List<SampleProblem>();
        var sample = Sample.Create(new SampleInput("S1", new DateTime(2023, 1, 1), IndicatorCatalog.Gb3838[key], value, unit, below, limit, null, SampleProvenance.Unknown), problems);
        Assert.Equal(problems.Count == 0, sample is not null);
        return problems;
    }

    [Fact]
    public void Q_CLS_4_a_negative_concentration_is_an_input_error() =>
        Assert.Equal(SampleField.Value, Assert.Single(Problems("COD", -1m)).Field);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(14.1)]
    public void Q_CLS_4_a_pH_outside_0_to_14_is_an_input_error(double ph) =>
        Assert.Equal(SampleField.Value, Assert.Single(Problems("pH", (decimal)ph)).Field);

    [Theory]
    [InlineData("COD", "g/L")]
    [InlineData("pH", "mg/L")]
    [InlineData("FC", "mg/L")]
    public void Q_CLS_4_Q_UNIT_1_a_unit_that_cannot_be_converted_is_an_input_error(string key, string unit) =>
        Assert.Equal(SampleField.Unit, Assert.Single(Problems(key, 1m, unit)).Field);

    [Theory]
    [InlineData("COD", "mg/L")]
    [InlineData("COD", "MG/L")]
    [InlineData("Hg", "µg/L")]
    [InlineData("FC", "个/L")]
    [InlineData("WT", "℃")]
    public void Q_UNIT_1_known_units_are_accepted(string key, string unit) => Assert.Empty(Problems(key, 1m, unit));

    [Fact]
    public void Q_MEAN_3_a_sample_flagged_L_without_detection_limit_is_an_input_error() =>
        Assert.Equal(SampleField.DetectionLimit, Assert.Single(Problems("NH3N", null, below: true)).Field);

    [Fact]
    public void Q_MEAN_3_a_detection_limit_in_micrograms_is_converted_like_the_value()
    {
        var problems = new List<SampleProblem>();
        var s = Sample.Create(new SampleInput("S1", new DateTime(2023, 1, 1), IndicatorCatalog.Gb3838["Hg"], null, "μg/L", true, 0.02m, null, SampleProvenance.Unknown), problems)!;
        Assert.Equal(0.00001m, s.EffectiveValue);
    }

    [Fact]
    public void A_value_is_required_unless_flagged_L() =>
        Assert.Equal(SampleField.Value, Assert.Single(Problems("COD", null)).Field);

    [Fact]
    public void A_sample_keeps_its_provenance()
    {
        var provenance = new SampleProvenance("区监测站", SampleSource.Joint, "samples.csv", 7, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var problems = new List<SampleProblem>();
        var s = Sample.Create(new SampleInput("S1", new DateTime(2023, 1, 1), IndicatorCatalog.Gb3838["COD"], 12m, null, false, null, null, provenance), problems)!;
        Assert.Equal(provenance, s.Provenance);
    }
}
