using Liuyu.Data.Bulletins;
using Liuyu.Data.Samples;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Governance;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Quality;
using Liuyu.Domain.Settlement;

namespace Liuyu.Application;

/// <summary>
/// The port through which the use cases reach a Liuyu store (implemented by <c>Liuyu.Storage.LiuyuStore</c> on SQLite
/// and PostgreSQL). Imports are all-or-nothing, the ledger is append-only, every change is audited and sealed into
/// the hash chains in the transaction that writes it, under a write lock that holds across processes.
/// </summary>
public interface ILiuyuStore : IStationStore, IStationLiveStore
{
    /// <summary>Who the changes made through this store are recorded against.</summary>
    AuditActor Actor { get; set; }

    /// <summary>Where the store is, for messages: a file path, or a connection string with its password masked.</summary>
    string Display { get; }

    /// <summary>
    /// Records a change made outside the store (a user created in the users store, an account locked) and saves it at
    /// once. The caller must not pass secrets: <paramref name="before"/> and <paramref name="after"/> are stored as they are.
    /// </summary>
    void RecordAudit(string action, string subject, object? before, object? after);

    /// <summary>The audit log, newest first, filtered; <see cref="AuditQuery.Before"/> pages by entry id.</summary>
    IReadOnlyList<AuditEntry> AuditLog(AuditQuery q);

    /// <summary>
    /// Imports a monthly bulletin sheet (<see cref="BulletinReader"/>) against the registered rivers and sections, all or
    /// nothing; a changed class becomes a new revision like any imported result (R-DATA-5).
    /// </summary>
    ImportReport ImportBulletin(string path, string who, YearMonth? month = null);

    /// <summary>
    /// Imports a published bulletin or year table (<see cref="Liuyu.Data.Bulletins.BulletinReader"/>) against the registered
    /// rivers, sections and aliases, all or nothing; the reader's notes are the report's warnings.
    /// </summary>
    ImportReport ImportBulletin(string path, string who, Liuyu.Data.Bulletins.BulletinOptions options);

    /// <summary>The recorded section aliases (published name → section).</summary>
    IReadOnlyList<Liuyu.Data.Bulletins.SectionAlias> SectionAliases();

    /// <summary>Records a published name for a section (audited <c>section.alias</c>); refused when it is a section's name or taken.</summary>
    Liuyu.Data.Bulletins.SectionAlias RecordSectionAlias(string name, SectionId section, string who);

    /// <summary>Assessment sections with results in a year but no target for it (their lines book ¥0), per year.</summary>
    IReadOnlyList<(int Year, Section Section)> ResultsWithoutTarget(IReadOnlyCollection<int> years);

    /// <summary>Every ledger line posted into a settlement year (postings and reversals, adjustments included), in order of posting.</summary>
    IReadOnlyList<LedgerLine> PostedIn(int year);

    /// <summary>R-JOINT-1: the recorded joint-governance activities, optionally of one river, by date.</summary>
    IReadOnlyList<JointActivity> JointActivities(RiverId? river = null);

    /// <summary>R-JOINT-1: per river, which districts have a joint meeting system.</summary>
    IReadOnlyList<MeetingSystemStatus> MeetingSystems();

    IReadOnlyList<SettlementStep> SettlementSteps(int year);

    /// <summary>R-SET-1: where the settlement of a year stands against its current statement.</summary>
    SettlementProgress Progress(int year);

    /// <summary>
    /// R-SET-1 认定: a party confirms the year's amounts on its rivers (or on one river). The confirmation names
    /// the statement it was given on; if the ledger changes later it is stale and must be given again.
    /// </summary>
    SettlementProgress Confirm(int year, PartyId party, RiverId? river, string who);

    /// <summary>R-SET-1 清算: the Finance Bureau clears the year once every party of every river has confirmed the current statement.</summary>
    SettlementProgress Clear(int year, string who);

    /// <summary>
    /// Runs <paramref name="action"/> (an import, and the accounting after it) inside a transaction that is always
    /// rolled back: a dry run that goes through every check the real import makes, the store's own included (demo or
    /// real data, unknown sections), shows what accounting would change, and writes nothing. The import methods and
    /// <see cref="Account(Scheme, int, int?)"/> join the open transaction instead of starting their own.
    /// </summary>
    T Rehearse<T>(Func<T> action);

    /// <summary>
    /// Runs <paramref name="action"/> in one transaction, committed when it returns and rolled back when it throws: an
    /// import and the accounting after it (<see cref="AccountAfterImport"/>) with their audit entries, so that a failed
    /// accounting leaves no half import (an import whose ledger is stale).
    /// </summary>
    T InOneTransaction<T>(Func<T> action);

