using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Quality;
using Liuyu.Domain.Settlement;

namespace Liuyu.Application;

// The values the store port (ILiuyuStore) takes and gives: plain records, no EF Core.

/// <summary>Who is changing the store: a user name and, from the web application, the user's role.</summary>
public sealed record AuditActor(string Name, string? Role = null)
{
    /// <summary>The operating-system user, for the CLI.</summary>
    public static AuditActor Cli => new(Environment.UserName is { Length: > 0 } u ? u : "liuyu", "cli");
}

/// <summary>One entry of the audit log (审计): who changed what, when, with the state before and after as JSON.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string? Role, string Action, string Subject, string? Before, string? After);

/// <summary>Filters of an audit listing; null means any. <see cref="Action"/> matches a prefix (<c>exemption</c> finds every exemption action).</summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Subject = null, long? Before = null, int Limit = 200);

/// <summary>
/// One ledger key (section, month, purpose) changed by an accounting run: the posting that was current before (now
/// reversed) and the posting that is current after; either is null when the key had no line before or has none after.
/// </summary>
public sealed record LedgerChange(SectionId Section, RiverId River, YearMonth Month, string Purpose, LedgerLine? Before, LedgerLine? After);

/// <summary>What accounting the years an import touched did to the ledger (R-LEDGER-2/3): the runs, the changed lines, and each party's net change in fen (receiving positive).</summary>
public sealed record ImportLedgerChange(
    IReadOnlyList<AccountingReport> Accounting,
    IReadOnlyList<LedgerChange> Lines,
    IReadOnlyDictionary<PartyId, Fen> Net);

/// <summary>One finding of <see cref="LiuyuStore.Verify"/>: which chain, which row (ledger sequence or entry id), a code and its detail.</summary>
public sealed record VerifyProblem(string Chain, long? Id, string Code, string Detail);

/// <summary>The chain head of one settlement year: the link of the last line posted into it.</summary>
public sealed record YearHead(int Year, long LastSequence, string Head);

