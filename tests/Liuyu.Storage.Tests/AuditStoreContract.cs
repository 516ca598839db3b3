using System.Text.Json.Nodes;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Liuyu.Storage.Tests;

/// <summary>
/// The audit log (审计, issue 4): every audited store method writes exactly one entry, in the transaction of the change,
/// with the store's actor and the state before and after; a refused or failed write leaves none. Runs on SQLite
/// (<see cref="SqliteAuditStore"/>) and on a real PostgreSQL cluster (<see cref="PostgresAuditStore"/>).
/// </summary>
public abstract class AuditStoreContract
{
    protected abstract LiuyuStore NewStore(TimeProvider clock);

    /// <summary>Makes every later insert into ledger_lines fail inside the database (a trigger), to test rollback.</summary>
    protected abstract void BreakLedgerInserts(LiuyuStore store);

    private static readonly DateTimeOffset Now = new(2024, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Finance = new("fin-clerk", "FinanceBureau");
    private static readonly SectionId S1 = new("S1");
    private static readonly YearMonth Jan = new(2023, 1);

    private LiuyuStore Accounted()
    {
        var store = NewStore(new FixedClock(Now));
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "test");
        store.Account(2023);
        store.Actor = Finance;
        return store;
    }

    private static long LastId(LiuyuStore store) => store.AuditLog(new AuditQuery(Limit: 1)).FirstOrDefault()?.Id ?? 0;

    /// <summary>The entries written since <paramref name="since"/>, oldest first.</summary>
    private static List<AuditEntry> Since(LiuyuStore store, long since) =>
        store.AuditLog(new AuditQuery(Limit: 1000)).Where(e => e.Id > since).OrderBy(e => e.Id).ToList();

    private static JsonNode Json(string? text) => JsonNode.Parse(text ?? throw new Xunit.Sdk.XunitException("no JSON recorded"))!;

    [Fact]
    public void Accounting_that_posts_records_one_entry_with_the_counts_and_accounting_again_records_none()
    {
        using var store = NewStore(new FixedClock(Now));
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "test");
        store.Actor = Finance;
        var since = LastId(store);
        var report = store.Account(2023);

        var entry = Assert.Single(Since(store, since));
        Assert.Equal(("fin-clerk", "FinanceBureau", "ledger.account", "2023", Now), (entry.Actor, entry.Role, entry.Action, entry.Subject, entry.At));
        Assert.Null(entry.Before);
        var after = Json(entry.After);
        Assert.Equal(report.Posted, (int)after["posted"]!);
        Assert.True(report.Posted > 0);
        Assert.Equal(0, (int)after["reversed"]!);

