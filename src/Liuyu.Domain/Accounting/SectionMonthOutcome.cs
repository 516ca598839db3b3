using System.Security.Cryptography;
using System.Text;

namespace Liuyu.Domain.Accounting;

/// <summary>What a ledger line is for. Water quality is the purpose of the 2023 plan; water quantity (R-EXT-1) may follow.</summary>
public static class Purposes
{
    public const string WaterQuality = "quality";
}

/// <summary>
/// The outcome of accounting one section for one month: the monthly amount with everything needed to explain
/// it (R-LEDGER-1), and a digest of its inputs so that accounting again with unchanged inputs adds nothing
/// (R-LEDGER-3).
/// </summary>
public sealed record SectionMonthOutcome(
    RiverId River,
    SectionId Section,
    YearMonth Month,
    string Purpose,
    string Rule,
    PartyId? Payer,
    PartyId? Payee,
    Fen Amount,
    WaterClass? Baseline,
    Baseline? BaselineDetail,
    WaterClass? Result,
    ResultSource? Source,
    int? ResultRevision,
    string? Note,
    string? ExemptionReference,
    string PolicyVersion,
    string RuleFamily,
    Tiers Tiers,
    int? ClassDifference)
{
    /// <summary>A digest of every input that decides this outcome. Equal digests mean nothing to post.</summary>
    public string InputDigest { get; } = ComputeDigest(River, Section, Month, Purpose, Rule, Payer, Payee, Amount, Baseline, BaselineDetail,
        Result, Source, ResultRevision, Note, ExemptionReference, PolicyVersion, RuleFamily, Tiers);

    private static string ComputeDigest(RiverId river, SectionId section, YearMonth month, string purpose, string rule, PartyId? payer, PartyId? payee,
        Fen amount, WaterClass? baseline, Baseline? detail, WaterClass? result, ResultSource? source, int? revision, string? note,
        string? exemption, string policy, string family, Tiers tiers)
    {
        // One separator-delimited canonical text (enum names, not numbers, so that the digest survives a reordering
        // of an enum); interpolation formats numbers without boxing.
        const char sep = '\u001f';
        var canonical = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{river.Value}{sep}{section.Value}{sep}{month.Key}{sep}{purpose}{sep}{rule}{sep}{payer?.Value}{sep}{payee?.Value}{sep}{amount.Value}{sep}" +
            $"{baseline?.Ordinal}{sep}{detail?.From.Value}{sep}{detail?.Basis.ToString()}{sep}{result?.Ordinal}{sep}{source?.ToString()}{sep}{revision}{sep}" +
            $"{note}{sep}{exemption}{sep}{policy}{sep}{family}{sep}{tiers.Tier1.Value}{sep}{tiers.Tier2.Value}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
