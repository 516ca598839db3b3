using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Liuyu.Domain;

/// <summary>R-BASE-2 Decision: which target applies when two assessment sections are equally near.</summary>
public enum TieBreak
{
    /// <summary>The stricter target (better class) applies. The default.</summary>
    Stricter,
    /// <summary>The laxer target (worse class) applies.</summary>
    Laxer,
}

/// <summary>
/// The rule parameters of the scheme (R-EXT-3). Every policy decision of rules.md that is not fixed by the
/// policy text is a named parameter here, never a constant buried in a rule.
/// </summary>
public sealed record PolicyParameters
{
    /// <summary>R-AMT-1: the monthly amount for a one-class difference (CNY 1,000,000).</summary>
    public Fen Tier1 { get; init; } = Fen.FromYuan(1_000_000m);

    /// <summary>R-AMT-1: the monthly amount for a difference of two classes or more (CNY 2,000,000).</summary>
    public Fen Tier2 { get; init; } = Fen.FromYuan(2_000_000m);

    /// <summary>R-BASE-3 / R-COMP-1: the worst class that still counts as good (优良), Ⅲ.</summary>
    public int GoodThresholdOrdinal { get; init; } = 3;

    /// <summary>R-BASE-2 Decision: the stricter target on a distance tie.</summary>
    public TieBreak BaselineTieBreak { get; init; } = TieBreak.Stricter;

    /// <summary>R-FUND-1: the monthly charge of an unsigned district into the basin fund (CNY 1,000,000).</summary>
    public Fen FundMonthlyAmount { get; init; } = Fen.FromYuan(1_000_000m);

    /// <summary>R-AGR-3: the filing deadline of the first agreements (2023-08-09).</summary>
    public DateOnly FilingDeadline { get; init; } = new(2023, 8, 9);

    /// <summary>
    /// R-FUND-1 Decision: how many months after the month of the filing deadline the charge starts
    /// (1 = the month after the deadline's month).
    /// </summary>
    public int FundStartMonthsAfterDeadline { get; init; } = 1;

    /// <summary>R-PEN-1: the one-time penalty surcharge on an overdue amount (10 %).</summary>
    public decimal PenaltyRate { get; init; } = 0.10m;

    /// <summary>R-PEN-1 Decision: payment deadline; null means 30 June of the year after the settled year.</summary>
    public DateOnly? PaymentDeadline { get; init; }

    /// <summary>R-AGR-2: the minimum agreement term, in years.</summary>
    public int MinimumTermYears { get; init; } = 3;

    /// <summary>
    /// R-DATA-3 (issue 14): the share of a month's hours for which an automatic station must have delivered valid hourly
    /// data (flag N) for the month's class to come from the station rather than from the lab samples (75 %).
    /// </summary>
    public decimal StationCompleteness { get; init; } = 0.75m;

    /// <summary>R-PEN-1: the payment deadline for the settlement of <paramref name="year"/>.</summary>
    public DateOnly PaymentDeadlineFor(int year) => PaymentDeadline ?? new DateOnly(year + 1, 6, 30);

    /// <summary>R-FUND-1: the first month an unsigned district is charged.</summary>
    public YearMonth FundStartMonth
    {
        get
        {
            var m = YearMonth.Of(FilingDeadline);
            for (var i = 0; i < FundStartMonthsAfterDeadline; i++) m = m.Next();
            return m;
        }
    }

    /// <summary>The keys accepted in policy.csv, with a description for error messages and documentation.</summary>
    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string>
    {
        ["tier1"] = "R-AMT-1 one-class monthly amount, yuan",
        ["tier2"] = "R-AMT-1 two-or-more-class monthly amount, yuan",
        ["good_threshold"] = "R-BASE-3 worst good class (I…V)",
        ["baseline_tie_break"] = "R-BASE-2 stricter | laxer",
        ["fund_monthly_amount"] = "R-FUND-1 monthly basin-fund charge, yuan",
        ["filing_deadline"] = "R-AGR-3 filing deadline, YYYY-MM-DD",
        ["fund_start_months_after_deadline"] = "R-FUND-1 months after the deadline's month when the charge starts",
        ["penalty_rate"] = "R-PEN-1 one-time penalty rate, e.g. 0.10",
        ["payment_deadline"] = "R-PEN-1 payment deadline, YYYY-MM-DD",
        ["minimum_term_years"] = "R-AGR-2 minimum agreement term in years",
        ["station_completeness"] = "R-DATA-3 share of a month's hours with valid station data for the station's class, e.g. 0.75",
    };