    /// <summary>The years of the section-months whose results an import batch stored or whose computed class it changed.</summary>
    IReadOnlySet<int> YearsOfBatch(long batchId);

    /// <summary>
    /// After an import: accounts the given years (each year's revisions of a closed year post as adjustments into the
    /// next open year, R-LEDGER-4), then reads what the runs appended and records the change in the audit log
    /// (<c>import.&lt;kind&gt;.ledger</c>, saved with the summary). Inside <see cref="InOneTransaction{T}"/> with the import
    /// it commits with it; inside <see cref="Rehearse{T}"/> it is the preview of a dry run and is rolled back.
    /// Accounting an unchanged year appends nothing (R-LEDGER-3).
    /// </summary>
    ImportLedgerChange AccountAfterImport(string kind, string source, long batchId, IEnumerable<int> years);

    /// <summary>The chain head of a settlement year: the link of the last ledger line posted into it (null when it has none).</summary>
    YearHead? HeadOfYear(int year);

    /// <summary>
    /// The store's version for read models: the heads of the ledger and audit chains. Every change the store records
    /// moves one of them, so a page built from the store can be cached under it.
    /// </summary>
    string Version();

    /// <summary>One section as registered, or null: a targeted query, for the pages and rules that need one fact of it.</summary>
    Section? FindSection(SectionId id);

    /// <summary>One page of the ledger lines matching the filters, in order of posting, and how many match: filtered, counted and paged in the database.</summary>
    (int Total, IReadOnlyList<LedgerLine> Lines) LedgerPage(LedgerQuery q, int offset, int limit);

    /// <summary>The registered names of the sections given (those not registered are left out): for a page of lines, not the registry.</summary>
    IReadOnlyDictionary<SectionId, string> SectionNames(IReadOnlyCollection<SectionId> ids);

    /// <summary>Moves the store to another chain mode (a new key, or plain), only if it verifies under its present one.</summary>
    void Reseal(ChainKey newKey);

    /// <summary>The chain links of every ledger line posted into a year (to recognise a superseded statement's head).</summary>
    IReadOnlySet<string> ChainLinksOf(int year);

    /// <summary>
    /// <c>liuyu verify</c>: recomputes every ledger line's input digest from its stored inputs and checks its amount
    /// against the tier its rule family and class difference give; recomputes every link of the four chains and
    /// their sealed heads; checks that each year's pair totals equal the sum of its lines as the database adds them,
    /// that a closed year's lines are those it closed with, and that each closed year's clearance names the
    /// statement it has now. Reads only; a keyed store needs its key. <paramref name="cancellation"/> stops it between
    /// rows (a server shutting down while it verifies in the background does not wait for a national ledger).
    /// </summary>
    VerifyReport Verify(CancellationToken cancellation = default);

    /// <summary>
    /// Reads <c>samples.csv</c> or an .xlsx workbook and imports it (see <see cref="ImportSamples(SampleFeed, string, string, IReadOnlyDictionary{string, SectionProfile}?)"/>);
    /// a CSV file is streamed.
    /// </summary>
    SampleImportReport ImportSamples(FileInfo samples, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null);

    /// <summary>Samples already read, as <see cref="ImportSamples(SampleFeed, string, string, IReadOnlyDictionary{string, SectionProfile}?)"/>.</summary>
    SampleImportReport ImportSamples(SampleFile file, string source, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null);

    /// <summary>
    /// Stores the samples with their provenance and recomputes every section-month they touch from all stored
    /// samples of that section-month, in one transaction: all or nothing. A sample of a section the store does not
    /// know is an input error naming file, row and column. A sample equal to a stored one is not stored twice, so
    /// importing the same file again changes nothing (R-LEDGER-3 holds for the accounting that follows).
    /// <paramref name="profiles"/> gives sections' water body and TN opt-in; a section not listed keeps the profile
    /// of its earlier computed results, or is a river without TN. The feed is read once, as it is written: memory does
    /// not grow with the file (issue 10).
    /// </summary>
    SampleImportReport ImportSamples(SampleFeed feed, string source, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null);

    /// <summary>Every computed result, by section (registration order) and month.</summary>
    IReadOnlyList<ComputedResult> ComputedResults();

    /// <summary>The computed result of one section-month, or null when no sample of it was imported.</summary>
    ComputedResult? ComputedFor(SectionId section, YearMonth month);

    /// <summary>
    /// Every section-month where the latest imported result and a computed class differ: the imported class (or
    /// its absence, R-DATA-4) wins (<see cref="ResultPrecedence"/>), and this report is where the difference is seen.
    /// </summary>
    IReadOnlyList<ResultDisagreement> Disagreements();

