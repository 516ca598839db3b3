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
}
