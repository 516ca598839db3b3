using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Liuyu.Storage;

/// <summary>
/// A Liuyu store (EF Core): SQLite by default, PostgreSQL by connection string. Imports are all-or-nothing;
/// the ledger is append-only and its invariants are checked in the transaction that writes.
/// </summary>
public sealed partial class LiuyuStore : ILiuyuStore
{
    private readonly TimeProvider _clock;

    public StoreLocation Location { get; }

    private LiuyuStore(StoreLocation location, TimeProvider clock, ChainKey key)
    {
        Location = location;
        _clock = clock;
        _conn = location.CreateConnection();
        Chain = new ChainWriter(this, key);
    }

    internal ChainWriter Chain { get; }

    public string Display => Location.Display;

    /// <summary>Opens (and on first use creates and migrates) a store. The chain key defaults to <c>LIUYU_CHAIN_KEY</c>.</summary>
    public static LiuyuStore Open(string location, TimeProvider? clock = null, ChainKey? key = null) => Open(StoreLocation.Parse(location), clock, key);

    public static LiuyuStore Open(StoreLocation location, TimeProvider? clock = null, ChainKey? key = null)
    {
        var store = Connect(location, clock, key);
        store.Migrate();
        return store;
    }

    /// <summary>
    /// Connects to a store that is already migrated (the server migrates once at start and then connects per
    /// request): no migration, no schema query, only the check that the chain key matches the store's.
    /// </summary>
    public static LiuyuStore Connect(StoreLocation location, TimeProvider? clock = null, ChainKey? key = null)
    {
        if (!location.IsPostgres) Directory.CreateDirectory(Path.GetDirectoryName(location.Display)!);
        return new LiuyuStore(location, clock ?? TimeProvider.System, key ?? ChainKey.FromEnvironment());
    }

    /// <summary>Applies pending migrations; returns their names.</summary>
    public IReadOnlyList<string> Migrate() => Migrate(fromScript: true);

    /// <summary>
    /// <see cref="Migrate()"/>; a new store is made from the schema script (<see cref="CreateFromSchemaScript"/>) unless
    /// <paramref name="fromScript"/> is false (the tests make one each way and compare them).
    /// </summary>
    internal IReadOnlyList<string> Migrate(bool fromScript)
    {
        // One connection for the checks and the creation (without a pool, each opening is a new PostgreSQL session). A
        // database that cannot be opened yet (a PostgreSQL database not yet created) fails the checks as before, and
        // EF Core's Migrate makes it.
        var held = true;
        try { OpenConnection(); }
        catch (System.Data.Common.DbException) { held = false; }
        try { return MigrateOpen(fromScript); }
        finally
        {
            if (held) CloseConnection();
        }
    }

    /// <summary>
    /// The page size of a new SQLite store: 16 KiB rather than SQLite's 4 KiB. A national year's ledger is 240,000 lines
    /// of 36 columns (about 90 MB); its append goes to the WAL and, at the checkpoint, from there into the database, a
    /// system call per page each way, and a 16 KiB page makes a quarter as many. sqlite3 alone inserting the same ledger
    /// rows took 0.71-0.73 s on 4 KiB pages, 0.55-0.57 s on 16 KiB and 0.44-0.47 s on 64 KiB. Import, account and settle
    /// of the national year into a new store (native build, runs alternating): 4.95-5.27 s on 4 KiB pages, 4.47-4.63 s on
    /// 16 KiB; 64 KiB was faster still there (4.78-4.81 s against 4.99-5.03 s in another trial), but the server's
    /// 100-line ledger page answered at 2,906 req/s and a p99 of 67 ms on it against 6,019 req/s and 41 ms on 16 KiB (and
    /// 6,233 req/s, 52 ms on 4 KiB), one run each: a point read parses a page four times as large, and the page cache holds
    /// a quarter as many. An existing store keeps its own page size (SQLite changes it only by VACUUM, and never in WAL mode).
    /// </summary>
    internal const int SqlitePageSize = 16384;