/// <summary>What <c>liuyu verify</c> found: the mode, what it checked, and every problem (none when the store holds).</summary>
public sealed record VerifyReport(string Mode, bool Keyed, IReadOnlyDictionary<string, long> Checked, int DigestsRecomputed, int LegacyLines,
    IReadOnlyList<YearHead> Years, IReadOnlyList<VerifyProblem> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>What a sample import did: samples read, stored, skipped as already stored, and section-months recomputed.</summary>
/// <param name="AlreadyStored">Samples equal in every measured and provenance field to a stored one: not stored again.</param>
/// <param name="Recomputed">Section-months of the file evaluated again from all their stored samples.</param>
/// <param name="Changed">Of those, the computed results that are new or differ from what was stored.</param>
public sealed record SampleImportReport(long BatchId, string Source, int Read, int Stored, int AlreadyStored, int Recomputed, int Changed, IReadOnlyList<InputError> Warnings);

/// <summary>
/// The class of a section-month computed from its stored samples by GB 3838-2002 (R-DATA-3), as stored beside the
/// imported results. <see cref="Class"/> is null when no class indicator had a valid sample (R-DATA-4).
/// </summary>
public sealed record ComputedResult(
    SectionId Section,
    YearMonth Month,
    WaterClass? Class,
    IReadOnlyList<string> Deciding,
    IReadOnlyList<string> Participating,
    int SampleCount,
    SectionProfile Profile,
    DateTimeOffset ComputedAt,
    long BatchId)
{
    /// <summary>"COD,NH3N": the deciding indicators as a ledger note and a result carry them.</summary>
    public string DecidingText => string.Join(',', Deciding);

    /// <summary>
    /// The result the accounting reads (source <see cref="ResultSource.Computed"/>). Its note is a code whose arguments
    /// name the deciding indicators and the sample count, so that the ledger line names them (R-DATA-3); the count is
    /// not an input of the line's digest, so a sample that does not change the class posts nothing.
    /// </summary>
    public MonthlyResult ToMonthlyResult() => new(Section, Month, Class, ResultSource.Computed, null,
        Revision: 0, DecidingIndicators: Class is null ? null : DecidingText)
    {
        Coded = Class is null
            ? LineNote.Of(NoteCodes.ComputedNoValidSample, ("samples", SampleCount))
            : LineNote.Of(NoteCodes.Computed, ("samples", SampleCount), ("deciding", DecidingText), ("indicators", Participating.Count)),
    };
}

/// <summary>
/// A sample as stored, with its provenance: value and detection limit in the indicator's unit,
/// <see cref="UnitAsWritten"/> as the file wrote it, who measured it, which file and row, which batch, when and by whom.
/// </summary>
public sealed record StoredSample(
    long Id,
    SectionId Section,
    DateTime SampledAt,
    string Indicator,
    decimal? Value,
    bool BelowDetectionLimit,
    decimal? DetectionLimit,
    string? UnitAsWritten,
    decimal? SaturationPercent,
    string? MeasuredBy,
    SampleSource Source,
    string? ImportedFrom,
    int? ImportedRow,
    long BatchId,
    DateTimeOffset ImportedAt,
    string ImportedBy);

/// <summary>A section-month whose imported result and computed class differ (issue 3: listed, never silently resolved).</summary>
/// <param name="ImportedClass">Null when the imported result says there is no valid result (断流, data rejected).</param>
public sealed record ResultDisagreement(
    SectionId Section,
    YearMonth Month,
    WaterClass? ImportedClass,
    ResultSource ImportedSource,
    int ImportedRevision,
    string? ImportedNote,
    WaterClass ComputedClass,
    IReadOnlyList<string> ComputedDeciding,
    int ComputedSampleCount);

/// <summary>A payment (拨付) as stored, with its id, for listings.</summary>
public sealed record RecordedPayment(long Id, Payment Payment);

/// <summary>R-EXEMPT-1: a document attached to an exemption application, without its content.</summary>
public sealed record ExemptionAttachment(long Id, SectionId Section, YearMonth Month, string FileName, string ContentType, long SizeBytes, string Sha256,
    DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>What an import changed, table by table.</summary>
public sealed record ImportReport(long BatchId, IReadOnlyDictionary<string, int> Inserted, IReadOnlyDictionary<string, int> Updated, IReadOnlyList<InputError> Warnings);

/// <summary>What an accounting run did.</summary>
public sealed record AccountingReport(string Scope, int Outcomes, int Unchanged, int Posted, int Reversed, int Adjustments);

/// <summary>Filters of a ledger listing; null means any.</summary>
public sealed record LedgerQuery(RiverId? River = null, PartyId? Party = null, YearMonth? From = null, YearMonth? To = null, string? Rule = null,
    SectionId? Section = null);

/// <summary>
/// Everything about one section-month, for <c>liuyu explain</c>: the section, the baseline and where it came
/// from, the result and its revisions, the rule family and parameters, the exemption, the outcome as the
/// inputs stand now, and the ledger history of the key.
/// </summary>
public sealed record Explanation(
    Section Section,
    Party Upstream,
    Party Downstream,
    River River,
    SectionMonthOutcome Outcome,
    PolicyVersion Policy,
    Agreement? Agreement,
    IReadOnlyList<MonthlyResult> ResultRevisions,
    Exemption? Exemption,
    IReadOnlyList<LedgerLine> History,
    bool YearClosed)
{
    /// <summary>
    /// The class computed from the section-month's samples, if any were imported; shown beside the imported result
    /// (which wins, <see cref="ResultPrecedence"/>) so that a disagreement is never hidden.
    /// </summary>
    public ComputedResult? Computed { get; init; }

    /// <summary>R-EXT-1: the section-month's quantity line as the accounting gives it now; null when it has none.</summary>
    public SectionMonthOutcome? Quantity { get; init; }
}

/// <summary>What a store holds: the demo scheme (示例) or real data; a store never mixes the two.</summary>
public static class Datasets
{
    public const string Demo = "demo";
    public const string Real = "real";
}

/// <summary>Bounds on what a user may send.</summary>
public static class Limits
{
    /// <summary>Largest exemption attachment accepted (R-EXEMPT-1 documents).</summary>
    public const int MaxAttachmentBytes = 10 * 1024 * 1024;
}