    /// <summary>How many samples the store holds.</summary>
    int SampleCount();

    /// <summary>The stored samples of one section-month with their provenance, in order of sampling then storing.</summary>
    IReadOnlyList<StoredSample> StoredSamples(SectionId section, YearMonth month);

    /// <summary>The settlement years that have ledger lines, ascending.</summary>
    IReadOnlyList<int> LedgerYears();

    /// <summary>
    /// The registry only: parties, rivers, sections (registration order) and targets, with the policy schedule, for
    /// the pages that name them. No results, samples or ledger: a page that only names things does not load the year.
    /// </summary>
    Scheme LoadRegistry();

    /// <summary>
    /// Every ledger line matching the filters, in order of posting, read from the database as it is enumerated (an
    /// export of any size holds one line at a time). Enumerate once, and before the store is disposed.
    /// </summary>
    IEnumerable<LedgerLine> StreamLedger(LedgerQuery q);

    /// <summary>R-EXEMPT-1: every exemption, applied for or approved, by section and month.</summary>
    IReadOnlyList<Exemption> Exemptions();

    /// <summary>
    /// R-EXEMPT-1: the paying party applies for an exemption of one section-month. It takes effect only when both
    /// bureaus approve (<see cref="ApproveExemption"/>). One application per section-month: a rejected one is final and is not applied for again (the row keeps the bureau's reason).
    /// </summary>
    Exemption ApplyExemption(SectionId section, YearMonth month, string reason);

    /// <summary>
    /// R-EXEMPT-1: one bureau approves an exemption. When both have approved, the month is accounted again so that the
    /// ledger shows the waived line (a reversal and a new line, R-LEDGER-2).
    /// </summary>
    Exemption ApproveExemption(SectionId section, YearMonth month, bool finance, bool ecology);

    /// <summary>The payments recorded for a year, by date paid.</summary>
    IReadOnlyList<RecordedPayment> Payments(int year);

    /// <summary>
    /// R-SET-1 拨付: the Finance Bureau records a transfer made for a settled year. The year must have ledger lines
    /// and be open; payer and payee are two known parties; the amount is positive; the date lies after the year's
    /// end and not in the future. Payments become tracked (<c>payments_tracked</c>), so R-PEN-1 is computed from
    /// then on. A later import of <c>payments.csv</c> covering the year replaces its payments, these included.
    /// </summary>
    RecordedPayment RecordPayment(Payment payment);

    /// <summary>
    /// R-EXEMPT-1: a bureau rejects an application, with its reason. Final: a rejected application is neither
    /// approved nor applied for again, and never waives the month. An application both bureaus approved can no
    /// longer be rejected (its month is already waived in the ledger).
    /// </summary>
    Exemption RejectExemption(SectionId section, YearMonth month, string bureau, string reason);

    /// <summary>The exemption of a section-month, or null when none was applied for.</summary>
    Exemption? ExemptionOf(SectionId section, YearMonth month);

    /// <summary>
    /// R-EXEMPT-1: attaches a document to a pending application (neither rejected nor approved by both). At most
    /// <see cref="Limits.MaxAttachmentBytes"/>; PDF, JPEG, PNG, DOCX or XLSX, recognised by content (a .docx or .xlsx is
    /// a ZIP named so). The stored content type is the recognised one, never the one the client claimed.
    /// </summary>
    ExemptionAttachment AttachToExemption(SectionId section, YearMonth month, string fileName, byte[] content);

    /// <summary>The documents attached to an exemption application, in order of upload.</summary>
    IReadOnlyList<ExemptionAttachment> ExemptionAttachments(SectionId section, YearMonth month);

    /// <summary>One attachment with its content, or null when the section-month has no attachment of that id.</summary>
    (ExemptionAttachment Attachment, byte[] Content)? ExemptionAttachmentContent(SectionId section, YearMonth month, long id);

    /// <summary>
    /// R-JOINT-1: records one joint-governance activity on a river by parties of that river. Each record from the
    /// web gets its own small import batch (source <c>web</c>) so that provenance is kept like an imported one. The
    /// same river, kind, date and parties twice is refused (an import would skip it as already recorded).
    /// </summary>
    JointActivity RecordJointActivity(JointActivity activity);

    /// <summary>R-JOINT-1: one recorded activity by its number, or null.</summary>
    JointActivity? JointActivity(long id);

    /// <summary>
    /// R-JOINT-1: a district named by a record another district made confirms it (audited as <c>joint.confirm</c>);
    /// once every named district has, it counts.
    /// </summary>
    JointActivity ConfirmJointActivity(long id, PartyId party);

