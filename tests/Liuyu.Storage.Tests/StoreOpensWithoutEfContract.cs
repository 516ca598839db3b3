using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Storage.Model;
using Liuyu.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage.Tests;

/// <summary>
/// Issue 10: a store whose schema is current opens, loads its scheme and settles a year in plain SQL on its own
/// connection, without EF Core's context (whose model took half a second to build in every command); EF Core is attached
/// to the same connection and transaction when something first needs it. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class StoreOpensWithoutEfContract
{
    /// <summary>A new, empty store's location (not yet opened).</summary>
    protected abstract string NewLocation();

    private static string Example(string n) => Path.Combine(SharedFolder.Shared, "examples", "account", n);

    [Fact]
    public void The_migrations_the_schema_script_records_are_the_ones_ef_core_has_and_applies()
    {
        using var store = LiuyuStore.Open(NewLocation());
        var postgres = store.Location.IsPostgres;
        Assert.True(LiuyuStore.MigrationsOf(postgres).Length >= 11);
        Assert.Equal(store.Db.Database.GetMigrations(), LiuyuStore.MigrationsOf(postgres));
        Assert.Equal(store.Db.Database.GetAppliedMigrations(), LiuyuStore.MigrationsOf(postgres));
        // By reflection, as EF Core finds them: the script is read in place of this list.
        var context = postgres ? typeof(PostgresLiuyuDb) : typeof(SqliteLiuyuDb);
        var byAttribute = typeof(LiuyuDb).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute), false)
                .OfType<Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute>().Any(a => a.ContextType == context))
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false)
                .OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().SingleOrDefault()?.Id)
            .OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(byAttribute, LiuyuStore.MigrationsOf(postgres));
    }

    [Fact]
    public void A_current_store_opens_loads_and_settles_without_ef_cores_context()
    {
        var location = NewLocation();
        using (var first = LiuyuStore.Open(location))
        {
            Assert.False(first.ContextMade, "a new store is made from the schema script");
            first.ImportFolder(Example("5"), "test");
            first.Account(2025);
        }
        using var store = LiuyuStore.Open(location);
        var (scheme, statement) = store.LoadAndSettle(2025);
        Assert.NotNull(store.HeadOfYear(2025));
        Assert.Empty(store.SettlementSteps(2025));
        Assert.False(store.ContextMade, "nothing above needed EF Core");
        Assert.NotEmpty(statement.Lines);
        Assert.NotEmpty(scheme.Sections);
        // The chain head read in plain SQL is the last line of the year.
        var last = store.Db.LedgerLines.AsNoTracking().Where(l => l.PostedYear == 2025).OrderBy(l => l.Sequence).AsEnumerable().Last();
        Assert.Equal(new YearHead(2025, last.Sequence, last.ChainHash!), store.HeadOfYear(2025));
        Assert.Null(store.HeadOfYear(2030));
    }

    /// <summary>
    /// <c>account</c> writes its run, its lines, the chains' heads and its audit entry in plain SQL, without EF Core's
    /// context; what it wrote reads back through EF Core as EF Core wrote it before, and the store verifies. The clock has
    /// ticks below the microsecond: the audit entry keeps microseconds (its sealed content), the run the time as given
    /// (to the microsecond on PostgreSQL).
    /// </summary>
    [Fact]
    public void A_current_store_accounts_in_plain_sql_alone_and_ef_core_reads_back_what_it_wrote_R_LEDGER_3()
    {
        var location = NewLocation();
        using (var first = LiuyuStore.Open(location))
        {
            first.ImportFolder(Example("5"), "test");
            first.RecordAudit("test.before", "store", null, new { note = "an entry before the run's" });
        }
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_567);
        AccountingReport report;
        using (var store = LiuyuStore.Open(location, new FixedClock(now)))
        {
            report = store.Account(2025);
            Assert.True(report.Posted > 0);
            Assert.False(store.ContextMade, "account wrote in plain SQL alone");
            Assert.Equal(0, store.Account(2025).Posted + store.Account(2025).Reversed); // nothing new (R-LEDGER-3): a run, no entry
            Assert.False(store.ContextMade);
        }

        using var check = LiuyuStore.Open(location);
        var runs = check.AccountingRuns();
        Assert.Equal(3, runs.Count);
        Assert.Equal(["2025", "2025", "2025"], runs.Select(r => r.Scope));
        var lines = check.Db.LedgerLines.AsNoTracking().OrderBy(l => l.Sequence).ToList();
        Assert.Equal(lines.Count, runs[0].LinesAppended);
        Assert.All(lines, l => Assert.Equal(runs[0].Id, l.RunId));
        Assert.Equal([0, 0], runs.Skip(1).Select(r => r.LinesAppended));
        Assert.All(runs, r => Assert.InRange((r.StartedAt - now).Ticks, -9, 9));
        Assert.Equal(TimeSpan.Zero, runs[0].StartedAt.Offset);

        var entries = check.AuditLog(new AuditQuery()).OrderBy(e => e.Id).ToList();
        // Sealed after the entries before it, once: the runs that appended nothing left none.
        Assert.Equal(["test.before", "ledger.account"], entries.TakeLast(2).Select(e => e.Action));
        var entry = Assert.Single(entries, e => e.Action == "ledger.account");
        Assert.Equal(entries[^2].Id + 1, entry.Id);
        Assert.Equal(ChainContent.Truncate(now), entry.At);
        Assert.Equal("2025", entry.Subject);
        Assert.Null(entry.Before);
        Assert.Equal($"{{\"posted\":{report.Posted},\"reversed\":0,\"adjustments\":0,\"outcomes\":{report.Outcomes}}}", entry.After);
        var heads = check.Db.ChainHeads.AsNoTracking().ToDictionary(h => h.Name);
        Assert.Equal(entry.Id, heads[ChainContent.Audit].LastId);
        Assert.Equal(lines[^1].Sequence, heads[ChainContent.Ledger].LastId);
        Assert.Equal(lines[^1].ChainHash, heads[ChainContent.Ledger].Head);
        var verified = check.Verify();
        Assert.True(verified.Ok, string.Join("; ", verified.Problems));
    }

    /// <summary>
    /// An accounting that joins a caller's transaction first saves what the caller left in EF Core's unit of work (here an
    /// audit entry), as saving the run's row through EF Core did: nothing is forgotten, and the caller's entry is sealed
    /// into the audit chain before the run's.
    /// </summary>
    [Fact]
    public void An_accounting_that_joins_a_transaction_saves_what_the_caller_left_unsaved_first()
    {
        using var store = LiuyuStore.Open(NewLocation());
        store.ImportFolder(Example("5"), "test");
        var report = store.InOneTransaction(() =>
        {
            store.Audit("test.pending", "left unsaved by the caller", null, null);
            return store.Account(2025);
        });
        Assert.True(report.Posted > 0);
        var entries = store.AuditLog(new AuditQuery()).OrderBy(e => e.Id).ToList();
        Assert.Equal(["test.pending", "ledger.account"], entries.TakeLast(2).Select(e => e.Action));
        Assert.Equal(entries[^2].Id + 1, entries[^1].Id);
        Assert.True(store.Verify().Ok);
    }

    /// <summary>
    /// A new store's import writes the new rows of every registry table through the bulk path, without EF Core's context,
    /// and they are stored as EF Core stored them: the same import, from the same clock, into a store that adds them to
    /// EF Core's unit of work leaves every table the same, value for value and type for type, down to the audit entry's
    /// hashes and the chains' heads.
    /// </summary>
    [Fact]
    public void A_new_stores_import_writes_in_plain_sql_what_ef_core_wrote()
    {
        var data = ScenarioReader.ReadAny(Example("5"), new KnownRegistry(new Dictionary<PartyId, PartyKind>(), new HashSet<RiverId>(), new Dictionary<SectionId, SectionKind>()));
        var river = data.Rivers[0].Id;
        var section = data.Sections.First(s => s.River == river);
        // Several rows in every table, so that the order of generated ids is compared too.
        data = data with
        {
            Substitutes =
            [
                new Substitute(river, 2025, section.Downstream, section.Upstream, SubstituteKind.IndustryTransfer, new Fen(120_000), new Fen(90_000), "产业转移 plant"),
                new Substitute(river, 2025, section.Upstream, section.Downstream, SubstituteKind.IndustryTransfer, new Fen(50_000), new Fen(70_000), "second"),
                new Substitute(river, 2024, section.Downstream, section.Upstream, SubstituteKind.IndustryTransfer, new Fen(10_000), new Fen(10_000), "third"),
            ],
            Policy =
            [
                .. data.Policy, new PolicyOverride(new DateOnly(2026, 1, 1), "fund_monthly_amount", "2000000"),
                new PolicyOverride(new DateOnly(2025, 7, 1), "fund_monthly_amount", "1500000"),
            ],
            JointActivities =
            [
                new JointActivity(river, JointActivityKind.JointMeetingSystem, new DateOnly(2025, 4, 2), [section.Upstream, section.Downstream], "联席会议"),
                new JointActivity(river, JointActivityKind.JointMeetingSystem, new DateOnly(2025, 1, 9), [section.Downstream, section.Upstream], "second"),
                new JointActivity(river, JointActivityKind.JointMeetingSystem, new DateOnly(2025, 6, 30), [section.Upstream], "third"),
            ],
        };
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_567));
        string[] tables = ["agreements", "quantity_targets", "flows", "signatures", "exemptions", "payments", "substitutes", "joint_activities", "policy"];

        using var plain = LiuyuStore.Open(NewLocation(), clock);
        var plainReport = plain.Import(data, "test", "test");
        Assert.False(plain.ContextMade, "a new store's import writes in plain SQL alone");
        using var ef = LiuyuStore.Open(NewLocation(), clock);
        ef.NewRowsThroughEfCore = true;
        var efReport = ef.Import(data, "test", "test");
        Assert.True(ef.ContextMade);

        Assert.Equal(efReport.Inserted.OrderBy(kv => kv.Key), plainReport.Inserted.OrderBy(kv => kv.Key));
        foreach (var table in tables)
        {
            Assert.True(plainReport.Inserted.ContainsKey(table), table);
            Assert.True(Dump(plain, table).Count >= 2, table);
        }
        foreach (var table in (string[])[.. tables, "parties", "rivers", "sections", "targets", "results", "settings", "import_batches", "audit_entries", "chain_heads"])
            Assert.Equal(Dump(ef, table), Dump(plain, table));
        Assert.True(plain.Verify().Ok);
    }

    /// <summary>Every row of a table as text, each value with its type as the engine gives it, sorted.</summary>
    private static List<string> Dump(LiuyuStore store, string table)
    {
        var connection = store.Db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) connection.Open();
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table}";
            using var reader = cmd.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
                rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i)
                    ? $"{reader.GetName(i)}=NULL"
                    : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reader.GetName(i)}={reader.GetFieldType(i).Name}:{reader.GetValue(i)}"))));
            rows.Sort(StringComparer.Ordinal);
            return rows;
        }
        finally { if (opened) connection.Close(); }
    }

    [Fact]
    public void A_store_that_needs_anything_of_migrate_is_not_current_and_opening_it_mends_it()
    {
        var location = NewLocation();
        using (var empty = LiuyuStore.Connect(StoreLocation.Parse(location)))
            Assert.False(empty.IsCurrent(), "a new database has no migration applied");
        using (var store = LiuyuStore.Open(location))
        {
            Assert.True(store.IsCurrent());
            store.Db.Database.ExecuteSqlRaw("DELETE FROM settings WHERE key = 'ledger_format'");
            Assert.False(store.IsCurrent(), "the ledger's format is to be upgraded");
        }
        using (var store = LiuyuStore.Open(location))
        {
            Assert.True(store.IsCurrent(), "opening upgraded the ledger's format");
            store.ImportFolder(Example("1"), "test");
            var section = store.LoadScheme().Sections[0].Id.Value;
            store.Db.Database.ExecuteSqlRaw(
                "INSERT INTO stations (mn, section_id, password, name, indicators, import_batch_id) VALUES ('MN1', {0}, 'in clear', 'station', '', 1)", section);
            Assert.False(store.IsCurrent(), "a station's password is to be hashed");
        }
        using (var store = LiuyuStore.Open(location))
        {
            Assert.True(store.IsCurrent(), "opening hashed the station's password");
            var last = LiuyuStore.MigrationsOf(store.Location.IsPostgres)[^1];
            store.Db.Database.ExecuteSqlRaw("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {0}", last);
            Assert.False(store.IsCurrent(), "a migration is not applied");
        }
    }

    /// <summary>
    /// The scheme read in plain SQL is the one EF Core's queries read (the code it replaced, kept here as the reference):
    /// every table of the scheme, with dates, decimals, nulls, both switches, dated policy versions, substitutes and an
    /// exemption applied and rejected through the workflow.
    /// </summary>
    [Fact]
    public void The_scheme_read_in_plain_sql_is_the_one_ef_cores_queries_read()
    {
        using var store = LiuyuStore.Open(NewLocation());
        var data = ScenarioReader.ReadAny(Example("5"), store.Known());
        var river = data.Rivers[0].Id;
        var section = data.Sections.First(s => s.River == river);
        data = data with
        {
            Substitutes = [new Substitute(river, 2025, section.Downstream, section.Upstream, SubstituteKind.IndustryTransfer, new Fen(120_000), new Fen(90_000), "产业转移 plant")],
            Policy = [.. data.Policy, new PolicyOverride(new DateOnly(2026, 1, 1), "fund_monthly_amount", "2000000")],
        };
        store.Import(data, "test", "test");
        var other = data.Sections.First(s => s.Id != section.Id);
        store.ApplyExemption(other.Id, new YearMonth(2025, 3), "flood");
        store.RejectExemption(other.Id, new YearMonth(2025, 3), "FinanceBureau", "no disaster recorded");

        var plain = store.LoadScheme();
        var ef = ReadThroughEf(store.Db);
        Same(ef.Parties, plain.Parties);
        Same(ef.Rivers, plain.Rivers);
        Same(ef.Agreements, plain.Agreements);
        Assert.NotNull(plain.Signatures);
        Same(ef.Signatures!, plain.Signatures);
        Same(ef.Exemptions, plain.Exemptions);
        Assert.Contains(plain.Exemptions, e => e.RejectedBy is not null && e.AppliedBy is not null);
        Assert.NotNull(plain.Payments);
        Same(ef.Payments!, plain.Payments);
        Same(ef.Substitutes, plain.Substitutes);
        Assert.NotEmpty(plain.Substitutes);
        Same(ef.Policy.Versions, plain.Policy.Versions);
        Assert.True(plain.Policy.Versions.Count >= 2, "a dated policy version");
        Same(ef.QuantityTargets, plain.QuantityTargets);
        Assert.NotEmpty(plain.QuantityTargets);
        Same(ef.Flows, plain.Flows);
        Assert.Contains(plain.Flows, f => f.MinDailyFlow is not null && f.MinDailyFlow != decimal.Truncate(f.MinDailyFlow.Value));
        Same(ef.Sections, plain.Sections);
    }

    [Fact]
    public void Without_the_switches_the_scheme_has_no_signatures_and_no_payments()
    {
        using var store = LiuyuStore.Open(NewLocation());
        store.ImportFolder(Example("1"), "test");
        var scheme = store.LoadScheme();
        Assert.Null(scheme.Signatures);
        Assert.Null(scheme.Payments);
    }

    private static void Same<T>(IEnumerable<T> expected, IEnumerable<T> actual) =>
        Assert.Equal(expected.Select(x => x?.ToString()).ToList(), actual.Select(x => x?.ToString()).ToList());

    /// <summary>What <c>LoadScheme</c> read through EF Core before (its results aside, which were read in plain SQL already).</summary>
    private static Scheme ReadThroughEf(LiuyuDb db)
    {
        bool Setting(string key) => db.Settings.AsNoTracking().Any(s => s.Key == key && s.Value == "true");
        return new Scheme(
            db.Parties.AsNoTracking().OrderBy(p => p.Ordinal).AsEnumerable().Select(p => p.ToDomain()).ToList(),
            db.Rivers.AsNoTracking().OrderBy(r => r.Ordinal).AsEnumerable().Select(r => r.ToDomain()).ToList(),
            db.Sections.AsNoTracking().OrderBy(s => s.Ordinal).AsEnumerable().Select(s => s.ToDomain()).ToList(),
            db.Targets.AsNoTracking().AsEnumerable().Select(t => t.ToDomain()).ToList(),
            [],
            db.Agreements.AsNoTracking().OrderBy(a => a.Id).AsEnumerable().Select(a => a.ToDomain()).ToList(),
            Setting("signatures_tracked") ? db.Signatures.AsNoTracking().AsEnumerable().Select(s => s.ToDomain()).ToList() : null,
            db.Exemptions.AsNoTracking().AsEnumerable().Select(e => e.ToDomain()).ToList(),
            Setting("payments_tracked") ? db.Payments.AsNoTracking().AsEnumerable().Select(p => p.ToDomain()).ToList() : null,
            db.Substitutes.AsNoTracking().AsEnumerable().Select(s => s.ToDomain()).ToList(),
            ScenarioData.BuildSchedule(db.Policy.AsNoTracking().OrderBy(p => p.Id).AsEnumerable().Select(p => new PolicyOverride(p.EffectiveFrom, p.Key, p.Value))),
            db.QuantityTargets.AsNoTracking().AsEnumerable().Select(t => t.ToDomain()).ToList(),
            db.Flows.AsNoTracking().AsEnumerable().Select(f => f.ToDomain()).ToList());
    }
}

public sealed class SqliteStoreOpensWithoutEf : StoreOpensWithoutEfContract
{
    protected override string NewLocation() => Path.Combine(ScenarioGenerator.TempFolder(), "store.db");
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreOpensWithoutEf(PostgresCluster cluster) : StoreOpensWithoutEfContract
{
    protected override string NewLocation() => cluster.NewDatabase();

    /// <summary>
    /// A PostgreSQL database that does not exist yet is made when the store opens (EF Core's <c>Migrate</c> makes it), as
    /// before the opening's checks shared one connection: that connection cannot open, and the checks say no.
    /// </summary>
    [Fact]
    public void A_database_not_yet_created_is_made_when_the_store_opens()
    {
        var name = $"new_{Guid.NewGuid():N}"[..20];
        using var store = LiuyuStore.Open(cluster.ConnectionString(name));
        Assert.True(store.IsCurrent());
        Assert.Null(store.Dataset());
    }
}
