namespace Liuyu.Storage.Model;

// Storage rows: plain, provider-neutral shapes of the domain records. Money is integer fen (long), classes are
// ordinals 1…6, months are YYYYMM integers. Ordinal columns keep the order of registration, which is the
// order of reports.

public sealed class PartyRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public int Ordinal { get; set; }
    /// <summary>R-EXT-2: the party's province (省份), 重庆 unless it takes part from another province.</summary>
    public string Province { get; set; } = Liuyu.Domain.Party.HomeProvince;
}

public sealed class RiverRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? InflowProvince { get; set; }
    public int Ordinal { get; set; }
}

public sealed class SectionRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string RiverId { get; set; }
    public required string Upstream { get; set; }
    public required string Downstream { get; set; }
    public required string Kind { get; set; }
    public decimal DistanceKm { get; set; }
    public bool Approved { get; set; }
    public string? ReferenceSection { get; set; }
    public int Ordinal { get; set; }
}

public sealed class TargetRow
{
    public required string SectionId { get; set; }
    public int Year { get; set; }
    public int Class { get; set; }
}

/// <summary>A monthly result; revisions (复核, R-DATA-5) are new rows with a higher revision, never edits.</summary>
public sealed class ResultRow
{
    public long Id { get; set; }
    public required string SectionId { get; set; }
    public int Month { get; set; }
    public int Revision { get; set; }
    public int? Class { get; set; }
    public required string Source { get; set; }
    public string? Note { get; set; }
    public string? DecidingIndicators { get; set; }
    public long ImportBatchId { get; set; }
}

public sealed class AgreementRow
{
    public long Id { get; set; }
    public required string RiverId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly EffectiveTo { get; set; }
    public long Tier1Fen { get; set; }
    public long Tier2Fen { get; set; }
    public required string RuleFamily { get; set; }
    /// <summary>R-FAM-1: the family's parameters, canonical (<see cref="Liuyu.Domain.Accounting.FamilyParameters.Text"/>); null for none.</summary>
    public string? FamilyParameters { get; set; }
    /// <summary>R-EXT-1: the monthly quantity amount in fen; null when the agreement has no quantity terms.</summary>
    public long? QuantityAmountFen { get; set; }
    /// <summary>R-EXT-1: <c>penalty</c> or <c>two-way</c>; null without quantity terms.</summary>
    public string? QuantityMode { get; set; }
}

/// <summary>R-EXT-1: a section's ecological base flow (生态基流) for a year, m³/s.</summary>
public sealed class QuantityTargetRow
{
    public required string SectionId { get; set; }
    public int Year { get; set; }
    public decimal MinFlow { get; set; }
}

/// <summary>R-EXT-1: a section's lowest daily mean flow of a month, m³/s; null when the month has no figure.</summary>
public sealed class FlowRow
{
    public required string SectionId { get; set; }
    public int Month { get; set; }
    public decimal? MinDailyFlow { get; set; }
}

public sealed class SignatureRow
{
    public required string RiverId { get; set; }
    public required string PartyId { get; set; }
    public DateOnly SignedOn { get; set; }
}

public sealed class ExemptionRow
{
    public required string SectionId { get; set; }
    public int Month { get; set; }
    public bool FinanceApproved { get; set; }
    public bool EcologyApproved { get; set; }
    public required string Reason { get; set; }
    /// <summary>Who applied (user name), when recorded through the web application or CLI; null for imported rows.</summary>
    public string? AppliedBy { get; set; }
    /// <summary>When rejected: which bureau's role rejected (FinanceBureau or EcologyBureau); a rejected application is final.</summary>
    public string? RejectedBy { get; set; }
    /// <summary>When rejected: the bureau's reason.</summary>
    public string? RejectionReason { get; set; }
}