    /// <summary>
    /// The months (of a year, or all) in which a section has stored samples, each evaluated by the domain (GB 3838, R-DATA-3)
    /// with the profile of its computed result: per indicator the monthly value and class, and the deciding ones.
    /// Empty when the section has no samples that year.
    /// </summary>
    IReadOnlyList<MonthlyEvaluation> EvaluateSamples(SectionId section, int? year = null);

    KnownRegistry Known();

    /// <summary>
    /// Reads a scenario folder, or a scenario workbook (.xlsx/.xls, one sheet per file), against what the store holds
    /// and imports it, all or nothing. <paramref name="ahead"/>: the folder's results file, begun reading before the
    /// store was open (<see cref="Liuyu.Data.Scenario.ScenarioReader.StartReading"/>).
    /// </summary>
    ImportReport ImportFolder(string folder, string who, IProgress<(string Table, int Rows)>? progress = null, Liuyu.Data.Scenario.ScenarioReader.ReadAhead? ahead = null);

    /// <summary>
    /// Imports validated scenario data in one transaction. Registry rows are upserted by id; a result that
    /// differs from the latest one of its section-month is stored as a new revision (R-DATA-5), never an edit.
    /// </summary>
    ImportReport Import(ScenarioData data, string source, string who, IProgress<(string Table, int Rows)>? progress = null, bool demo = false);

    /// <summary>"demo" or "real" once something was imported; null for an empty store.</summary>
    string? Dataset();

    /// <summary>
    /// Loads everything the accounting reads, in registration order. Results are the imported ones, then the
    /// computed ones of section-months without an imported result (<see cref="ResultPrecedence"/>).
    /// </summary>
    Scheme LoadScheme();

    /// <summary>
    /// <see cref="LoadScheme"/> without its monthly results (a national year's 240,000 of them): agreements, signatures,
    /// exemptions, payments and the policy are there, for the pages that review agreements or account a section-month
    /// whose result they give themselves (<c>MonthlyAccounting.AccountSection(scheme, section, month, result)</c>: the
    /// early warnings, the stations' limit class). Never to account a year with: it has no results to account.
    /// </summary>
    Scheme LoadSchemeWithoutResults();

    IReadOnlySet<int> ClosedYears();

    /// <summary>
    /// Accounts a whole year, or one month of it. The scheme is loaded after the write lock is taken, so that a
    /// process accounting at the same time as another's import never plans against inputs older than the ledger.
    /// </summary>
    AccountingReport Account(int year, int? month = null);

    /// <summary>
    /// 按月核算 into the ledger: computes every section's outcome for the period, appends what changed
    /// (R-LEDGER-2/3/4), checks the invariants in the same transaction and commits. Inside an open transaction (an
    /// import accounted with its import, <see cref="InOneTransaction{T}"/>, or a dry run, <see cref="Rehearse{T}"/>)
    /// it joins that transaction and leaves the commit to its owner.
    /// </summary>
    AccountingReport Account(Scheme scheme, int year, int? month = null);

    /// <summary>R-SET-1/2: the statement of a year from the lines posted into it.</summary>
    SettlementStatement Settle(int year);

    SettlementStatement Settle(Scheme scheme, int year);

    /// <summary>
    /// A year's statement, as <see cref="Settle(Scheme, int)"/> gives it, and the scheme it was settled with: the
    /// scheme of <see cref="LoadScheme"/> without its monthly results (a statement reads none), for names and order only,
    /// never to account with. Made side by side where the store can.
    /// </summary>
    (Scheme Scheme, SettlementStatement Statement) LoadAndSettle(int year);

    /// <summary>R-LEDGER-4: closes a settled year; later revisions post as adjustments into the next open year.</summary>
    void CloseYear(int year, string who, bool requireClearance = true);

    /// <summary>Ledger lines (postings and reversals, in order of posting) matching the filters.</summary>
    IReadOnlyList<LedgerLine> Ledger(LedgerQuery q);

    /// <summary>Explains one section-month (see <see cref="Explanation"/>).</summary>
    Explanation Explain(SectionId sectionId, YearMonth month);

    IReadOnlyList<ImportBatch> ImportBatches();

    /// <summary>Every accounting run (a whole year or a month), in order.</summary>
    IReadOnlyList<AccountingRun> AccountingRuns();

    int LedgerLineCount();
}

/// <summary>Provenance of an import: what, from where, by whom, when, and a summary of what it changed.</summary>
public sealed record ImportBatch(long Id, string Source, string ImportedBy, DateTimeOffset ImportedAt, int Rows, string Summary);

/// <summary>One accounting run (a whole year or a month): when, and how many lines it appended.</summary>
public sealed record AccountingRun(long Id, string Scope, DateTimeOffset StartedAt, int LinesAppended);
