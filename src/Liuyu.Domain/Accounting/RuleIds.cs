namespace Liuyu.Domain.Accounting;

/// <summary>The rule ids of rules.md that a ledger line can carry as the reason for its amount.</summary>
public static class RuleIds
{
    public const string BetterAndGood = "R-COMP-1";
    public const string Worse = "R-COMP-2";
    public const string NoPayment = "R-COMP-3";
    public const string NoResult = "R-DATA-4";
    public const string NotApproved = "R-SEC-2";
    public const string Exempted = "R-EXEMPT-1";
    /// <summary>An assessment section without a target for the year: no baseline, nothing can be decided.</summary>
    public const string NoTarget = "R-BASE-1";
    /// <summary>A non-assessment section with no assessment section (with a target) to take its baseline from.</summary>
    public const string NoReferenceTarget = "R-BASE-2";
    /// <summary>R-FAM-3a: fixed-target, result the same as or better than the agreement's class: downstream pays tier 1.</summary>
    public const string FixedTargetMet = "R-FAM-3a";
    /// <summary>R-FAM-3b: fixed-target, result worse: upstream pays tier 1 (one class) or tier 2 (two or more).</summary>
    public const string FixedTargetMissed = "R-FAM-3b";
    /// <summary>R-FAM-4a: class-steps, k classes worse: upstream pays k × step.</summary>
    public const string StepsWorse = "R-FAM-4a";
    /// <summary>R-FAM-4b: class-steps, k classes better with a reward step: downstream pays k × reward_step.</summary>
    public const string StepsBetter = "R-FAM-4b";
    /// <summary>R-FAM-4c: class-steps, no payment.</summary>
    public const string StepsNone = "R-FAM-4c";
    /// <summary>R-EXT-1a: the month's lowest daily mean flow below the ecological base flow: upstream pays the quantity amount.</summary>
    public const string FlowShort = "R-EXT-1a";
    /// <summary>R-EXT-1b: at or above the base flow on a two-way agreement: downstream pays the quantity amount.</summary>
    public const string FlowMetTwoWay = "R-EXT-1b";
    /// <summary>R-EXT-1c: at or above the base flow: nothing.</summary>
    public const string FlowMet = "R-EXT-1c";
    /// <summary>R-EXT-1d: no flow figure for the month: nothing, never "target met".</summary>
    public const string NoFlow = "R-EXT-1d";
}
