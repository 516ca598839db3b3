using System.Security.Cryptography;
using System.Text;

namespace Liuyu.Domain.Accounting;

/// <summary>What a ledger line is for. Water quality is the purpose of the 2023 plan; water quantity (R-EXT-1) may follow.</summary>
public static class Purposes
{
    public const string WaterQuality = "quality";
    /// <summary>R-EXT-1: the water-quantity line beside a section-month's water-quality line.</summary>
    public const string WaterQuantity = "quantity";
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
    Ledger.LineNote? Note,
    string? ExemptionReference,
    string PolicyVersion,
    string RuleFamily,
    Tiers Tiers,
    int? ClassDifference,
    FamilyParameters? Parameters = null,
    decimal? Flow = null,
    decimal? FlowTarget = null)
{
    /// <summary>
    /// The fields few outcomes have (a note, an exemption, a quantity line's flows), kept apart as <see cref="Ledger.LedgerLine"/>
    /// keeps them: held in the outcome they made each of a national year's 240,000 outcomes 56 bytes larger. Null when
    /// every one is null.
    /// </summary>
    private readonly RareFields? _rare = RareFields.Of(Note, ExemptionReference, Flow, FlowTarget);

    public Ledger.LineNote? Note
    {
        get => _rare?.Note;
        init => _rare = RareFields.Of(value, ExemptionReference, Flow, FlowTarget);
    }

    public string? ExemptionReference
    {
        get => _rare?.ExemptionReference;
        init => _rare = RareFields.Of(Note, value, Flow, FlowTarget);
    }

    public decimal? Flow
    {
        get => _rare?.Flow;
        init => _rare = RareFields.Of(Note, ExemptionReference, value, FlowTarget);
    }

    public decimal? FlowTarget
    {
        get => _rare?.FlowTarget;
        init => _rare = RareFields.Of(Note, ExemptionReference, Flow, value);
    }

    private sealed record RareFields(Ledger.LineNote? Note, string? ExemptionReference, decimal? Flow, decimal? FlowTarget)
    {
        public static RareFields? Of(Ledger.LineNote? note, string? exemption, decimal? flow, decimal? flowTarget) =>
            note is null && exemption is null && flow is null && flowTarget is null ? null : new(note, exemption, flow, flowTarget);
    }

    /// <summary>
    /// A digest of every input that decides this outcome (<see cref="LineDigest"/>); equal digests mean nothing to
    /// post. The note is not among them: it explains, it does not decide.
    /// </summary>
    public string InputDigest { get; } = LineDigest.Compute(River, Section, Month, Purpose, Rule, Payer, Payee, Amount, Baseline, BaselineDetail?.From,
        BaselineDetail?.Basis, Result, Source, ResultRevision, ExemptionReference, PolicyVersion, RuleFamily, Tiers,
        LineDigest.Extra(Parameters, Flow, FlowTarget));
}

