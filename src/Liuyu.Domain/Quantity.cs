using System.Globalization;
using Liuyu.Domain.Accounting;

namespace Liuyu.Domain;

/// <summary>R-EXT-1: whether meeting the base flow is rewarded (<c>two-way</c>) or only a shortfall is charged (<c>penalty</c>, the default).</summary>
public enum QuantityMode
{
    /// <summary>Only R-EXT-1a: a shortfall is paid by the upstream party; meeting the base flow earns nothing (R-EXT-1c).</summary>
    Penalty,
    /// <summary>R-EXT-1a and R-EXT-1b: meeting the base flow is paid by the downstream party.</summary>
    TwoWay,
}

/// <summary>
/// R-EXT-1: an agreement's water-quantity terms (水量补偿): the monthly amount (no default: the plan sets none) and the
/// mode. An agreement without them has no quantity accounting on its river.
/// </summary>
public sealed record QuantityTerms(Fen Amount, QuantityMode Mode)
{
    public static string ModeName(QuantityMode mode) => mode == QuantityMode.TwoWay ? "two-way" : "penalty";

    public static QuantityMode? ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "" or "penalty" or "单向" or "惩罚" => QuantityMode.Penalty,
        "two-way" or "two_way" or "twoway" or "双向" => QuantityMode.TwoWay,
        _ => null,
    };

    /// <summary>The canonical text stored on a quantity ledger line and covered by its digest.</summary>
    public FamilyParameters AsParameters() =>
        FamilyParameters.Of(("quantity_amount", FamilyParameter.Canonical(Amount)), ("quantity_mode", ModeName(Mode)));

    /// <summary>Reads <see cref="AsParameters"/> back.</summary>
    public static QuantityTerms FromParameters(FamilyParameters p) =>
        new(p.Money("quantity_amount"), p.Values.GetValueOrDefault("quantity_mode") == "two-way" ? QuantityMode.TwoWay : QuantityMode.Penalty);
}

/// <summary>R-EXT-1: a section's quantity target for a year, the ecological base flow (生态基流) <c>min_flow</c> in m³/s.</summary>
public sealed record QuantityTarget(SectionId Section, int Year, decimal MinFlow);

/// <summary>
/// R-EXT-1: a section's monthly flow, the month's lowest daily mean flow (最小日均流量) in m³/s; null when the month has
/// no figure (R-EXT-1d).
/// </summary>
public sealed record MonthlyFlow(SectionId Section, YearMonth Month, decimal? MinDailyFlow);

/// <summary>R-EXT-1: the quantity rule for one section-month with a target, before exemptions.</summary>
public static class QuantityRule
{
    public static CompensationDecision Decide(decimal? flow, decimal target, QuantityTerms terms)
    {
        // R-EXT-1d: no figure is no payment, never "target met".
        if (flow is not { } f) return new CompensationDecision(RuleIds.NoFlow, PaymentDirection.None, Fen.Zero, 0);
        // R-EXT-1a: below the base flow, the upstream party pays.
        if (f < target) return new CompensationDecision(RuleIds.FlowShort, PaymentDirection.UpstreamPaysDownstream, terms.Amount, 0);
        // R-EXT-1b / R-EXT-1c: at or above it.
        return terms.Mode == QuantityMode.TwoWay
            ? new CompensationDecision(RuleIds.FlowMetTwoWay, PaymentDirection.DownstreamPaysUpstream, terms.Amount, 0)
            : new CompensationDecision(RuleIds.FlowMet, PaymentDirection.None, Fen.Zero, 0);
    }

    /// <summary>A flow as canonical text (no trailing zeros), so that 16.9 and 16.900 from another engine digest alike.</summary>
    public static string Canonical(decimal flow) => (flow / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