    /// <summary>Returns a copy with one parameter set from its text form, or an error message saying what was expected.</summary>
    public PolicyParameters With(string key, string value, out string? error)
    {
        error = null;
        var v = value.Trim();
        var inv = CultureInfo.InvariantCulture;
        switch (key.Trim().ToLowerInvariant())
        {
            case "tier1" or "tier1_amount":
                if (Fen.TryParseYuan(v, out var t1) && t1 > Fen.Zero) return this with { Tier1 = t1 };
                error = "expected a positive amount in yuan"; break;
            case "tier2" or "tier2_amount":
                if (Fen.TryParseYuan(v, out var t2) && t2 > Fen.Zero) return this with { Tier2 = t2 };
                error = "expected a positive amount in yuan"; break;
            case "good_threshold":
                if (WaterClass.TryParse(v, out var g) && g.Value.Ordinal <= 5) return this with { GoodThresholdOrdinal = g.Value.Ordinal };
                error = "expected a class I…V"; break;
            case "baseline_tie_break":
                if (v.Equals("stricter", StringComparison.OrdinalIgnoreCase)) return this with { BaselineTieBreak = TieBreak.Stricter };
                if (v.Equals("laxer", StringComparison.OrdinalIgnoreCase)) return this with { BaselineTieBreak = TieBreak.Laxer };
                error = "expected 'stricter' or 'laxer'"; break;
            case "fund_monthly_amount":
                if (Fen.TryParseYuan(v, out var f) && f >= Fen.Zero) return this with { FundMonthlyAmount = f };
                error = "expected a non-negative amount in yuan"; break;
            case "filing_deadline":
                if (DateOnly.TryParseExact(v, "yyyy-MM-dd", inv, DateTimeStyles.None, out var fd)) return this with { FilingDeadline = fd };
                error = "expected a date YYYY-MM-DD"; break;
            case "fund_start_months_after_deadline":
                if (int.TryParse(v, NumberStyles.None, inv, out var n) && n is >= 0 and <= 24) return this with { FundStartMonthsAfterDeadline = n };
                error = "expected a whole number of months 0…24"; break;
            case "penalty_rate":
                if (decimal.TryParse(v, NumberStyles.AllowDecimalPoint, inv, out var r) && r is >= 0m and <= 10m) return this with { PenaltyRate = r };
                error = "expected a rate such as 0.10"; break;
            case "payment_deadline":
                if (DateOnly.TryParseExact(v, "yyyy-MM-dd", inv, DateTimeStyles.None, out var pd)) return this with { PaymentDeadline = pd };
                error = "expected a date YYYY-MM-DD"; break;
            case "minimum_term_years":
                if (int.TryParse(v, NumberStyles.None, inv, out var y) && y is >= 1 and <= 50) return this with { MinimumTermYears = y };
                error = "expected a whole number of years"; break;
            case "station_completeness":
                if (decimal.TryParse(v, NumberStyles.AllowDecimalPoint, inv, out var sc) && sc is > 0m and <= 1m) return this with { StationCompleteness = sc };
                error = "expected a share such as 0.75"; break;
            default:
                error = $"unknown policy key; expected one of {string.Join(", ", Keys.Keys)}"; break;
        }
        return this;
    }

    /// <summary>A canonical text of every parameter, the basis of the version digest.</summary>
    public string Canonical() => string.Join(";",
        $"tier1={Tier1.Value}", $"tier2={Tier2.Value}", $"good={GoodThresholdOrdinal}", $"tie={BaselineTieBreak}",
        $"fund={FundMonthlyAmount.Value}", $"filing={FilingDeadline:yyyy-MM-dd}", $"fundstart={FundStartMonthsAfterDeadline}",
        $"penalty={PenaltyRate.ToString(CultureInfo.InvariantCulture)}", $"paydl={PaymentDeadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}",
        $"term={MinimumTermYears}")
        // Only when changed: the digests of every policy version recorded before this parameter existed stay as they were.
        + (StationCompleteness == 0.75m ? "" : $";station={StationCompleteness.ToString(CultureInfo.InvariantCulture)}");
}

/// <summary>One version of the policy parameters in force from a date (R-EXT-3, 动态调整).</summary>
public sealed record PolicyVersion(DateOnly EffectiveFrom, PolicyParameters Parameters)
{
    /// <summary>A stable id naming the date and a digest of the values, recorded on every ledger line (R-LEDGER-1).</summary>
    public string Id { get; } = $"policy@{EffectiveFrom:yyyy-MM-dd}#{Digest(Parameters)}";

    private static string Digest(PolicyParameters p) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Canonical())))[..8];
}

/// <summary>
/// R-EXT-3: the parameters versioned by effective date. A revision applies from its date and never changes an
/// earlier period: the version for a month is the latest one in force on the month's first day.
/// </summary>
public sealed class PolicySchedule
{
    private readonly PolicyVersion[] _versions;

    public PolicySchedule(IEnumerable<PolicyVersion> versions)
    {
        _versions = versions.OrderBy(v => v.EffectiveFrom).ToArray();
        if (_versions.Length == 0) throw new ArgumentException("a policy schedule needs at least one version", nameof(versions));
        if (_versions.Select(v => v.EffectiveFrom).Distinct().Count() != _versions.Length)
            throw new ArgumentException("two policy versions take effect on the same date", nameof(versions));
    }

    /// <summary>The Chongqing 2023 defaults (渝财环〔2023〕33号), in force from 2023-01-01 (R-AGR-3).</summary>
    public static PolicySchedule Chongqing2023 { get; } = new([new PolicyVersion(new DateOnly(2023, 1, 1), new PolicyParameters())]);

    public IReadOnlyList<PolicyVersion> Versions => _versions;

    public PolicyVersion For(YearMonth month) => For(month.FirstDay);

    public PolicyVersion For(DateOnly date)
    {
        var chosen = _versions[0];
        foreach (var v in _versions)
            if (v.EffectiveFrom <= date) chosen = v;
        return chosen;
    }
}