        var again = store.Account(2023);
        Assert.Equal(0, again.Posted + again.Reversed);
        Assert.Empty(Since(store, entry.Id));
    }

    [Fact]
    public void A_confirmation_records_the_partys_state_and_the_statement_digest_before_and_after()
    {
        using var store = Accounted();
        var since = LastId(store);
        var progress = store.Confirm(2023, new PartyId("D12"), null, "d12-officer");

        var entry = Assert.Single(Since(store, since));
        Assert.Equal(("fin-clerk", "settlement.confirm", "2023 D12"), (entry.Actor, entry.Action, entry.Subject));
        var rivers = Json(entry.After)["rivers"]!.AsObject();
        Assert.Contains("R0", rivers.Select(r => r.Key));
        Assert.All(rivers, r => Assert.Equal(("confirmed", progress.StatementDigest), ((string)r.Value!["state"]!, (string)r.Value!["digest"]!)));
        Assert.Equal("pending", (string)Json(entry.Before)["rivers"]!["R0"]!["state"]!);
        Assert.Equal("d12-officer", (string)Json(entry.After)["by"]!);

        store.Confirm(2023, new PartyId("D12"), new RiverId("R0"), "d12-officer");
        var second = Assert.Single(Since(store, entry.Id));
        Assert.Equal("2023 D12 R0", second.Subject);
        Assert.Equal(("confirmed", progress.StatementDigest), ((string)Json(second.Before)["rivers"]!["R0"]!["state"]!, (string)Json(second.Before)["rivers"]!["R0"]!["digest"]!));
    }

    /// <summary>
    /// R-SET-1: the confirmations and the clearance, read in plain SQL (as <c>settle</c> reads them, in the native front
    /// too), are what EF Core wrote and reads back, the instant to its sub-second ticks.
    /// </summary>
    [Fact]
    public void Settlement_steps_read_in_plain_sql_are_what_ef_core_wrote_R_SET_1()
    {
        using var store = NewStore(new FixedClock(Now.AddTicks(4_567_890)));
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "test");
        store.Account(2023);
        Assert.Empty(store.SettlementSteps(2023));
        foreach (var party in store.LoadScheme().SectionPartyOrder()) store.Confirm(2023, party, null, "district");
        store.Clear(2023, "finance");

        var steps = store.SettlementSteps(2023);
        var written = store.Db.SettlementSteps.AsNoTracking().Where(s => s.Year == 2023).OrderBy(s => s.Id).AsEnumerable()
            .Select(s => new SettlementStep(s.Year, Mapping.Parse<SettlementStepKind>(s.Kind),
                s.RiverId is null ? null : new RiverId(s.RiverId), s.PartyId is null ? null : new PartyId(s.PartyId), s.StatementDigest, s.At, s.By))
            .ToList();
        Assert.True(written.Count >= 3, $"{written.Count} steps");
        Assert.Equal(written, steps);
        Assert.Equal(SettlementStepKind.Cleared, steps[^1].Kind);
        Assert.Null(steps[^1].Party);
        Assert.Equal(Now.AddTicks(4_567_890).UtcTicks / 10 * 10, steps[0].At.UtcTicks / 10 * 10); // PostgreSQL keeps microseconds
        Assert.True(store.Progress(2023).Cleared);
        Assert.Empty(store.SettlementSteps(2024));
    }

    [Fact]
    public void Clearing_and_closing_each_record_one_entry_and_a_refused_step_records_none_R_SET_1_R_LEDGER_4()
    {
        using var store = Accounted();
        var since = LastId(store);
        Assert.Throws<InputException>(() => store.Clear(2023, "finance"));
        Assert.Throws<InputException>(() => store.CloseYear(2023, "finance"));
        Assert.Empty(Since(store, since));

        foreach (var party in store.LoadScheme().SectionPartyOrder()) store.Confirm(2023, party, null, "district");
        since = LastId(store);
        var cleared = store.Clear(2023, "finance");
        var clear = Assert.Single(Since(store, since));
        Assert.Equal(("settlement.clear", "2023"), (clear.Action, clear.Subject));
        Assert.False((bool)Json(clear.Before)["cleared"]!);
        Assert.Equal((true, cleared.StatementDigest), ((bool)Json(clear.After)["cleared"]!, (string)Json(clear.After)["clearedDigest"]!));

        store.CloseYear(2023, "finance");
        var close = Assert.Single(Since(store, clear.Id));
        Assert.Equal(("settlement.close", "2023", "fin-clerk"), (close.Action, close.Subject, close.Actor));
        Assert.Equal((false, true), ((bool)Json(close.Before)["closed"]!, (bool)Json(close.After)["closed"]!));

        Assert.Throws<InputException>(() => store.Confirm(2023, new PartyId("D12"), null, "district"));
        Assert.Throws<InputException>(() => store.CloseYear(2023, "finance"));
        Assert.Throws<InputException>(() => store.ApplyExemption(S1, Jan, "山洪"));
        Assert.Empty(Since(store, close.Id));
    }

    [Fact]
    public void An_application_and_each_approval_record_an_entry_applying_twice_records_none_R_EXEMPT_1()
    {
        using var store = Accounted();
        store.Actor = new AuditActor("D12", "District");
        var since = LastId(store);
        store.ApplyExemption(S1, Jan, " 山洪 ");
        var apply = Assert.Single(Since(store, since));
        Assert.Equal(("D12", "District", "exemption.apply", "S1 2023-01"), (apply.Actor, apply.Role, apply.Action, apply.Subject));
        Assert.Null(apply.Before);
        Assert.Equal(("S1", "2023-01", "山洪"), ((string)Json(apply.After)["section"]!, (string)Json(apply.After)["month"]!, (string)Json(apply.After)["reason"]!));

        Assert.Throws<InputException>(() => store.ApplyExemption(S1, Jan, "again"));
        Assert.Empty(Since(store, apply.Id));

        store.Actor = Finance;
        store.ApproveExemption(S1, Jan, finance: true, ecology: false);
        var finance = Assert.Single(Since(store, apply.Id));
        Assert.Equal(("exemption.approve", "S1 2023-01"), (finance.Action, finance.Subject));
        Assert.False((bool)Json(finance.Before)["financeApproved"]!);
        Assert.Equal((true, false), ((bool)Json(finance.After)["financeApproved"]!, (bool)Json(finance.After)["ecologyApproved"]!));

        store.ApproveExemption(S1, Jan, finance: true, ecology: false);
        Assert.Empty(Since(store, finance.Id));

        // The second approval makes the exemption effective: the month is accounted again under the approver's name.
        store.Actor = new AuditActor("eco-clerk", "EcologyBureau");
        store.ApproveExemption(S1, Jan, finance: false, ecology: true);
        var both = Since(store, finance.Id);
        Assert.Equal(["exemption.approve", "ledger.account"], both.Select(e => e.Action));
        Assert.All(both, e => Assert.Equal("eco-clerk", e.Actor));
        Assert.Equal("2023-01", both[1].Subject);
        Assert.Equal((1, 1), ((int)Json(both[1].After)["posted"]!, (int)Json(both[1].After)["reversed"]!));
    }

    [Fact]
    public void R_EXEMPT_1_an_approval_whose_re_accounting_fails_is_not_kept()
    {
        using var store = Accounted();
        store.ApplyExemption(S1, Jan, "山洪");
        store.ApproveExemption(S1, Jan, finance: true, ecology: false);
        var since = LastId(store);
        var lines = store.LedgerLineCount();
        BreakLedgerInserts(store);

        // The second approval waives the month, so it posts a reversal and a new line; the database refuses them.
        Assert.ThrowsAny<Exception>(() => store.ApproveExemption(S1, Jan, finance: false, ecology: true));

        using var reopened = LiuyuStore.Open(store.Location);
        var exemption = Assert.Single(reopened.Exemptions(), e => e.Section == S1 && e.Month == Jan);
        Assert.Equal((true, false), (exemption.FinanceApproved, exemption.EcologyApproved));
        Assert.Empty(Since(reopened, since));
        Assert.Equal(lines, reopened.LedgerLineCount());
    }

    [Fact]
    public void A_ledger_write_that_fails_in_the_database_leaves_no_audit_entry_and_no_lines()
    {
        using var store = NewStore(new FixedClock(Now));
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "test");
        var since = LastId(store);
        BreakLedgerInserts(store);
        Assert.ThrowsAny<Exception>(() => store.Account(2023));

        using var reopened = LiuyuStore.Open(store.Location);
        Assert.Empty(Since(reopened, since));
        Assert.Equal(0, reopened.LedgerLineCount());
    }

    [Fact]
    public void The_log_filters_by_actor_action_prefix_and_subject_and_pages_newest_first_by_id()
    {
        using var store = Accounted();
        store.RecordAudit("user.create", "alice", null, new { role = "Auditor" });
        store.Actor = new AuditActor("admin", "Administrator");
        store.RecordAudit("user.create", "bob", null, new { role = "District", party = "D12" });
        store.RecordAudit("user.unlock", "bob", new { lockedOut = true }, new { lockedOut = false });

        var all = store.AuditLog(new AuditQuery());
        Assert.Equal(all.Select(e => e.Id).OrderDescending(), all.Select(e => e.Id));
        Assert.Equal(["user.unlock", "user.create", "user.create"], all.Take(3).Select(e => e.Action));

        Assert.Equal(["bob", "bob"], store.AuditLog(new AuditQuery(Actor: "admin")).Select(e => e.Subject));
        Assert.Equal(["bob", "bob", "alice"], store.AuditLog(new AuditQuery(Action: "user")).Select(e => e.Subject));
        Assert.Equal(["user.unlock", "user.create"], store.AuditLog(new AuditQuery(Subject: "bo")).Select(e => e.Action));
        Assert.Equal(["2023"], store.AuditLog(new AuditQuery(Action: "ledger.account")).Select(e => e.Subject));

        var first = store.AuditLog(new AuditQuery(Limit: 2));
        var next = store.AuditLog(new AuditQuery(Before: first[^1].Id, Limit: 2));
        Assert.Equal(all.Take(4).Select(e => e.Id), first.Concat(next).Select(e => e.Id));
        Assert.Equal("""{"role":"District","party":"D12"}""", all[1].After);
    }
}