    private IReadOnlyList<string> MigrateOpen(bool fromScript)
    {
        // A new SQLite file takes its page size before its first table (an existing store keeps its own: SQLite changes it
        // only by VACUUM, never in WAL mode, so this is a no-op there; so it is inside a transaction, where Migrate never runs).
        if (!Location.IsPostgres) Execute("PRAGMA page_size = " + SqlitePageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (fromScript && CreateFromSchemaScript() && IsCurrent())
            return MigrationsOf(Location.IsPostgres);
        if (IsCurrent()) return [];
        var pending = Db.Database.GetPendingMigrations().ToList();
        if (pending.Count > 0) Db.Database.Migrate();
        if (!Location.IsPostgres)
        {
            // WAL for concurrent readers while a writer works; NORMAL sync is durable at checkpoints and much faster.
            Db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            Db.Database.ExecuteSqlRaw("PRAGMA synchronous=NORMAL;");
        }
        UpgradeLedger();
        UpgradeStationPasswords();
        return pending;
    }

    public void Dispose()
    {
        _write?.Dispose();
        _db?.Dispose();
        _conn.Dispose();
    }

    // ---------------------------------------------------------------- import

    /// <summary>What the store has registered, for reading a folder against it (in plain SQL: see <see cref="Db"/>).</summary>
    public KnownRegistry Known()
    {
        OpenConnection();
        try
        {
            return new KnownRegistry(
                Rows("SELECT id, kind FROM parties", r => (Id: new PartyId(r.GetString(0)), Kind: Mapping.Parse<PartyKind>(r.GetString(1)))).ToDictionary(p => p.Id, p => p.Kind),
                Rows("SELECT id FROM rivers", r => new RiverId(r.GetString(0))).ToHashSet(),
                Rows("SELECT id, kind FROM sections", r => (Id: new SectionId(r.GetString(0)), Kind: Mapping.Parse<SectionKind>(r.GetString(1)))).ToDictionary(s => s.Id, s => s.Kind));
        }
        finally { CloseConnection(); }
    }

    /// <summary>
    /// Reads a scenario folder, or a scenario workbook (.xlsx/.xls, one sheet per file), against what the store holds
    /// and imports it, all or nothing.
    /// </summary>
    public ImportReport ImportFolder(string folder, string who, IProgress<(string Table, int Rows)>? progress = null, ScenarioReader.ReadAhead? ahead = null)
    {
        var known = Known();
        // An import into a store that holds a registry updates it through EF Core: its model is built while the folder is
        // read. A new store's import writes in plain SQL alone (see NewRows) and builds none.
        if (known.Parties.Count > 0 || known.Rivers.Count > 0 || known.Sections.Count > 0) WarmUp();
        return Import(ScenarioReader.ReadAny(folder, known, ahead), folder, who, progress);
    }

    /// <summary>
    /// Imports validated scenario data in one transaction. Registry rows are upserted by id; a result that
    /// differs from the latest one of its section-month is stored as a new revision (R-DATA-5), never an edit.
    /// </summary>
    public ImportReport Import(ScenarioData data, string source, string who, IProgress<(string Table, int Rows)>? progress = null, bool demo = false) =>
        Import(data, source, who, progress, demo, "import.scenario");

    private ImportReport Import(ScenarioData data, string source, string who, IProgress<(string Table, int Rows)>? progress, bool demo, string auditAction)
    {
        var inserted = new Dictionary<string, int>();
        var updated = new Dictionary<string, int>();
        void Count(Dictionary<string, int> d, string table, int n = 1) => d[table] = d.GetValueOrDefault(table) + n;

        // Inside a rehearsal (a dry run, see Rehearse) the caller's transaction is used and rolled back.
        using var tx = CurrentTransaction is null ? BeginWrite(warmUp: false) : null;
        if (tx is null) LockForWrite();
        // Demo data and real data are never mixed silently: a store holds one or the other.
        var dataset = Dataset();
        if (dataset is not null && dataset == DemoDataset != demo)
            throw new InputException(new InputError(source, null, null, demo ? ErrorCodes.DatasetReal : ErrorCodes.DatasetDemo));
        // Rows already in the store are read and updated through EF Core (its model begun on the other core while the
        // first rows are read), and so are stations; into a new store everything is written in plain SQL.
        if (dataset is not null || data.Stations.Count > 0) WarmUp();
        SetSetting("dataset", demo ? DemoDataset : RealDataset);
        var batch = new ImportBatchRow { Source = source, ImportedBy = who, ImportedAt = _clock.GetUtcNow(), Rows = data.RowCount, Summary = "" };
        if (NewRowsThroughEfCore)
        {
            Db.ImportBatches.Add(batch); // as the import wrote it through EF Core (a test compares the two)
            Db.SaveChanges();
        }
        else
            batch.Id = Rows("INSERT INTO import_batches (source, imported_by, imported_at, \"rows\", summary) VALUES (@p0, @p1, @p2, @p3, '') RETURNING id",
                r => r.GetInt64(0), batch.Source, batch.ImportedBy, batch.ImportedAt, batch.Rows).Single();

        var parties = Tracked("parties", db => db.Parties).ToDictionary(p => p.Id);
        var ordinal = parties.Count == 0 ? 0 : parties.Values.Max(p => p.Ordinal) + 1;
        var newParties = new List<PartyRow>();
        foreach (var p in data.Parties)
        {
            if (parties.TryGetValue(p.Id.Value, out var row))
            {
                if (row.Name != p.Name || row.Kind != Mapping.Name(p.Kind) || row.Province != p.Province)
                { row.Name = p.Name; row.Kind = Mapping.Name(p.Kind); row.Province = p.Province; Count(updated, "parties"); }
            }
            else { newParties.Add(new PartyRow { Id = p.Id.Value, Name = p.Name, Kind = Mapping.Name(p.Kind), Province = p.Province, Ordinal = ordinal++ }); Count(inserted, "parties"); }
        }
        progress?.Report(("parties", data.Parties.Count));

        var rivers = Tracked("rivers", db => db.Rivers).ToDictionary(r => r.Id);
        ordinal = rivers.Count == 0 ? 0 : rivers.Values.Max(r => r.Ordinal) + 1;
        var newRivers = new List<RiverRow>();
        foreach (var r in data.Rivers)
        {
            if (rivers.TryGetValue(r.Id.Value, out var row))
            {
                if (row.Name != r.Name || row.InflowProvince != r.InflowProvince) { row.Name = r.Name; row.InflowProvince = r.InflowProvince; Count(updated, "rivers"); }
            }
            else { newRivers.Add(new RiverRow { Id = r.Id.Value, Name = r.Name, InflowProvince = r.InflowProvince, Ordinal = ordinal++ }); Count(inserted, "rivers"); }
        }
        progress?.Report(("rivers", data.Rivers.Count));

        var sections = Tracked("sections", db => db.Sections).ToDictionary(s => s.Id);
        ordinal = sections.Count == 0 ? 0 : sections.Values.Max(s => s.Ordinal) + 1;
        var newSections = new List<SectionRow>();
        foreach (var s in data.Sections)
        {
            var isNew = !sections.TryGetValue(s.Id.Value, out var row);
            if (isNew)
            {
                row = new SectionRow { Id = s.Id.Value, Name = s.Name, RiverId = s.River.Value, Upstream = s.Upstream.Value, Downstream = s.Downstream.Value, Kind = Mapping.Name(s.Kind), Ordinal = ordinal++ };
                sections[s.Id.Value] = row;
                newSections.Add(row);
                Count(inserted, "sections");
            }
            else if (row!.ToDomain() != s) Count(updated, "sections");
            row!.Name = s.Name; row.RiverId = s.River.Value; row.Upstream = s.Upstream.Value; row.Downstream = s.Downstream.Value;
            row.Kind = Mapping.Name(s.Kind); row.DistanceKm = s.DistanceKm; row.Approved = s.Approved; row.ReferenceSection = s.ReferenceSection?.Value;
        }
        progress?.Report(("sections", data.Sections.Count));

        var targets = Tracked("targets", db => db.Targets).ToDictionary(t => (t.SectionId, t.Year));
        var newTargets = new List<TargetRow>();
        foreach (var t in data.Targets)
        {
            if (targets.TryGetValue((t.Section.Value, t.Year), out var row))
            {
                if (row.Class != t.Class.Ordinal) { row.Class = t.Class.Ordinal; Count(updated, "targets"); }
            }
            else
            {
                var target = new TargetRow { SectionId = t.Section.Value, Year = t.Year, Class = t.Class.Ordinal };
                targets[(target.SectionId, target.Year)] = target;
                newTargets.Add(target);
                Count(inserted, "targets");
            }
        }

        var agreementRows = new NewRows<AgreementRow>(this, "agreements", AgreementColumns, db => db.Agreements);
        var agreements = agreementRows.Existing().ToDictionary(a => (a.RiverId, a.EffectiveFrom));
        foreach (var a in data.Agreements)
        {
            if (!agreements.TryGetValue((a.River.Value, a.EffectiveFrom), out var row))
            {
                row = new AgreementRow { RiverId = a.River.Value, RuleFamily = a.RuleFamily };
                agreements[(row.RiverId, a.EffectiveFrom)] = row;
                agreementRows.Add(row);
                Count(inserted, "agreements");
            }
            else if (row.EffectiveTo != a.EffectiveTo || row.Tier1Fen != a.Tiers.Tier1.Value || row.Tier2Fen != a.Tiers.Tier2.Value || row.RuleFamily != a.RuleFamily
                     || row.ToDomain().Parameters != a.Parameters || row.ToDomain().Quantity != a.Quantity)
                Count(updated, "agreements");
            row.EffectiveFrom = a.EffectiveFrom; row.EffectiveTo = a.EffectiveTo; row.Tier1Fen = a.Tiers.Tier1.Value; row.Tier2Fen = a.Tiers.Tier2.Value; row.RuleFamily = a.RuleFamily;
            row.FamilyParameters = a.Parameters.IsEmpty ? null : a.Parameters.Text;
            row.QuantityAmountFen = a.Quantity?.Amount.Value;
            row.QuantityMode = a.Quantity is { } q ? QuantityTerms.ModeName(q.Mode) : null;
        }

        // R-EXT-1: base flows and monthly flows, upserted by their keys.
        var quantityTargetRows = new NewRows<QuantityTargetRow>(this, "quantity_targets", QuantityTargetColumns, db => db.QuantityTargets);
        var quantityTargets = quantityTargetRows.Existing().ToDictionary(t => (t.SectionId, t.Year));
        foreach (var t in data.QuantityTargets)
        {
            if (quantityTargets.TryGetValue((t.Section.Value, t.Year), out var row))
            {
                if (row.MinFlow != t.MinFlow) { row.MinFlow = t.MinFlow; Count(updated, "quantity_targets"); }
            }
            else
            {
                row = new QuantityTargetRow { SectionId = t.Section.Value, Year = t.Year, MinFlow = t.MinFlow };
                quantityTargets[(row.SectionId, row.Year)] = row;
                quantityTargetRows.Add(row);
                Count(inserted, "quantity_targets");
            }
        }
        var flowRows = new NewRows<FlowRow>(this, "flows", FlowColumns, db => db.Flows);
        var flows = data.Flows.Count == 0 ? new Dictionary<(string, int), FlowRow>() : flowRows.Existing().ToDictionary(f => (f.SectionId, f.Month));
        foreach (var f in data.Flows)
        {
            if (flows.TryGetValue((f.Section.Value, f.Month.Key), out var row))
            {
                if (row.MinDailyFlow != f.MinDailyFlow) { row.MinDailyFlow = f.MinDailyFlow; Count(updated, "flows"); }
            }
            else
            {
                row = new FlowRow { SectionId = f.Section.Value, Month = f.Month.Key, MinDailyFlow = f.MinDailyFlow };
                flows[(row.SectionId, row.Month)] = row;
                flowRows.Add(row);
                Count(inserted, "flows");
            }
        }

        var signatureRows = new NewRows<SignatureRow>(this, "signatures", SignatureColumns, db => db.Signatures);
        if (data.Signatures is not null)
        {
            SetSetting("signatures_tracked", "true");
            var existing = signatureRows.Existing().ToDictionary(s => (s.RiverId, s.PartyId));
            foreach (var s in data.Signatures)
            {
                if (existing.TryGetValue((s.River.Value, s.Party.Value), out var row)) { if (row.SignedOn != s.SignedOn) { row.SignedOn = s.SignedOn; Count(updated, "signatures"); } }
                else { signatureRows.Add(new SignatureRow { RiverId = s.River.Value, PartyId = s.Party.Value, SignedOn = s.SignedOn }); Count(inserted, "signatures"); }
            }
        }

        var exemptionRows = new NewRows<ExemptionRow>(this, "exemptions", ExemptionColumns, db => db.Exemptions);
        var exemptions = exemptionRows.Existing().ToDictionary(e => (e.SectionId, e.Month));
        foreach (var e in data.Exemptions)
        {
            if (exemptions.TryGetValue((e.Section.Value, e.Month.Key), out var row))
            {
                if (row.FinanceApproved != e.FinanceApproved || row.EcologyApproved != e.EcologyApproved || row.Reason != e.Reason)
                { row.FinanceApproved = e.FinanceApproved; row.EcologyApproved = e.EcologyApproved; row.Reason = e.Reason; Count(updated, "exemptions"); }
            }
            else { exemptionRows.Add(new ExemptionRow { SectionId = e.Section.Value, Month = e.Month.Key, FinanceApproved = e.FinanceApproved, EcologyApproved = e.EcologyApproved, Reason = e.Reason }); Count(inserted, "exemptions"); }
        }

        var paymentRows = new NewRows<PaymentRow>(this, "payments", PaymentColumns, db => db.Payments);
        if (data.Payments is not null)
        {
            // payments.csv is the record of the transfers made for the years it covers: it replaces what the store
            // had for those years (two identical transfers are two transfers; importing the file again changes nothing).
            SetSetting("payments_tracked", "true");
            var years = data.Payments.Select(p => p.Year).ToHashSet();
            var old = paymentRows.Existing(q => q.Where(p => years.Contains(p.Year)));
            var before = old.Select(p => (p.Year, p.Payer, p.Payee, p.AmountFen, p.PaidOn)).Order().ToList();
            var after = data.Payments.Select(p => (p.Year, p.Payer.Value, p.Payee.Value, p.Amount.Value, p.PaidOn)).Order().ToList();
            if (!before.SequenceEqual(after))
            {
                paymentRows.Remove(old);
                foreach (var p in data.Payments)
                    paymentRows.Add(new PaymentRow { Year = p.Year, Payer = p.Payer.Value, Payee = p.Payee.Value, AmountFen = p.Amount.Value, PaidOn = p.PaidOn });
                Count(old.Count == 0 ? inserted : updated, "payments", data.Payments.Count);
            }
        }

        // substitutes.csv likewise replaces the substitutes of the years it covers.
        var substituteRows = new NewRows<SubstituteRow>(this, "substitutes", SubstituteColumns, db => db.Substitutes);
        if (data.Substitutes.Count > 0)
        {
            var years = data.Substitutes.Select(s => s.Year).ToHashSet();
            var old = substituteRows.Existing(q => q.Where(s => years.Contains(s.Year)));
            var before = old.Select(s => (s.RiverId, s.Year, s.Payer, s.Payee, s.Kind, s.ReplacesFen, s.AssessedFen, s.Description)).Order().ToList();
            var after = data.Substitutes.Select(s => (s.River.Value, s.Year, s.Payer.Value, s.Payee.Value, Mapping.Name(s.Kind), s.Replaces.Value, s.AssessedValue.Value, s.Description)).Order().ToList();
            if (!before.SequenceEqual(after))
            {
                substituteRows.Remove(old);
                foreach (var s in data.Substitutes)
                    substituteRows.Add(new SubstituteRow { RiverId = s.River.Value, Year = s.Year, Payer = s.Payer.Value, Payee = s.Payee.Value, Kind = Mapping.Name(s.Kind), ReplacesFen = s.Replaces.Value, AssessedFen = s.AssessedValue.Value, Description = s.Description });
                Count(old.Count == 0 ? inserted : updated, "substitutes", data.Substitutes.Count);
            }
        }

        var jointRows = new NewRows<JointActivityRow>(this, "joint_activities", JointActivityColumns, db => db.JointActivities);
        var joint = jointRows.Existing(q => q.AsNoTracking()).Select(j => (j.RiverId, j.Kind, j.Date, j.Parties)).ToHashSet();
        foreach (var a in data.JointActivities)
        {
            var row = new JointActivityRow { RiverId = a.River.Value, Kind = Mapping.Name(a.Kind), Date = a.Date, Parties = string.Join(';', a.Parties.Select(p => p.Value)), Description = a.Description, ImportBatchId = batch.Id };
            if (joint.Add((row.RiverId, row.Kind, row.Date, row.Parties))) { jointRows.Add(row); Count(inserted, "joint_activities"); }
        }

        if (data.Stations.Count > 0)
        {
            var (sIn, sUp, _) = UpsertStations(data.Stations, batch.Id);
            if (sIn > 0) Count(inserted, "stations", sIn);
            if (sUp > 0) Count(updated, "stations", sUp);
        }

        var policyRows = new NewRows<PolicyRow>(this, "policy", PolicyColumns, db => db.Policy);
        var policy = policyRows.Existing();
        foreach (var o in data.Policy)
        {
            var row = policy.FirstOrDefault(p => p.EffectiveFrom == o.EffectiveFrom && p.Key == o.Key);
            if (row is null) { row = new PolicyRow { EffectiveFrom = o.EffectiveFrom, Key = o.Key, Value = o.Value }; policyRows.Add(row); policy.Add(row); Count(inserted, "policy"); }
            else if (row.Value != o.Value) { row.Value = o.Value; Count(updated, "policy"); }
        }
        SaveTracked();

        // New parties, rivers, sections, targets and results can be many (a national registry): written through the bulk
        // path, as are the new rows of a table that had none.
        agreementRows.Write();
        quantityTargetRows.Write();
        flowRows.Write();
        signatureRows.Write();
        exemptionRows.Write();
        paymentRows.Write();
        substituteRows.Write();
        jointRows.Write();
        policyRows.Write();
        BulkWriter.Insert(Connection, CurrentTransaction, "parties", PartyColumns, newParties);
        BulkWriter.Insert(Connection, CurrentTransaction, "rivers", RiverColumns, newRivers);
        BulkWriter.Insert(Connection, CurrentTransaction, "sections", SectionColumns, newSections);
        BulkWriter.Insert(Connection, CurrentTransaction, "targets", TargetColumns, newTargets);
        var latest = LatestResults();
        // Made as the bulk write takes them, so each row dies young instead of 240,000 of them (a national year) waiting in
        // a list for the write; the counts are complete once the write has taken the last.
        IEnumerable<ResultRow> NewResults()
        {
            foreach (var r in data.Results)
            {
                var cls = r.Class?.Ordinal;
                var src = Mapping.Name(r.Source);
                if (latest.TryGetValue((r.Section.Value, r.Month.Key), out var prev))
                {
                    if (prev.Class == cls && prev.Source == src && prev.Note == r.Note && prev.Deciding == r.DecidingIndicators) continue;
                    Count(updated, "results");
                }
                else Count(inserted, "results");
                var revision = prev.Source is null ? 0 : prev.Revision + 1;
                yield return new ResultRow { SectionId = r.Section.Value, Month = r.Month.Key, Revision = revision, Class = cls, Source = src, Note = r.Note, DecidingIndicators = r.DecidingIndicators, ImportBatchId = batch.Id };
            }
        }
        BulkWriter.Insert(Connection, CurrentTransaction, "results", ResultColumns, NewResults());
        progress?.Report(("results", data.Results.Count));

        batch.Summary = string.Join("; ", inserted.Select(kv => $"{kv.Key} +{kv.Value}").Concat(updated.Select(kv => $"{kv.Key} ~{kv.Value}")));
        var summary = new ImportAudit(batch.Id, data.RowCount, inserted, updated, data.Warnings.Count);
        if (NewRowsThroughEfCore)
        {
            Audit(auditAction, source, null, summary); // the tracked batch's summary is saved with it
            Db.SaveChanges();
        }
        else
        {
            Execute("UPDATE import_batches SET summary = @p0 WHERE id = @p1", batch.Summary, batch.Id);
            AuditNow(auditAction, source, summary, AuditJsonContext.Generated.ImportAudit);
        }
        tx?.Commit();
        ClearTracked();
        return new ImportReport(batch.Id, inserted, updated, data.Warnings);
    }

    private Dictionary<(string, int), (int? Class, string? Source, string? Note, string? Deciding, int Revision)> LatestResults()
    {
        var latest = new Dictionary<(string, int), (int?, string?, string?, string?, int)>();
        if (IsEmpty("results")) return latest;
        foreach (var r in Db.Results.AsNoTracking().OrderBy(r => r.Revision).Select(r => new { r.SectionId, r.Month, r.Class, r.Source, r.Note, r.DecidingIndicators, r.Revision }))
            latest[(r.SectionId, r.Month)] = (r.Class, r.Source, r.Note, r.DecidingIndicators, r.Revision);
        return latest;
    }

    private static readonly BulkColumn<PartyRow>[] PartyColumns =
    [
        BulkColumn<PartyRow>.Text("id", r => r.Id),
        BulkColumn<PartyRow>.Text("name", r => r.Name),
        BulkColumn<PartyRow>.Text("kind", r => r.Kind),
        BulkColumn<PartyRow>.Int32("ordinal", r => r.Ordinal),
        BulkColumn<PartyRow>.Text("province", r => r.Province),
    ];

    private static readonly BulkColumn<RiverRow>[] RiverColumns =
    [
        BulkColumn<RiverRow>.Text("id", r => r.Id),
        BulkColumn<RiverRow>.Text("name", r => r.Name),
        BulkColumn<RiverRow>.Text("inflow_province", r => r.InflowProvince),
        BulkColumn<RiverRow>.Int32("ordinal", r => r.Ordinal),
    ];

    private static readonly BulkColumn<SectionRow>[] SectionColumns =
    [
        BulkColumn<SectionRow>.Text("id", r => r.Id),
        BulkColumn<SectionRow>.Text("name", r => r.Name),
        BulkColumn<SectionRow>.Text("river_id", r => r.RiverId),
        BulkColumn<SectionRow>.Text("upstream", r => r.Upstream),
        BulkColumn<SectionRow>.Text("downstream", r => r.Downstream),
        BulkColumn<SectionRow>.Text("kind", r => r.Kind),
        BulkColumn<SectionRow>.Decimal("distance_km", r => r.DistanceKm),
        BulkColumn<SectionRow>.Boolean("approved", r => r.Approved),
        BulkColumn<SectionRow>.Text("reference_section", r => r.ReferenceSection),
        BulkColumn<SectionRow>.Int32("ordinal", r => r.Ordinal),
    ];

    private static readonly BulkColumn<TargetRow>[] TargetColumns =
    [
        BulkColumn<TargetRow>.Text("section_id", r => r.SectionId),
        BulkColumn<TargetRow>.Int32("year", r => r.Year),
        BulkColumn<TargetRow>.Int32("class", r => r.Class),
    ];

    // The registry tables an import writes through the bulk path when they had no row (NewRows): every column EF Core's
    // model maps, but a generated id.
    private static readonly BulkColumn<AgreementRow>[] AgreementColumns =
    [
        BulkColumn<AgreementRow>.Text("river_id", r => r.RiverId),
        BulkColumn<AgreementRow>.Date("effective_from", r => r.EffectiveFrom),
        BulkColumn<AgreementRow>.Date("effective_to", r => r.EffectiveTo),
        BulkColumn<AgreementRow>.Int64("tier1_fen", r => r.Tier1Fen),
        BulkColumn<AgreementRow>.Int64("tier2_fen", r => r.Tier2Fen),
        BulkColumn<AgreementRow>.Text("rule_family", r => r.RuleFamily),
        BulkColumn<AgreementRow>.Text("family_parameters", r => r.FamilyParameters),
        BulkColumn<AgreementRow>.Int64("quantity_amount_fen", r => r.QuantityAmountFen),
        BulkColumn<AgreementRow>.Text("quantity_mode", r => r.QuantityMode),
    ];

    private static readonly BulkColumn<QuantityTargetRow>[] QuantityTargetColumns =
    [
        BulkColumn<QuantityTargetRow>.Text("section_id", r => r.SectionId),
        BulkColumn<QuantityTargetRow>.Int32("year", r => r.Year),
        BulkColumn<QuantityTargetRow>.Decimal("min_flow", r => r.MinFlow),
    ];

    private static readonly BulkColumn<FlowRow>[] FlowColumns =
    [
        BulkColumn<FlowRow>.Text("section_id", r => r.SectionId),
        BulkColumn<FlowRow>.Int32("month", r => r.Month),
        BulkColumn<FlowRow>.NullableDecimal("min_daily_flow", r => r.MinDailyFlow),
    ];

    private static readonly BulkColumn<SignatureRow>[] SignatureColumns =
    [
        BulkColumn<SignatureRow>.Text("river_id", r => r.RiverId),
        BulkColumn<SignatureRow>.Text("party_id", r => r.PartyId),
        BulkColumn<SignatureRow>.Date("signed_on", r => r.SignedOn),
    ];

    private static readonly BulkColumn<ExemptionRow>[] ExemptionColumns =
    [
        BulkColumn<ExemptionRow>.Text("section_id", r => r.SectionId),
        BulkColumn<ExemptionRow>.Int32("month", r => r.Month),
        BulkColumn<ExemptionRow>.Boolean("finance_approved", r => r.FinanceApproved),
        BulkColumn<ExemptionRow>.Boolean("ecology_approved", r => r.EcologyApproved),
        BulkColumn<ExemptionRow>.Text("reason", r => r.Reason),
        BulkColumn<ExemptionRow>.Text("applied_by", r => r.AppliedBy),
        BulkColumn<ExemptionRow>.Text("rejected_by", r => r.RejectedBy),
        BulkColumn<ExemptionRow>.Text("rejection_reason", r => r.RejectionReason),
    ];

    private static readonly BulkColumn<PaymentRow>[] PaymentColumns =
    [
        BulkColumn<PaymentRow>.Int32("year", r => r.Year),
        BulkColumn<PaymentRow>.Text("payer", r => r.Payer),
        BulkColumn<PaymentRow>.Text("payee", r => r.Payee),
        BulkColumn<PaymentRow>.Int64("amount_fen", r => r.AmountFen),
        BulkColumn<PaymentRow>.Date("paid_on", r => r.PaidOn),
    ];

    private static readonly BulkColumn<SubstituteRow>[] SubstituteColumns =
    [
        BulkColumn<SubstituteRow>.Text("river_id", r => r.RiverId),
        BulkColumn<SubstituteRow>.Int32("year", r => r.Year),
        BulkColumn<SubstituteRow>.Text("payer", r => r.Payer),
        BulkColumn<SubstituteRow>.Text("payee", r => r.Payee),
        BulkColumn<SubstituteRow>.Text("kind", r => r.Kind),
        BulkColumn<SubstituteRow>.Int64("replaces_fen", r => r.ReplacesFen),
        BulkColumn<SubstituteRow>.Int64("assessed_fen", r => r.AssessedFen),
        BulkColumn<SubstituteRow>.Text("description", r => r.Description),
    ];

    private static readonly BulkColumn<JointActivityRow>[] JointActivityColumns =
    [
        BulkColumn<JointActivityRow>.Text("river_id", r => r.RiverId),
        BulkColumn<JointActivityRow>.Text("kind", r => r.Kind),
        BulkColumn<JointActivityRow>.Date("date", r => r.Date),
        BulkColumn<JointActivityRow>.Text("parties", r => r.Parties),
        BulkColumn<JointActivityRow>.Text("description", r => r.Description),
        BulkColumn<JointActivityRow>.Int64("import_batch_id", r => r.ImportBatchId),
        BulkColumn<JointActivityRow>.Text("recorded_by", r => r.RecordedBy),
        BulkColumn<JointActivityRow>.Text("awaiting", r => r.Awaiting),
    ];

    private static readonly BulkColumn<PolicyRow>[] PolicyColumns =
    [
        BulkColumn<PolicyRow>.Date("effective_from", r => r.EffectiveFrom),
        BulkColumn<PolicyRow>.Text("key", r => r.Key),
        BulkColumn<PolicyRow>.Text("value", r => r.Value),
    ];

    private static readonly BulkColumn<ResultRow>[] ResultColumns =
    [
        BulkColumn<ResultRow>.Text("section_id", r => r.SectionId),
        BulkColumn<ResultRow>.Int32("month", r => r.Month),
        BulkColumn<ResultRow>.Int32("revision", r => r.Revision),
        BulkColumn<ResultRow>.Int32("class", r => r.Class),
        BulkColumn<ResultRow>.Text("source", r => r.Source),
        BulkColumn<ResultRow>.Text("note", r => r.Note),
        BulkColumn<ResultRow>.Text("deciding_indicators", r => r.DecidingIndicators),
        BulkColumn<ResultRow>.Int64("import_batch_id", r => r.ImportBatchId),
    ];

    /// <summary>Sets a setting at once, in plain SQL, in the current transaction.</summary>
    private void SetSetting(string key, string value) =>
        Execute("INSERT INTO settings (\"key\", \"value\") VALUES (@p0, @p1) ON CONFLICT (\"key\") DO UPDATE SET \"value\" = excluded.\"value\"", key, value);

    /// <summary>
    /// The new rows of one registry table in an import: written through the bulk path when the table had no row (so a new
    /// store's import never builds EF Core's model), added to EF Core's unit of work otherwise, beside the rows of the
    /// table it updates. Rows keep the order they are added in (a generated id follows it either way).
    /// </summary>
    private sealed class NewRows<T>(LiuyuStore store, string table, IReadOnlyList<BulkColumn<T>> columns, Func<LiuyuDb, DbSet<T>> set) where T : class
    {
        private readonly List<T> _bulk = [];

        private bool? _empty;

        /// <summary>
        /// Whether the table had no row when the import began (never, for a test, under <see cref="NewRowsThroughEfCore"/>):
        /// asked when its rows are first read or added, before anything of this import is written to it.
        /// </summary>
        public bool Empty => _empty ??= !store.NewRowsThroughEfCore && store.IsEmpty(table);

        /// <summary>The table's rows (tracked, for the import to update them), or those <paramref name="query"/> selects.</summary>
        public List<T> Existing(Func<IQueryable<T>, IQueryable<T>>? query = null) =>
            Empty ? [] : [.. query is null ? set(store.Db) : query(set(store.Db))];

        public void Add(T row)
        {
            if (Empty) _bulk.Add(row);
            else set(store.Db).Add(row);
        }

        /// <summary>Removes rows read by <see cref="Existing"/> (none when the table had none).</summary>
        public void Remove(List<T> rows)
        {
            if (rows.Count > 0) set(store.Db).RemoveRange(rows);
        }

        /// <summary>Writes the rows kept for the bulk path (after EF Core's unit of work is saved).</summary>
        public void Write()
        {
            if (_bulk.Count > 0) BulkWriter.Insert(store.Connection, store.CurrentTransaction, table, columns, _bulk);
        }
    }

    /// <summary>
    /// For a test: an import writes its batch, its audit entry and every new registry row through EF Core's unit of work,
    /// as it did before a new store's import was written in plain SQL (a test compares the two stores it gives).
    /// </summary>
    internal bool NewRowsThroughEfCore { get; set; }

    /// <summary>Saves EF Core's unit of work, if anything made its context (a new store's import does not).</summary>
    private void SaveTracked()
    {
        if (_db is not null) _db.SaveChanges();
    }

    public const string DemoDataset = Datasets.Demo;
    public const string RealDataset = Datasets.Real;

    /// <summary>"demo" or "real" once something was imported; null for an empty store.</summary>
    public string? Dataset() => Rows("SELECT \"value\" FROM settings WHERE \"key\" = 'dataset'", r => r.GetString(0)).FirstOrDefault();

    // ---------------------------------------------------------------- scheme

    // ---------------------------------------------------------------- accounting

    public IReadOnlySet<int> ClosedYears() => Rows("SELECT year FROM closed_years", r => r.GetInt32(0)).ToHashSet();

    /// <summary>
    /// Accounts a whole year, or one month of it. The scheme is loaded after the write lock is taken, so that a
    /// process accounting at the same time as another's import never plans against inputs older than the ledger.
    /// </summary>
    public AccountingReport Account(int year, int? month = null)
    {
        using var tx = CurrentTransaction is null ? BeginWrite(warmUp: false) : null;
        var report = Account(LoadScheme(withResults: true, ownWriteUnwritten: tx is not null), year, month);
        tx?.Commit();
        return report;
    }

    /// <summary>
    /// 按月核算 into the ledger: computes every section's outcome for the period, appends what changed
    /// (R-LEDGER-2/3/4), checks the invariants in the same transaction and commits. Inside an open transaction (an
    /// import accounted with its import, <see cref="InOneTransaction{T}"/>, or a dry run, <see cref="Rehearse{T}"/>)
    /// it joins that transaction and leaves the commit to its owner.
    /// </summary>
    public AccountingReport Account(Scheme scheme, int year, int? month = null)
    {
        var scope = month is { } m ? new YearMonth(year, m).ToString() : year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        YearMonth[] months = month is { } mm ? [new YearMonth(year, mm)] : [.. YearMonth.MonthsOf(year)];

        // Accounting writes in plain SQL only (the run, the ledger, the chains' heads and its audit entry): on its own it
        // never needs EF Core's model, and does not have it built on the other core while the months are accounted.
        using var tx = CurrentTransaction is null ? BeginWrite(warmUp: false) : null;
        if (tx is null) LockForWrite();
        var closed = ClosedYears();
        bool IsClosed(int y) => closed.Contains(y);
        var existing = ReadLedgerLines("month >= @p0 AND month <= @p1", months[0].Key, months[^1].Key);
        var current = LedgerState.Current(existing);
        // The run is recorded first: its lines carry its id. What it appended is filled in below, in the same transaction.
        // A failure after it (a month that cannot be accounted, a broken invariant) leaves the run and the lines written so
        // far to that transaction's rollback: this one's, or the caller's (Rehearse and InOneTransaction roll back when
        // what they run throws). The store forgets what it tracks either way.
        try
        {
            // What a caller that joins left in EF Core's unit of work is saved first, as saving the run's row through EF
            // Core saved it (the store forgets what it tracks below).
            SaveTracked();
            var runId = Rows("INSERT INTO accounting_runs (scope, started_at, lines_appended) VALUES (@p0, @p1, 0) RETURNING id",
                r => r.GetInt64(0), scope, _clock.GetUtcNow()).Single();

            // Month by month, and each month part by part (PlanPartSections sections at a time): each part's outcomes are
            // planned against the ledger (a key is a section, month and purpose, so the parts' plans are independent, and
            // one after the other they are the plan of the whole period, line for line) and handed to the write as they are
            // made, so that the accounting of the next parts runs while the database takes the lines of the first.
            // Each part's lines are checked as soon as they are planned, before the first of them is written, and are not
            // kept after the write: a key is a section, month and purpose, so a part's lines and the lines already in the
            // ledger for its sections and month are all that the invariants (LedgerInvariants.Check) read (see below), and
            // the amount check reads one posting at a time. A broken invariant fails the run before its commit, as before;
            // where a run breaks several, the earliest part's is the one reported (its invariants, then its amounts).
            var policies = scheme.Policy.Versions.GroupBy(v => v.Id).ToDictionary(g => g.Key, g => g.First());
            // What each part's check is given of the ledger: the month's postings of the part's sections (of sections no
            // longer registered, with the last part) and every reversal of the month, whatever its section, so that what
            // is reversed (a reversal that names another key's posting included) is known to every part as it was to the
            // whole month. Sorted into the parts once a month (a lookup by month and section made a group for each of a
            // national ledger's 240,000 keys, and accounting a year with nothing new took 0.25 s longer for it).
            var parts = SectionParts(scheme.Sections, PlanPartSections);
            var partOf = new Dictionary<SectionId, int>(scheme.Sections.Count);
            for (var p = 0; p < parts.Count; p++)
                foreach (var s in parts[p]) partOf[s.Id] = p;
            var existingIn = existing.ToLookup(l => l.Month);
            List<LedgerLine>[] ExistingByPart(YearMonth ym)
            {
                var byPart = new List<LedgerLine>[parts.Count];
                for (var p = 0; p < byPart.Length; p++) byPart[p] = [];
                var reversals = new List<LedgerLine>();
                foreach (var l in existingIn[ym])
                    if (l.Kind == LedgerLineKind.Reversal) reversals.Add(l);
                    else byPart[partOf.TryGetValue(l.Section, out var p) ? p : byPart.Length - 1].Add(l);
                foreach (var lines in byPart) lines.AddRange(reversals);
                return byPart;
            }
            int outcomes = 0, appended = 0, reversed = 0, adjustments = 0;
            List<LedgerLine> PlanPart(YearMonth ym, Section[] part, List<LedgerLine> before)
            {
                var partOutcomes = MonthlyAccounting.AccountSections(scheme, part, ym).ToList();
                outcomes += partOutcomes.Count;
                var lines = LedgerPlanner.Plan(current, partOutcomes, IsClosed);
                LedgerInvariants.Check(before, lines, IsClosed);
                foreach (var l in lines)
                {
                    // Independent of the planner: every appended posting's amount is what its rule family gives for its
                    // classes and tiers.
                    if (l.Kind == LedgerLineKind.Posting)
                        CheckAmount(l, policies, (_, _, _, detail) => throw new LedgerInvariantException("ledger invariant broken: " + detail));
                    else reversed++;
                    if (l.IsAdjustment) adjustments++;
                }
                appended += lines.Count;
                return lines;
            }
            // The part's outcomes are gone once it is planned, and each line is let go as it is handed on: a line written
            // is garbage before the collector's next look (see PlanPartSections).
            IEnumerable<LedgerLine> Planned()
            {
                foreach (var ym in months)
                {
                    var before = ExistingByPart(ym);
                    for (var p = 0; p < parts.Count; p++)
                    {
                        var lines = PlanPart(ym, parts[p], before[p]);
                        before[p] = null!;
                        for (var i = 0; i < lines.Count; i++)
                        {
                            var l = lines[i];
                            lines[i] = null!;
                            yield return l;
                        }
                    }
                }
            }
            AppendLedger(existing, Planned(), runId);

            var report = new AccountingReport(scope, outcomes, outcomes - (appended - reversed), appended - reversed, reversed, adjustments);
            // Only a run that changed the ledger is audited: accounting again with nothing new is routine (every approval
            // and import is followed by one) and stays in accounting_runs; the audit log records who moved money.
            if (appended > 0)
            {
                Execute("UPDATE accounting_runs SET lines_appended = @p0 WHERE id = @p1", appended, runId);
                AuditNow("ledger.account", scope, new AccountAudit(report.Posted, report.Reversed, report.Adjustments, report.Outcomes), AuditJsonContext.Generated.AccountAudit);
            }
            tx?.Commit();
            return report;
        }
        finally { ClearTracked(); }
    }

    /// <summary>
    /// How many sections <c>account</c> accounts, plans and checks at a time within a month (see <see cref="Account(Scheme, int, int?)"/>).
    /// A part is small enough that its outcomes and lines are written and dropped before the collector looks twice: a
    /// national month at once (20,000 sections) kept about 15 MB alive across each young collection, which the collector
    /// copied on into the oldest generation and then collected there in full, blocking, compacting collections (four
    /// during a national year's append, 80-100 ms each, traced). In parts of 2,048 sections, with the sealing pipeline's
    /// parts made smaller alike (<see cref="ChainWriter.LedgerPart"/>), one such collection is left: in a build that
    /// printed the collector's figures, its pauses over the whole process fell from 430-500 ms to 140-200 ms and the
    /// append from 1.73-1.94 s to 1.34-1.64 s (3 runs each, alternating); the released front's <c>account</c> from
    /// 2.37 s to 1.93 s (medians of 6, alternating), with the same ledger. A test may lower it.
    /// </summary>
    internal int PlanPartSections { get; set; } = 2048;

    /// <summary>The scheme's sections in runs of <paramref name="size"/>, in order (LINQ's <c>Chunk</c>, which refuses a size below 1); one empty run when there are none.</summary>
    private static List<Section[]> SectionParts(IReadOnlyList<Section> sections, int size)
    {
        var parts = sections.Chunk(size).ToList();
        if (parts.Count == 0) parts.Add([]);
        return parts;
    }

    /// <summary>
    /// Appends planned lines under the write lock, as <paramref name="append"/> gives them: numbers them after the
    /// ledger's last sequence, links each new posting to the posting of its key it supersedes (the database refuses a
    /// second current posting), seals them into the ledger's hash chain and writes them through the bulk path, the rows
    /// made and sealed a few thousand ahead of the write (<see cref="ChainWriter.WriteLedger(IEnumerable{LedgerLineRow}, Action{IEnumerable{LedgerLineRow}}, int?)"/>).
    /// </summary>
    private void AppendLedger(IReadOnlyList<LedgerLine> existing, IEnumerable<LedgerLine> append, long runId)
    {
        var lastPosting = new Dictionary<(SectionId, YearMonth, string), long>();
        foreach (var l in existing.Where(l => l.Kind == LedgerLineKind.Posting)) lastPosting[l.Key] = Math.Max(lastPosting.GetValueOrDefault(l.Key), l.Sequence);
        // A plan posts at most one line per key, so a new posting supersedes the last posting already in the ledger.
        Chain.WriteLedger(
            append.Select(l => l.ToRow(runId, l.Kind == LedgerLineKind.Posting && lastPosting.TryGetValue(l.Key, out var prev) ? prev : null)),
            rows => BulkWriter.Insert(Connection, CurrentTransaction, "ledger_lines", LedgerColumns, rows));
    }

    internal static IReadOnlyList<BulkColumn<LedgerLineRow>> LedgerColumnsForTests => LedgerColumns;

    private static readonly BulkColumn<LedgerLineRow>[] LedgerColumns =
    [
        BulkColumn<LedgerLineRow>.Int64("sequence", l => l.Sequence),
        BulkColumn<LedgerLineRow>.Text("kind", l => l.Kind),
        BulkColumn<LedgerLineRow>.Int32("posted_year", l => l.PostedYear),
        BulkColumn<LedgerLineRow>.Boolean("is_adjustment", l => l.IsAdjustment),
        BulkColumn<LedgerLineRow>.Int64("reverses", l => l.Reverses),
        BulkColumn<LedgerLineRow>.Int64("supersedes", l => l.Supersedes),
        BulkColumn<LedgerLineRow>.Text("river_id", l => l.RiverId),
        BulkColumn<LedgerLineRow>.Text("section_id", l => l.SectionId),
        BulkColumn<LedgerLineRow>.Int32("month", l => l.Month),
        BulkColumn<LedgerLineRow>.Text("purpose", l => l.Purpose),
        BulkColumn<LedgerLineRow>.Text("rule", l => l.Rule),
        BulkColumn<LedgerLineRow>.Text("payer", l => l.Payer),
        BulkColumn<LedgerLineRow>.Text("payee", l => l.Payee),
        BulkColumn<LedgerLineRow>.Int64("amount_fen", l => l.AmountFen),
        BulkColumn<LedgerLineRow>.Int32("baseline", l => l.Baseline),
        BulkColumn<LedgerLineRow>.Text("baseline_from", l => l.BaselineFrom),
        BulkColumn<LedgerLineRow>.Text("baseline_basis", l => l.BaselineBasis),
        BulkColumn<LedgerLineRow>.Int32("result", l => l.Result),
        BulkColumn<LedgerLineRow>.Text("source", l => l.Source),
        BulkColumn<LedgerLineRow>.Int32("result_revision", l => l.ResultRevision),
        BulkColumn<LedgerLineRow>.Text("note", l => l.Note),
        BulkColumn<LedgerLineRow>.Text("note_code", l => l.NoteCode),
        BulkColumn<LedgerLineRow>.Text("note_args", l => l.NoteArgs),
        BulkColumn<LedgerLineRow>.Text("exemption_reference", l => l.ExemptionReference),
        BulkColumn<LedgerLineRow>.Text("policy_version", l => l.PolicyVersion),
        BulkColumn<LedgerLineRow>.Text("rule_family", l => l.RuleFamily),
        BulkColumn<LedgerLineRow>.Int64("tier1_fen", l => l.Tier1Fen),
        BulkColumn<LedgerLineRow>.Int64("tier2_fen", l => l.Tier2Fen),
        BulkColumn<LedgerLineRow>.Int32("class_difference", l => l.ClassDifference),
        BulkColumn<LedgerLineRow>.Text("input_digest", l => l.InputDigest),
        BulkColumn<LedgerLineRow>.Text("parameters", l => l.Parameters),
        BulkColumn<LedgerLineRow>.NullableDecimal("flow", l => l.Flow),
        BulkColumn<LedgerLineRow>.NullableDecimal("flow_target", l => l.FlowTarget),
        BulkColumn<LedgerLineRow>.Int64("run_id", l => l.RunId),
        BulkColumn<LedgerLineRow>.Text("content_hash", l => l.ContentHash),
        BulkColumn<LedgerLineRow>.Text("chain_hash", l => l.ChainHash),
    ];

    // ---------------------------------------------------------------- settlement

    /// <summary>R-SET-1/2: the statement of a year from the lines posted into it.</summary>
    public SettlementStatement Settle(int year) => Settle(LoadScheme(withResults: false), year);

    public SettlementStatement Settle(Scheme scheme, int year)
    {
        var lines = ReadLedgerLines("posted_year = @p0", year);
        return YearlySettlement.Settle(scheme, year, lines);
    }

    /// <summary>
    /// The scheme without its monthly results (which settling does not read; see <see cref="LoadScheme(bool)"/>) and a
    /// year's statement, as <see cref="Settle(Scheme, int)"/> makes it. Outside a transaction the year's lines are read on
    /// connections of their own while the scheme loads on the store's (a national year: 240,000 lines beside 20,000
    /// sections). Each read is of what is committed, as each of the two was: settling was never one snapshot. In a
    /// transaction, and for a ledger under <see cref="SplitLedgerReadsFrom"/> lines, the two run one after the other.
    /// </summary>
    public (Scheme Scheme, SettlementStatement Statement) LoadAndSettle(int year)
    {
        OpenConnection(); // open throughout: see ReadLedgerLines
        try
        {
            // In a transaction, the lines it wrote are seen only on its connection; a small ledger is read faster than a connection opens.
            if (CurrentTransaction is not null || LastSequence(Connection, null) < SplitLedgerReadsFrom)
            {
                var alone = LoadScheme(withResults: false);
                return (alone, Settle(alone, year));
            }
            var (lines, scheme) = Beside(() => ReadCommittedLedgerLines("posted_year = @p0", year), () => LoadScheme(withResults: false));
            return (scheme, YearlySettlement.Settle(scheme, year, lines));
        }
        finally { CloseConnection(); }
    }

    /// <summary>R-LEDGER-4: closes a settled year; later revisions post as adjustments into the next open year.</summary>
    public void CloseYear(int year, string who, bool requireClearance = true)
    {
        using var tx = BeginWrite();
        if (Db.ClosedYears.Any(c => c.Year == year))
            throw new InputException(new InputError("year", null, null, ErrorCodes.YearAlreadyClosed, ("year", year)));
        if (!Db.LedgerLines.Any(l => l.PostedYear == year))
            throw new InputException(new InputError("year", null, null, ErrorCodes.YearNoLinesToClose, ("year", year)));
        if (requireClearance && !Progress(year).Cleared)
            throw new InputException(new InputError("year", null, null, ErrorCodes.YearNotCleared, ("year", year)));
        // R-LEDGER-4: what the year's lines were when it closed, so that verify can show they never changed.
        var yearLines = Db.LedgerLines.AsNoTracking().Where(l => l.PostedYear == year).OrderBy(l => l.Sequence).Select(l => l.ContentHash).ToList();
        Db.ClosedYears.Add(new ClosedYearRow
        {
            Year = year, ClosedAt = _clock.GetUtcNow(), ClosedBy = who,
            LedgerLength = Db.LedgerLines.Max(l => (long?)l.Sequence) ?? 0, YearDigest = ChainContent.YearDigest(yearLines),
        });
        Audit("settlement.close", Invariant(year), new { closed = false }, new { closed = true, by = who, withoutClearance = requireClearance ? (bool?)null : true });
        Db.SaveChanges();
        tx.Commit();
        ClearTracked();
    }

    // ---------------------------------------------------------------- queries

    /// <summary>Ledger lines (postings and reversals, in order of posting) matching the filters.</summary>
    public IReadOnlyList<LedgerLine> Ledger(LedgerQuery q) => Filtered(q).OrderBy(l => l.Sequence).AsEnumerable().Select(l => l.ToDomain()).ToList();

    public Section? FindSection(SectionId id) =>
        Db.Sections.AsNoTracking().Where(s => s.Id == id.Value).AsEnumerable().Select(s => s.ToDomain()).SingleOrDefault();

    public IReadOnlyDictionary<SectionId, string> SectionNames(IReadOnlyCollection<SectionId> ids)
    {
        // One collection parameter (json_each on SQLite, = ANY on PostgreSQL), however many sections.
        var keys = ids.Select(i => i.Value).Distinct().ToArray();
        return keys.Length == 0 ? new Dictionary<SectionId, string>()
            : Db.Sections.AsNoTracking().Where(s => keys.Contains(s.Id)).Select(s => new { s.Id, s.Name }).AsEnumerable()
                .ToDictionary(s => new SectionId(s.Id), s => s.Name);
    }

    public (int Total, IReadOnlyList<LedgerLine> Lines) LedgerPage(LedgerQuery q, int offset, int limit)
    {
        var lines = Filtered(q);
        return (lines.Count(), lines.OrderBy(l => l.Sequence).Skip(offset).Take(limit).AsEnumerable().Select(l => l.ToDomain()).ToList());
    }

    private IQueryable<LedgerLineRow> Filtered(LedgerQuery q)
    {
        var lines = Db.LedgerLines.AsNoTracking().AsQueryable();
        if (q.River is { } r) lines = lines.Where(l => l.RiverId == r.Value);
        // A section's lines come through the ledger's key index (LedgerKeyIndexSql), not a scan of the ledger.
        if (q.Section is { } sec) lines = lines.Where(l => l.SectionId == sec.Value);
        if (q.Party is { } p) lines = lines.Where(l => l.Payer == p.Value || l.Payee == p.Value
                                                       || Db.Sections.Any(s => s.Id == l.SectionId && (s.Upstream == p.Value || s.Downstream == p.Value)));
        if (q.From is { } f) lines = lines.Where(l => l.Month >= f.Key);
        if (q.To is { } t) lines = lines.Where(l => l.Month <= t.Key);
        if (q.Rule is { } rule) lines = lines.Where(l => l.Rule == rule);
        return lines;
    }

    /// <summary>Explains one section-month (see <see cref="Explanation"/>).</summary>
    /// <remarks>
    /// The scheme is read without its monthly results (every year's, 240,000 a national year, for one section-month):
    /// the month's result is the one <see cref="LoadScheme()"/> would give it, found among its own rows by the same
    /// precedence (<see cref="ResultOfMonth"/>), and the section is accounted with it.
    /// </remarks>
    public Explanation Explain(SectionId sectionId, YearMonth month)
    {
        var scheme = LoadScheme(withResults: false);
        if (!scheme.HasSection(sectionId))
            throw new InputException(new InputError("--section", null, null, ErrorCodes.SectionUnknown, ("section", sectionId)));
        var section = scheme.Section(sectionId);
        var revisions = Db.Results.AsNoTracking().Where(r => r.SectionId == sectionId.Value && r.Month == month.Key).OrderBy(r => r.Revision)
            .AsEnumerable().Select(r => r.ToDomain()).ToList();
        var computed = ComputedFor(sectionId, month);
        var outcome = MonthlyAccounting.AccountSection(scheme, section, month, ResultOfMonth(sectionId, month, revisions, computed));
        var history = Db.LedgerLines.AsNoTracking().Where(l => l.SectionId == sectionId.Value && l.Month == month.Key).OrderBy(l => l.Sequence)
            .AsEnumerable().Select(l => l.ToDomain()).ToList();
        return new Explanation(section, scheme.Party(section.Upstream), scheme.Party(section.Downstream), scheme.River(section.River), outcome,
            scheme.Policy.For(month), scheme.AgreementFor(section.River, month), revisions, scheme.ExemptionOf(sectionId, month), history,
            ClosedYears().Contains(month.Year))
        { Computed = computed, Quantity = MonthlyAccounting.AccountQuantity(scheme, section, month) };
    }

    /// <summary>
    /// The result <see cref="LoadScheme()"/> gives one section-month (<see cref="Scheme.ResultOf"/>), from its own rows:
    /// the latest imported revision (R-DATA-1/2, <see cref="ResultPrecedence"/>); without one, its stations' class where
    /// they decide it, else its lab class (<see cref="ComputedMonthlyResults"/>: a station's class replaces the lab's).
    /// </summary>
    private MonthlyResult? ResultOfMonth(SectionId section, YearMonth month, IReadOnlyList<MonthlyResult> importedByRevision, ComputedResult? lab)
    {
        if (importedByRevision.Count > 0) return importedByRevision[^1];
        if (!IsEmpty("station_months") && StationMonthlyResults().FirstOrDefault(r => r.Section == section && r.Month == month) is { } station) return station;
        return lab?.ToMonthlyResult();
    }

    public IReadOnlyList<ImportBatch> ImportBatches() => Db.ImportBatches.AsNoTracking().OrderBy(b => b.Id).AsEnumerable()
        .Select(b => new ImportBatch(b.Id, b.Source, b.ImportedBy, b.ImportedAt, b.Rows, b.Summary)).ToList();

    /// <summary>Every accounting run (a whole year or a month), in order.</summary>
    public IReadOnlyList<AccountingRun> AccountingRuns() => Db.AccountingRuns.AsNoTracking().OrderBy(r => r.Id).AsEnumerable()
        .Select(r => new AccountingRun(r.Id, r.Scope, r.StartedAt, r.LinesAppended)).ToList();

    public int LedgerLineCount() => Db.LedgerLines.Count();
}
