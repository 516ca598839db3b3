using Liuyu.Domain;

namespace Liuyu.Data.Scenario;

public static class ScenarioScheme
{
    /// <summary>The in-memory scheme of a scenario on its own (no store), e.g. for checks and tests.</summary>
    public static Scheme ToScheme(this ScenarioData d) =>
        new(d.Parties, d.Rivers, d.Sections, d.Targets, d.Results, d.Agreements, d.Signatures, d.Exemptions, d.Payments, d.Substitutes,
            ScenarioData.BuildSchedule(d.Policy), d.QuantityTargets, d.Flows);
}