public sealed class SqliteAuditStore : AuditStoreContract
{
    protected override LiuyuStore NewStore(TimeProvider clock) => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"), clock);

    protected override void BreakLedgerInserts(LiuyuStore store) => BrokenLedger.Sqlite(store);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditStore(PostgresCluster cluster) : AuditStoreContract
{
    protected override LiuyuStore NewStore(TimeProvider clock) => LiuyuStore.Open(cluster.NewDatabase(), clock);

    protected override void BreakLedgerInserts(LiuyuStore store) => BrokenLedger.Postgres(store);
}

/// <summary>Makes every later insert into ledger_lines fail inside the database (a trigger), to test rollback.</summary>
internal static class BrokenLedger
{
    public static void Sqlite(LiuyuStore store)
    {
        using var conn = new SqliteConnection(store.Location.ConnectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "CREATE TRIGGER break_ledger BEFORE INSERT ON ledger_lines BEGIN SELECT RAISE(ABORT, 'ledger broken for the test'); END;";
        cmd.ExecuteNonQuery();
    }

    public static void Postgres(LiuyuStore store)
    {
        using var conn = new NpgsqlConnection(store.Location.ConnectionString);
        conn.Open();
        using var cmd = new NpgsqlCommand("""
            CREATE FUNCTION break_ledger() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger broken for the test'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER break_ledger BEFORE INSERT ON ledger_lines FOR EACH ROW EXECUTE FUNCTION break_ledger();
            """, conn);
        cmd.ExecuteNonQuery();
    }
}
