using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>Builds valid samples and evaluations for the tests.</summary>
internal static class SampleBuilder
{
    public static readonly IndicatorCatalog Catalog = IndicatorCatalog.Gb3838;
    public static readonly YearMonth January = new(2023, 1);

    public static Sample S(string key, decimal value, string? unit = null, decimal? saturation = null, string section = "S1", int day = 15) =>
        Create(new SampleInput(section, new DateTime(2023, 1, day, 8, 0, 0), Catalog[key], value, unit, false, null, saturation, SampleProvenance.Unknown));

    public static Sample BelowLimit(string key, decimal detectionLimit, string section = "S1") =>
        Create(new SampleInput(section, new DateTime(2023, 1, 15), Catalog[key], null, null, true, detectionLimit, null, SampleProvenance.Unknown));

    public static Sample Create(SampleInput input)
    {
        var problems = new List<SampleProblem>();
        var sample = Sample.Create(input, problems);
        Assert.Empty(problems);
        return sample!;
    }

    public static MonthlyEvaluation Evaluate(params Sample[] samples) =>
        SectionEvaluator.Evaluate("S1", January, SectionProfile.River, samples);

    public static MonthlyEvaluation Evaluate(SectionProfile profile, params Sample[] samples) =>
        SectionEvaluator.Evaluate("S1", January, profile, samples);

    public static string[] Keys(IEnumerable<Indicator> indicators) => indicators.Select(i => i.Key).ToArray();
}