/// <summary>R-EXEMPT-1: a document attached to an exemption application (a disaster report, a photo), kept in the store.</summary>
public sealed class ExemptionAttachmentRow
{
    public long Id { get; set; }
    public required string SectionId { get; set; }
    public int Month { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    /// <summary>SHA-256 of the content, lower-case hex, shown so a printed copy can be checked against the stored one.</summary>
    public required string Sha256 { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public required string UploadedBy { get; set; }
}

public sealed class PaymentRow
{
    public long Id { get; set; }
    public int Year { get; set; }
    public required string Payer { get; set; }
    public required string Payee { get; set; }
    public long AmountFen { get; set; }
    public DateOnly PaidOn { get; set; }
}

public sealed class SubstituteRow
{
    public long Id { get; set; }
    public required string RiverId { get; set; }
    public int Year { get; set; }
    public required string Payer { get; set; }
    public required string Payee { get; set; }
    public required string Kind { get; set; }
    public long ReplacesFen { get; set; }
    public long AssessedFen { get; set; }
    public required string Description { get; set; }
}

/// <summary>A policy parameter override (R-EXT-3); a null date is the base version.</summary>
public sealed class PolicyRow
{
    public long Id { get; set; }
    public DateOnly? EffectiveFrom { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
}

/// <summary>Scheme-wide switches, e.g. whether signatures and payments are tracked (formats.md).</summary>
public sealed class SettingRow
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

/// <summary>R-LEDGER-1: an append-only ledger line. Never updated, never deleted.</summary>
public sealed class LedgerLineRow
{
    public long Sequence { get; set; }
    public required string Kind { get; set; }
    public int PostedYear { get; set; }
    public bool IsAdjustment { get; set; }
    public long? Reverses { get; set; }
    public required string RiverId { get; set; }
    public required string SectionId { get; set; }
    public int Month { get; set; }
    public required string Purpose { get; set; }
    public required string Rule { get; set; }
    public string? Payer { get; set; }
    public string? Payee { get; set; }
    public long AmountFen { get; set; }
    public int? Baseline { get; set; }
    public string? BaselineFrom { get; set; }
    public int? Result { get; set; }
    public string? Source { get; set; }
    public string? Note { get; set; }
    public string? ExemptionReference { get; set; }
    public required string PolicyVersion { get; set; }
    public required string RuleFamily { get; set; }
    public required string InputDigest { get; set; }
    public long RunId { get; set; }
    /// <summary>The note as a code with arguments (<see cref="Liuyu.Domain.Ledger.LineNote"/>); <see cref="Note"/> is the English prose of older versions.</summary>
    public string? NoteCode { get; set; }
    public string? NoteArgs { get; set; }
    public string? BaselineBasis { get; set; }
    public int? ResultRevision { get; set; }
    public long? Tier1Fen { get; set; }
    public long? Tier2Fen { get; set; }
    public int? ClassDifference { get; set; }
    /// <summary>
    /// For a posting: the previous posting of the same key (section, month, purpose), null for the first. Unique, and
    /// only one first posting per key: the database itself keeps the postings of a key one chain, so two writers can
    /// never both post a current line for it.
    /// </summary>
    public long? Supersedes { get; set; }
    /// <summary>R-FAM-1 / R-EXT-1: the family parameters or quantity terms the line was decided with (canonical); null for none.</summary>
    public string? Parameters { get; set; }
    /// <summary>R-EXT-1: on a quantity line, the month's lowest daily mean flow and the base flow, m³/s.</summary>
    public decimal? Flow { get; set; }
    public decimal? FlowTarget { get; set; }
    public string? ContentHash { get; set; }
    public string? ChainHash { get; set; }
}

/// <summary>R-LEDGER-4: a settled (closed) year.</summary>
public sealed class ClosedYearRow
{
    public int Year { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
    public required string ClosedBy { get; set; }
    /// <summary>Position in the closings' hash chain (1, 2, …).</summary>
    public long ChainIndex { get; set; }
    /// <summary>The last ledger sequence when the year was closed: no line of the year may come after it.</summary>
    public long LedgerLength { get; set; }
    /// <summary>SHA-256 over the content hashes of the year's lines when it was closed: a closed year's lines never change.</summary>
    public string? YearDigest { get; set; }
    public string? ContentHash { get; set; }
    public string? ChainHash { get; set; }
}

/// <summary>
/// The head of one hash chain (ledger, audit, steps, closings): its length, last row id, head hash and a seal over
/// the three, so that cutting rows off a chain's end is seen (with a key, the seal cannot be forged).
/// </summary>
public sealed class ChainHeadRow
{
    public required string Name { get; set; }
    public long Length { get; set; }
    public long LastId { get; set; }
    public required string Head { get; set; }
    public required string Seal { get; set; }
}

/// <summary>Provenance of an import: what, from where, by whom, when.</summary>
public sealed class ImportBatchRow
{
    public long Id { get; set; }
    public required string Source { get; set; }
    public required string ImportedBy { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int Rows { get; set; }
    public required string Summary { get; set; }
}

/// <summary>One accounting run: which period, when, and how many lines it appended.</summary>
public sealed class AccountingRunRow
{
    public long Id { get; set; }
    public required string Scope { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public int LinesAppended { get; set; }
}

/// <summary>
/// One measured sample (监测样品) with its provenance (R-DATA-2, R-DATA-3): who measured it, which monitoring, the
/// file and row it came from, the import batch, when and by whom it was imported. Value and detection limit are in
/// the indicator's unit (converted on import, Q-UNIT-1); <see cref="Unit"/> keeps the unit as written. Never edited.
/// </summary>
public sealed class SampleRow
{
    public long Id { get; set; }
    public required string SectionId { get; set; }
    /// <summary>Local date-time of sampling.</summary>
    public DateTime SampledAt { get; set; }
    /// <summary>YYYYMM of <see cref="SampledAt"/>, so that a section-month is one indexed lookup.</summary>
    public int Month { get; set; }
    /// <summary>The indicator's key in gb3838.csv, whatever name the file used.</summary>
    public required string Indicator { get; set; }
    public decimal? Value { get; set; }
    public bool BelowDetectionLimit { get; set; }
    public decimal? DetectionLimit { get; set; }
    public string? Unit { get; set; }
    public decimal? SaturationPercent { get; set; }
    public string? MeasuredBy { get; set; }
    public required string Source { get; set; }
    public string? ImportedFrom { get; set; }
    public int? ImportedRow { get; set; }
    public long ImportBatchId { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
}

/// <summary>
/// The class of a section-month computed from all its stored samples (R-DATA-3, gb3838.md); recomputed when samples
/// of that section-month are imported. Kept beside the imported results, never in their place.
/// </summary>
public sealed class ComputedResultRow
{
    public long Id { get; set; }
    public required string SectionId { get; set; }
    public int Month { get; set; }
    /// <summary>Null when no class indicator had a valid sample (R-DATA-4, Q-IND-3).</summary>
    public int? Class { get; set; }
    /// <summary>Indicator keys at the section's class, comma-separated (Q-SEC-1).</summary>
    public required string DecidingIndicators { get; set; }
    /// <summary>Indicator keys that took part, comma-separated (Q-IND-3).</summary>
    public required string ParticipatingIndicators { get; set; }
    /// <summary>Stored samples of the section-month the evaluation read.</summary>
    public int SampleCount { get; set; }
    /// <summary>The profile evaluated with: <c>river</c> or <c>lake</c>.</summary>
    public required string WaterBody { get; set; }
    public bool TotalNitrogen { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    public long ImportBatchId { get; set; }
}

/// <summary>R-JOINT-1: a recorded joint-governance activity; parties as ids separated by ';'.</summary>
public sealed class JointActivityRow
{
    public long Id { get; set; }
    public required string RiverId { get; set; }
    public required string Kind { get; set; }
    public DateOnly Date { get; set; }
    public required string Parties { get; set; }
    public required string Description { get; set; }
    public long ImportBatchId { get; set; }
    /// <summary>The district that recorded it on the web; null for the Ecology Bureau's records and imported ones.</summary>
    public string? RecordedBy { get; set; }
    /// <summary>The named districts (';'-separated) whose confirmation it still waits for; null when it counts.</summary>
    public string? Awaiting { get; set; }
}

/// <summary>R-SET-1: a confirmation (认定) by a party on a river, or the Finance Bureau's clearance (清算), of a year's statement.</summary>
public sealed class SettlementStepRow
{
    public long Id { get; set; }
    public int Year { get; set; }
    public required string Kind { get; set; }
    public string? RiverId { get; set; }
    public string? PartyId { get; set; }
    public required string StatementDigest { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public string? ContentHash { get; set; }
    public string? ChainHash { get; set; }
}

/// <summary>
/// 审计: one change to the store — who (user and role), when, what (an action and its subject) and the state before
/// and after as JSON. Appended in the same transaction as the change it records; never updated or deleted.
/// </summary>
public sealed class AuditEntryRow
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public string? Role { get; set; }
    /// <summary>A dotted verb, e.g. <c>exemption.approve</c>, <c>import.scenario</c>, <c>settlement.confirm</c>.</summary>
    public required string Action { get; set; }
    /// <summary>What was changed, e.g. <c>S-001 2023-05</c> or <c>2023</c>.</summary>
    public required string Subject { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? ContentHash { get; set; }
    public string? ChainHash { get; set; }
}

/// <summary>A name a bureau publishes for a registered section (断面别名), recorded once by the Ecology Bureau or the monitoring centre.</summary>
public sealed class SectionAliasRow
{
    public long Id { get; set; }
    /// <summary>The name as published, compared folded (no white space, ASCII parentheses): unique.</summary>
    public required string Name { get; set; }
    public required string SectionId { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// An automatic station (自动监测站) registered by its HJ 212 MN to one section (stations.csv, issue 14). The password is
/// the 6-character PW the data logger sends in clear under HJ 212; it is compared, never shown.
/// </summary>
public sealed class StationRow
{
    public required string Mn { get; set; }
    public required string SectionId { get; set; }
    /// <summary>The salted hash of the station's PW (<c>hmac-sha256$SALT$MAC</c>, see StationPassword), never the PW.</summary>
    public required string Password { get; set; }
    public required string Name { get; set; }
    /// <summary>Codes and their indicator keys, <c>w01018;w20141=As</c>; empty: every code the catalog knows.</summary>
    public required string Indicators { get; set; }
    public long ImportBatchId { get; set; }
}

/// <summary>
/// One value an automatic station sent (HJ 212 CN 2011, 2051, 2061 or 2031) with its provenance: the station, the
/// command, the request code (QN), the interval's DataTime, the data flag, and when it arrived. Unique on (MN, CN,
/// DataTime, code): a re-sent packet stores nothing. Never edited.
/// </summary>
public sealed class StationValueRow
{
    public long Id { get; set; }
    public required string Mn { get; set; }
    /// <summary>The station's section when the value arrived.</summary>
    public required string SectionId { get; set; }
    public required string Cn { get; set; }
    public string? Qn { get; set; }
    /// <summary>The station's local time: the start of the interval (2051, 2061, 2031) or the instant (2011).</summary>
    public DateTime DataTime { get; set; }
    /// <summary>YYYYMM of <see cref="DataTime"/>.</summary>
    public int Month { get; set; }
    public required string Code { get; set; }
    public decimal Value { get; set; }
    /// <summary>The data flag as sent (N valid; F M S D C T B not averaged); null when none was sent.</summary>
    public string? Flag { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// A section-month's class from its automatic stations, stored so that loading the scheme does not read every hourly
/// value (issue 14): the evaluation (<see cref="UsesStation"/>, <see cref="Class"/>, the deciding indicators, how
/// many took part, how many values) as <c>StationMonth.Evaluate</c> gave it, with what it was computed from. A batch
/// of uploads that inserts a valid hourly value of the section-month adds one to <see cref="Touched"/> in its own
/// transaction (values skipped as re-sent do not); the evaluation is current while <see cref="Computed"/> equals
/// <see cref="Touched"/> and <see cref="Inputs"/> equals what the evaluation would be computed under now (the
/// section's profile, the policy's completeness, the indicator maps of <see cref="Mns"/>). Otherwise the month is
/// evaluated again from its values, by the same function, which is what keeps it byte for byte the full computation.
/// </summary>
public sealed class StationMonthRow
{
    public required string SectionId { get; set; }
    /// <summary>YYYYMM.</summary>
    public int Month { get; set; }
    public long Touched { get; set; }
    /// <summary>The <see cref="Touched"/> the evaluation was computed at; 0: never.</summary>
    public long Computed { get; set; }
    public required string Inputs { get; set; }
    /// <summary>The stations whose valid hourly values the evaluation read, comma-separated, in order.</summary>
    public required string Mns { get; set; }
    public bool UsesStation { get; set; }
    public int? Class { get; set; }
    /// <summary>The deciding indicators' keys, comma-separated (as a computed result carries them).</summary>
    public required string Deciding { get; set; }
    public int Participating { get; set; }
    public int ValueCount { get; set; }
}