/// <summary>
/// R-LEDGER-3: the input digest of a ledger line. It covers what decides the amount and nothing else: river,
/// section, month, purpose, the rule and its payer, payee and amount, the baseline with the section it came from and
/// how (R-BASE-1/2), the result with its source and revision (R-DATA-5), the exemption, the policy version, the rule
/// family and the tiers. Wording (notes) and sample counts are left out, so rewording a message or adding a sample
/// that does not change a class posts nothing. A stored line carries every one of these inputs, so that
/// <c>liuyu verify</c> recomputes each line's digest from the line alone.
/// </summary>
public static class LineDigest
{
    public static string Compute(RiverId river, SectionId section, YearMonth month, string purpose, string rule, PartyId? payer, PartyId? payee,
        Fen amount, WaterClass? baseline, SectionId? baselineFrom, BaselineBasis? basis, WaterClass? result, ResultSource? source, int? revision,
        string? exemption, string policy, string family, Tiers tiers, string? extra = null)
    {
        // One separator-delimited canonical text (enum names, not numbers, so that the digest survives a reordering
        // of an enum); numbers and names are written without boxing (Canonical). "v2" marks the formula without the
        // note. The inputs of the rule families and the quantity lines (R-FAM, R-EXT-1) come last, after one more
        // separator, and only when there are any: a cq2023 water-quality line digests exactly as before they existed.
        // Written as UTF-8 straight into a stack buffer (one digest per section-month), a pooled larger one for the rare
        // text too long for it.
        const char s = '\u001f';
        var tail = extra is null ? null : "\u001f";
        Span<byte> utf8 = stackalloc byte[1024];
        byte[]? rented = null;
        try
        {
            int written;
            while (!System.Text.Unicode.Utf8.TryWrite(utf8, System.Globalization.CultureInfo.InvariantCulture,
                       $"v2{s}{river.Value}{s}{section.Value}{s}{month.Key}{s}{purpose}{s}{rule}{s}{payer?.Value}{s}{payee?.Value}{s}{amount.Value}{s}" +
                       $"{Canonical.Of(baseline?.Ordinal)}{s}{baselineFrom?.Value}{s}{Canonical.Name(basis)}{s}{Canonical.Of(result?.Ordinal)}{s}{Canonical.Name(source)}{s}{Canonical.Of(revision)}{s}" +
                       $"{exemption}{s}{policy}{s}{family}{s}{tiers.Tier1.Value}{s}{tiers.Tier2.Value}{tail}{extra}", out written))
            {
                var larger = utf8.Length * 2;
                if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                utf8 = rented = System.Buffers.ArrayPool<byte>.Shared.Rent(larger);
            }
            return Hash(utf8[..written]);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The digest's extra inputs: the family parameters (R-FAM-1) and, on a quantity line, the flow and the base flow
    /// (R-EXT-1); null when there are none (a cq2023 water-quality line).
    /// </summary>
    public static string? Extra(FamilyParameters? parameters, decimal? flow, decimal? flowTarget)
    {
        var p = parameters is { IsEmpty: false } ? parameters.Text : null;
        if (p is null && flow is null && flowTarget is null) return null;
        return $"{p}\u001f{(flow is { } f ? QuantityRule.Canonical(f) : "")}\u001f{(flowTarget is { } t ? QuantityRule.Canonical(t) : "")}";
    }

    /// <summary>The first 16 bytes of the SHA-256 of a canonical text, in lower-case hex.</summary>
    private static string Hash(ReadOnlySpan<byte> canonical)
    {
        Span<byte> hash = stackalloc byte[32];
        // One hasher per thread, reset after each digest: SHA256.HashData sets up a new digest context on every call,
        // which costs more than hashing a line's hundred-odd bytes (a national year is 240,000 of them).
        var hasher = _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(canonical);
        hasher.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    [ThreadStatic] private static IncrementalHash? _sha256;

    private static string Hash(string canonical) => Hash(Encoding.UTF8.GetBytes(canonical));

    /// <summary>
    /// The digest of the versions that stored English notes (the note was among the inputs). Used once, when a store
    /// made by them is migrated: a line whose stored digest equals this for the outcome as the inputs stand is up to
    /// date, and takes the new digest without a reversal.
    /// </summary>
    public static string Legacy(SectionMonthOutcome o, string? englishNote)
    {
        const char sep = '\u001f';
        var canonical = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{o.River.Value}{sep}{o.Section.Value}{sep}{o.Month.Key}{sep}{o.Purpose}{sep}{o.Rule}{sep}{o.Payer?.Value}{sep}{o.Payee?.Value}{sep}{o.Amount.Value}{sep}" +
            $"{o.Baseline?.Ordinal}{sep}{o.BaselineDetail?.From.Value}{sep}{o.BaselineDetail?.Basis.ToString()}{sep}{o.Result?.Ordinal}{sep}{o.Source?.ToString()}{sep}{o.ResultRevision}{sep}" +
            $"{englishNote}{sep}{o.ExemptionReference}{sep}{o.PolicyVersion}{sep}{o.RuleFamily}{sep}{o.Tiers.Tier1.Value}{sep}{o.Tiers.Tier2.Value}");
        return Hash(canonical);
    }
}
