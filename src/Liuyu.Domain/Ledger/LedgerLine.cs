using Liuyu.Domain.Accounting;

namespace Liuyu.Domain.Ledger;

/// <summary>A ledger line either posts an outcome or reverses an earlier posting (R-LEDGER-2).</summary>
public enum LedgerLineKind
{
    Posting,
    Reversal,
}

/// <summary>
/// R-LEDGER-1: one append-only ledger line (台账). Keyed by (section, month, purpose); carries the rule, the
/// baseline, the result and its source, the rule-parameter version and a digest of its inputs. A reversal
/// repeats the reversed line's payer, payee and amount and counts negatively. <see cref="PostedYear"/> is the
/// settlement year the line belongs to; it differs from <see cref="Month"/>'s year only for an adjustment
/// (R-LEDGER-4), posted into the next open year because the month's year was closed.
/// </summary>
public sealed record LedgerLine
{
    /// <summary>Assigned by the store when the line is appended; 0 before.</summary>
    public long Sequence { get; init; }
    public required LedgerLineKind Kind { get; init; }
    public required int PostedYear { get; init; }
    public bool IsAdjustment { get; init; }
    /// <summary>For a reversal: the sequence of the posting it reverses.</summary>
    public long? Reverses
    {
        get => _rare?.Reverses;
        init { if (value is not null || _rare is not null) _rare = RareFields.Of((_rare ?? RareFields.None) with { Reverses = value }); }
    }
    public required RiverId River { get; init; }
    public required SectionId Section { get; init; }
    public required YearMonth Month { get; init; }
    public required string Purpose { get; init; }
    public required string Rule { get; init; }
    public PartyId? Payer { get; init; }
    public PartyId? Payee { get; init; }
    public required Fen Amount { get; init; }
    public WaterClass? Baseline { get; init; }
    public SectionId? BaselineFrom { get; init; }
    public WaterClass? Result { get; init; }
    public ResultSource? Source { get; init; }
    /// <summary>Why the line says what it says, as a code with arguments (<see cref="LineNote"/>); never part of the digest.</summary>
    public LineNote? Note
    {
        get => _rare?.Note;
        init { if (value is not null || _rare is not null) _rare = RareFields.Of((_rare ?? RareFields.None) with { Note = value }); }
    }

    public string? ExemptionReference
    {
        get => _rare?.ExemptionReference;
        init { if (value is not null || _rare is not null) _rare = RareFields.Of((_rare ?? RareFields.None) with { ExemptionReference = value }); }
    }
    public required string PolicyVersion { get; init; }
    public required string RuleFamily { get; init; }
    public required string InputDigest { get; init; }

    /// <summary>
    /// The inputs the digest covers that the line's other fields do not show (R-LEDGER-1), stored with it so that the
    /// digest can be recomputed from the line alone: how the baseline was found, the result's revision, the tiers in
    /// force and the class difference the rule read. Null on lines written before they were stored.
    /// </summary>
    public Accounting.BaselineBasis? BaselineBasis { get; init; }
    public int? ResultRevision { get; init; }
    public Tiers? Tiers { get; init; }
    public int? ClassDifference { get; init; }

    /// <summary>
    /// R-FAM-1 / R-EXT-1: the rule family's parameters (a water-quality line of a family other than cq2023), or the
    /// quantity terms (a quantity line), canonical; null when there are none. Covered by the digest.
    /// </summary>
    public Accounting.FamilyParameters? Parameters
    {
        get => _rare?.Parameters;
        init { if (value is not null || _rare is not null) _rare = RareFields.Of((_rare ?? RareFields.None) with { Parameters = value }); }
    }

    /// <summary>R-EXT-1: on a quantity line, the month's lowest daily mean flow (null: no figure) and the base flow, m³/s.</summary>
    public decimal? Flow
    {
        get => _rare?.Flow;
        init { if (value is not null || _rare is not null) _rare = RareFields.Of((_rare ?? RareFields.None) with { Flow = value }); }
    }

