using System.Text;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

/// <summary>
/// The EF Core model of a Liuyu store. Provider-neutral; <see cref="SqliteLiuyuDb"/> and <see cref="PostgresLiuyuDb"/>
/// carry their own migrations. Table and column names are snake_case so that the bulk paths can write raw SQL.
/// </summary>
public abstract class LiuyuDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<PartyRow> Parties => Set<PartyRow>();
    public DbSet<RiverRow> Rivers => Set<RiverRow>();
    public DbSet<SectionRow> Sections => Set<SectionRow>();
    public DbSet<TargetRow> Targets => Set<TargetRow>();
    public DbSet<ResultRow> Results => Set<ResultRow>();
    public DbSet<AgreementRow> Agreements => Set<AgreementRow>();
    public DbSet<SignatureRow> Signatures => Set<SignatureRow>();
    public DbSet<ExemptionRow> Exemptions => Set<ExemptionRow>();
    public DbSet<PaymentRow> Payments => Set<PaymentRow>();
    public DbSet<SubstituteRow> Substitutes => Set<SubstituteRow>();
    public DbSet<PolicyRow> Policy => Set<PolicyRow>();
    public DbSet<SettingRow> Settings => Set<SettingRow>();
    public DbSet<LedgerLineRow> LedgerLines => Set<LedgerLineRow>();
    public DbSet<ClosedYearRow> ClosedYears => Set<ClosedYearRow>();
    public DbSet<ImportBatchRow> ImportBatches => Set<ImportBatchRow>();
    public DbSet<AccountingRunRow> AccountingRuns => Set<AccountingRunRow>();
    public DbSet<JointActivityRow> JointActivities => Set<JointActivityRow>();
    public DbSet<SettlementStepRow> SettlementSteps => Set<SettlementStepRow>();
    public DbSet<SampleRow> Samples => Set<SampleRow>();
    public DbSet<ComputedResultRow> ComputedResults => Set<ComputedResultRow>();
    public DbSet<ExemptionAttachmentRow> ExemptionAttachments => Set<ExemptionAttachmentRow>();
    public DbSet<AuditEntryRow> AuditEntries => Set<AuditEntryRow>();
    public DbSet<ChainHeadRow> ChainHeads => Set<ChainHeadRow>();
    public DbSet<QuantityTargetRow> QuantityTargets => Set<QuantityTargetRow>();
    public DbSet<FlowRow> Flows => Set<FlowRow>();
    public DbSet<SectionAliasRow> SectionAliases => Set<SectionAliasRow>();
    public DbSet<StationRow> Stations => Set<StationRow>();
    public DbSet<StationValueRow> StationValues => Set<StationValueRow>();
    public DbSet<StationMonthRow> StationMonths => Set<StationMonthRow>();

    public abstract bool IsPostgres { get; }

    /// <summary>Seals chained rows on save (<see cref="HashChain"/>); null only at design time.</summary>
    internal ChainWriter? Chain { get; set; }

    /// <summary>
    /// Begins a writing transaction that holds the store's write lock across processes: on SQLite the transaction
    /// begins <c>IMMEDIATE</c> (Microsoft.Data.Sqlite's default for a non-deferred transaction; a second writer waits
    /// up to the command timeout), on PostgreSQL it takes a transaction-scoped advisory lock. Ledger writes,
    /// imports and every sealed row are written under it, so two processes never interleave their appends.
    /// </summary>
    internal Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction BeginWrite()
    {
        var tx = Database.BeginTransaction();
        LockForWrite();
        return tx;
    }

    /// <summary>Takes the write lock inside the current transaction (re-entrant on PostgreSQL; the IMMEDIATE transaction is the lock on SQLite).</summary>
    internal void LockForWrite()
    {
        if (IsPostgres) Database.ExecuteSqlRaw(WriteLockSql);
    }

    /// <summary>PostgreSQL's write lock: transaction-scoped, one key for the whole store.</summary>
    internal const string WriteLockSql = "SELECT pg_advisory_xact_lock(7710331, 1)";

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Chain is null || !ChangeTracker.Entries().Any(e => e.State == EntityState.Added && e.Entity is AuditEntryRow or SettlementStepRow or ClosedYearRow))
            return base.SaveChanges(acceptAllChangesOnSuccess);
        using var tx = Database.CurrentTransaction is null ? BeginWrite() : null;
        if (tx is null) LockForWrite();
        Chain.SealAdded();
        var n = base.SaveChanges(acceptAllChangesOnSuccess);
        tx?.Commit();
        return n;
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        Task.FromResult(SaveChanges(acceptAllChangesOnSuccess));

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<PartyRow>(e => { e.ToTable("parties"); e.HasKey(x => x.Id); e.Property(x => x.Province).HasDefaultValue(Liuyu.Domain.Party.HomeProvince); });
        b.Entity<RiverRow>(e => { e.ToTable("rivers"); e.HasKey(x => x.Id); });
        b.Entity<SectionRow>(e =>
        {
            e.ToTable("sections");
            e.HasKey(x => x.Id);
            e.Property(x => x.DistanceKm).HasPrecision(12, 3);
            e.HasIndex(x => x.RiverId);
        });
        b.Entity<TargetRow>(e => { e.ToTable("targets"); e.HasKey(x => new { x.SectionId, x.Year }); });
        b.Entity<QuantityTargetRow>(e => { e.ToTable("quantity_targets"); e.HasKey(x => new { x.SectionId, x.Year }); });
        b.Entity<FlowRow>(e => { e.ToTable("flows"); e.HasKey(x => new { x.SectionId, x.Month }); });
        b.Entity<ResultRow>(e =>
        {
            e.ToTable("results");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SectionId, x.Month, x.Revision }).IsUnique();
        });
        b.Entity<AgreementRow>(e => { e.ToTable("agreements"); e.HasKey(x => x.Id); e.HasIndex(x => x.RiverId); });
        b.Entity<SignatureRow>(e => { e.ToTable("signatures"); e.HasKey(x => new { x.RiverId, x.PartyId }); });
        b.Entity<ExemptionRow>(e => { e.ToTable("exemptions"); e.HasKey(x => new { x.SectionId, x.Month }); });
        b.Entity<PaymentRow>(e => { e.ToTable("payments"); e.HasKey(x => x.Id); e.HasIndex(x => x.Year); });
        b.Entity<SubstituteRow>(e => { e.ToTable("substitutes"); e.HasKey(x => x.Id); });
        b.Entity<PolicyRow>(e => { e.ToTable("policy"); e.HasKey(x => x.Id); });
        b.Entity<SettingRow>(e => { e.ToTable("settings"); e.HasKey(x => x.Key); });
        b.Entity<LedgerLineRow>(e =>
        {
            e.ToTable("ledger_lines");
            e.HasKey(x => x.Sequence);
            // The lines of a key are found, and its one first posting kept unique, by ux_ledger_lines_first_posting, an
            // expression index EF Core cannot model, made by the migration LedgerKeyIndex (see LedgerKeyIndexSql.Create).
            // Before it, a plain and a filtered HasIndex on (SectionId, Month, Purpose) were merged by EF Core into the
            // filtered one alone, and a section-month's lines were read by scanning the ledger.
            e.HasIndex(x => x.PostedYear);
            // Partial (issue 10): nearly every line reverses nothing and supersedes nothing, and a NULL is never a duplicate;
            // indexing only the lines that do leaves the national year's append two index entries a line lighter.
            e.HasIndex(x => x.Reverses).IsUnique().HasFilter("reverses IS NOT NULL");
            // One current posting per (section, month, purpose), kept by the database: one first posting per key (above),
            // and each posting superseded at most once (so a key's postings are one chain; see LedgerLineRow.Supersedes).
            e.HasIndex(x => x.Supersedes).IsUnique().HasFilter("supersedes IS NOT NULL");
        });
        b.Entity<ChainHeadRow>(e => { e.ToTable("chain_heads"); e.HasKey(x => x.Name); });
        b.Entity<ClosedYearRow>(e => { e.ToTable("closed_years"); e.HasKey(x => x.Year); e.Property(x => x.Year).ValueGeneratedNever(); });
        b.Entity<ImportBatchRow>(e => { e.ToTable("import_batches"); e.HasKey(x => x.Id); });
        b.Entity<AccountingRunRow>(e => { e.ToTable("accounting_runs"); e.HasKey(x => x.Id); });
        b.Entity<JointActivityRow>(e => { e.ToTable("joint_activities"); e.HasKey(x => x.Id); e.HasIndex(x => x.RiverId); });
        b.Entity<SettlementStepRow>(e => { e.ToTable("settlement_steps"); e.HasKey(x => x.Id); e.HasIndex(x => x.Year); });
        b.Entity<ExemptionAttachmentRow>(e => { e.ToTable("exemption_attachments"); e.HasKey(x => x.Id); e.HasIndex(x => new { x.SectionId, x.Month }); });
        b.Entity<AuditEntryRow>(e => { e.ToTable("audit_entries"); e.HasKey(x => x.Id); e.HasIndex(x => x.Action); e.HasIndex(x => x.Actor); });
        b.Entity<SectionAliasRow>(e => { e.ToTable("section_aliases"); e.HasKey(x => x.Id); e.HasIndex(x => x.Name).IsUnique(); e.HasIndex(x => x.SectionId); });
        b.Entity<SampleRow>(e =>
        {
            e.ToTable("samples");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SectionId, x.Month });
            e.HasIndex(x => x.ImportBatchId);
        });
        b.Entity<ComputedResultRow>(e =>
        {
            e.ToTable("computed_results");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SectionId, x.Month }).IsUnique();
        });
        b.Entity<StationRow>(e => { e.ToTable("stations"); e.HasKey(x => x.Mn); e.HasIndex(x => x.SectionId); });
        b.Entity<StationValueRow>(e =>
        {
            e.ToTable("station_values");
            e.HasKey(x => x.Id);
            // Idempotence of re-sent packets (issue 14): the receiver inserts with ON CONFLICT DO NOTHING on this key.
            // Month is part of it because PostgreSQL partitions the table by month (migration StationPartitions) and a
            // unique key of a partitioned table must hold the partition column; month is DataTime's YYYYMM, so the
            // key says the same as (mn, cn, data_time, code): a re-sent packet still stores nothing.
            e.HasIndex(x => new { x.Mn, x.Cn, x.DataTime, x.Code, x.Month }).IsUnique().HasDatabaseName("ux_station_values_key");
            e.HasIndex(x => new { x.SectionId, x.Month });
            e.Property(x => x.Value).HasPrecision(24, 8);
        });
        b.Entity<StationMonthRow>(e => { e.ToTable("station_months"); e.HasKey(x => new { x.SectionId, x.Month }); });

        foreach (var entity in b.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
    }

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}

/// <summary>The embedded default: one SQLite file, created and migrated on first use.</summary>
public sealed class SqliteLiuyuDb(DbContextOptions<SqliteLiuyuDb> options) : LiuyuDb(options)
{
    public override bool IsPostgres => false;

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // SQLite has no native DateTimeOffset ordering; store it as ISO-8601 text (the EF default) and never sort by it in SQL.
    }
}

/// <summary>The scale engine: PostgreSQL, selected by a connection string.</summary>
public sealed class PostgresLiuyuDb(DbContextOptions<PostgresLiuyuDb> options) : LiuyuDb(options)
{
    public override bool IsPostgres => true;

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // Sampling times are local clock readings (gb3838.md), not instants: no time zone.
        b.Entity<SampleRow>().Property(x => x.SampledAt).HasColumnType("timestamp without time zone");
        b.Entity<StationValueRow>().Property(x => x.DataTime).HasColumnType("timestamp without time zone");
    }
}