    public decimal? FlowTarget
    {
        get => _rare?.FlowTarget;
        init { if (value is not null || _rare is not null) _rare = RareFields.Of((_rare ?? RareFields.None) with { FlowTarget = value }); }
    }

    /// <summary>
    /// The fields few lines have: a reversal's target, a note, an exemption, a rule family's parameters, a quantity line's
    /// flows. A national year's 240,000 water-quality lines have none of them, and held in the line they made each line 80
    /// bytes larger (320 instead of 240). Null when every one is null, so two lines with the same values are equal whichever
    /// way they were made; never changed once made (a <c>with</c> shares it and replaces it to change a field).
    /// </summary>
    private readonly RareFields? _rare;

    private sealed record RareFields(long? Reverses, LineNote? Note, string? ExemptionReference, Accounting.FamilyParameters? Parameters, decimal? Flow, decimal? FlowTarget)
    {
        public static readonly RareFields None = new(null, null, null, null, null, null);

        public static RareFields? Of(RareFields fields) => fields == None ? null : fields;
    }

    public bool IsQuantity => Purpose == Accounting.Purposes.WaterQuantity;

    /// <summary>The digest recomputed from this line's stored inputs; null when the line predates them.</summary>
    public string? RecomputeDigest() => Tiers is not { } t ? null
        : Accounting.LineDigest.Compute(River, Section, Month, Purpose, Rule, Payer, Payee, Amount, Baseline, BaselineFrom, BaselineBasis,
            Result, Source, ResultRevision, ExemptionReference, PolicyVersion, RuleFamily, t, Accounting.LineDigest.Extra(Parameters, Flow, FlowTarget));

    public (SectionId, YearMonth, string) Key => (Section, Month, Purpose);

    /// <summary>+amount for a posting, −amount for a reversal.</summary>
    public Fen SignedAmount => Kind == LedgerLineKind.Posting ? Amount : -Amount;

    public static LedgerLine Post(SectionMonthOutcome o, int postedYear, bool adjustment, long sequence = 0) => new()
    {
        Sequence = sequence,
        Kind = LedgerLineKind.Posting,
        PostedYear = postedYear,
        IsAdjustment = adjustment,
        River = o.River,
        Section = o.Section,
        Month = o.Month,
        Purpose = o.Purpose,
        Rule = o.Rule,
        Payer = o.Payer,
        Payee = o.Payee,
        Amount = o.Amount,
        Baseline = o.Baseline,
        BaselineFrom = o.BaselineDetail?.From,
        Result = o.Result,
        Source = o.Source,
        Note = o.Note,
        ExemptionReference = o.ExemptionReference,
        PolicyVersion = o.PolicyVersion,
        RuleFamily = o.RuleFamily,
        InputDigest = o.InputDigest,
        BaselineBasis = o.BaselineDetail?.Basis,
        ResultRevision = o.ResultRevision,
        Tiers = o.Tiers,
        ClassDifference = o.ClassDifference,
        Parameters = o.Parameters is { IsEmpty: false } p ? p : null,
        Flow = o.Flow,
        FlowTarget = o.FlowTarget,
    };

    public LedgerLine ReverseInto(int postedYear, bool adjustment) => this with
    {
        Sequence = 0,
        Kind = LedgerLineKind.Reversal,
        PostedYear = postedYear,
        IsAdjustment = adjustment,
        Reverses = Sequence,
        Note = LineNote.Of(NoteCodes.Reversal, ("line", Sequence)),
    };

    /// <summary>
    /// The note in English as earlier versions stored it (an adjustment prefixed with its month), for the CLI's
    /// English output and the ledger JSON.
    /// </summary>
    public string? EnglishNote =>
        IsAdjustment ? $"adjustment for {Month} (year {Month.Year} closed, 跨年调整)" + (Note is null ? "" : $"; {Note.English}") : Note?.English;
}
