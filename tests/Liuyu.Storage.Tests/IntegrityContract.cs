using Liuyu.Data.Contracts;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Liuyu.Storage.Tests;

/// <summary>
/// A ledger anyone can verify: the hash chains over ledger lines, audit entries, settlement steps and closings;
/// <see cref="LiuyuStore.Verify"/> naming what was changed behind the product's back; the digest that leaves
/// notes out; one current posting per key kept by the database; and stores made by the previous version (fixtures
/// in Fixtures/legacy, made by make.sh with commit 6e7323e) moved to the new format without a single reversal.
/// Runs on SQLite and on a real PostgreSQL cluster.
/// </summary>
public abstract class IntegrityContract
{
    protected abstract LiuyuStore NewStore(ChainKey? key = null);

    /// <summary>Runs SQL against the store's database behind the product's back, as someone with database access would.</summary>
    protected abstract void Exec(LiuyuStore store, string sql);

    protected abstract long Scalar(LiuyuStore store, string sql);

    /// <summary>The engine's plan of a query, as text; on PostgreSQL with sequential scans priced out, since a test's ledger is small.</summary>
    protected abstract string Plan(LiuyuStore store, string sql);

    /// <summary>A store made by the previous version (commit 6e7323e): example 1, confirmed, cleared and closed, with an adjustment.</summary>
    protected abstract LiuyuStore LegacyStore();

    private LiuyuStore Accounted(ChainKey? key = null)
    {
        var store = NewStore(key);
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "test");
        store.Account(2023);
        return store;
    }

    /// <summary>Example 1 accounted, and its first paid line's month exempted: the line reversed and posted anew (R-EXEMPT-1).</summary>
    private LiuyuStore WithAPaymentExempted(out Model.LedgerLineRow paid, out SectionId section, out YearMonth month)
    {
        var store = Accounted();
        paid = store.Db.LedgerLines.AsNoTracking().Where(l => l.AmountFen > 0).OrderBy(l => l.Sequence).First();
        (section, month) = (new SectionId(paid.SectionId), YearMonth.FromKey(paid.Month));
        store.ApplyExemption(section, month, "flood");
        store.ApproveExemption(section, month, finance: true, ecology: true);
        return store;
    }

    [Fact]
    public void A_store_written_only_through_Liuyu_verifies()
    {
        using var store = Accounted();
        var report = store.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(store.LedgerLineCount(), report.Checked["ledger"]);
        Assert.Equal(store.LedgerLineCount(), report.DigestsRecomputed);
        Assert.True(report.Checked["audit"] > 0);
        Assert.Single(report.Years);
    }

    [Fact]
    public void Verification_stops_when_cancelled_and_the_store_still_verifies_after()
    {
        // The server verifies in the background after start; a shutdown cancels it instead of waiting for the ledger.
        using var store = Accounted();
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => store.Verify(stop.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Liuyu.Application.UseCases.VerifyStore.Run(store, cancellation: stop.Token));
        Assert.True(store.Verify().Ok);
    }

    [Theory]
    [InlineData("R-FAM-4a")]
    [InlineData("R-FAM-3b")]
    [InlineData("R-EXT-1a")]
    [InlineData("R-EXT-1b")]
    public void Verify_understands_the_rule_families_and_quantity_lines_R_FAM_1_R_EXT_1(string rule)
    {
        // Example 4 has class-steps and quantity lines, example 5 fixed-target ones: each verifies as written, and a
        // changed amount of a line of that rule is what its family or the quantity rule would not give.
        using var store = NewStore();
        var example = rule == "R-FAM-3b" ? "5" : "4";
        var year = example == "5" ? 2025 : 2024;
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", example), "test");
        store.Account(year);
        var clean = store.Verify();
        Assert.True(clean.Ok, string.Join("\n", clean.Problems));
        Assert.Equal(store.LedgerLineCount(), clean.DigestsRecomputed);

        var seq = Scalar(store, $"SELECT MIN(sequence) FROM ledger_lines WHERE rule = '{rule}'");
        Exec(store, $"UPDATE ledger_lines SET amount_fen = amount_fen + 100 WHERE sequence = {seq}");
        var report = store.Verify();
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "amount-mismatch");
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "digest-mismatch");
    }

    [Fact]
    public void A_quantity_lines_flow_changed_in_the_database_is_seen_R_EXT_1()
    {
        using var store = NewStore();
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "4"), "test");
        store.Account(2024);
        var seq = Scalar(store, "SELECT MIN(sequence) FROM ledger_lines WHERE rule = 'R-EXT-1a'");
        // A shortfall made to look met: the amount no longer follows from the flow, and the digest no longer matches.
        Exec(store, $"UPDATE ledger_lines SET flow = flow_target + 1 WHERE sequence = {seq}");
        var report = store.Verify();
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "content-altered");
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "amount-mismatch");
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "digest-mismatch");
    }

    [Fact]
    public void Imported_and_accounted_in_a_store_examples_4_and_5_settle_as_their_expected_json()
    {
        foreach (var (example, year) in new[] { ("4", 2024), ("5", 2025) })
        {
            using var store = NewStore();
            var dir = Path.Combine(SharedFolder.Shared, "examples", "account", example);
            store.ImportFolder(dir, "test");
            store.Account(year);
            // Importing and accounting again changes nothing (R-LEDGER-3), quantity lines included.
            Assert.Empty(store.ImportFolder(dir, "test").Updated); // family parameters, quantity terms, flows compare by value
            Assert.Equal(0, store.Account(year).Posted);
            JsonAssert.Equal(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))),
                System.Text.Json.Nodes.JsonNode.Parse(AccountingJson.ToJson(store.Settle(year))));
        }
    }

    [Fact]
    public void An_amount_changed_in_the_database_is_named_by_its_line_R_LEDGER_1()
    {
        using var store = Accounted();
        var seq = Scalar(store, "SELECT MIN(sequence) FROM ledger_lines WHERE amount_fen > 0");
        Exec(store, $"UPDATE ledger_lines SET amount_fen = amount_fen * 10 WHERE sequence = {seq}");

        var report = store.Verify();
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.Chain == "ledger" && p.Id == seq && p.Code == "content-altered");
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "digest-mismatch");
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "amount-mismatch");
        // Nothing else is blamed: the other lines, the audit log and the steps hold.
        Assert.All(report.Problems, p => Assert.Equal(seq, p.Id));
    }

    [Fact]
    public void A_re_sealed_change_still_fails_the_independent_cross_checks()
    {
        using var store = Accounted();
        var seq = Scalar(store, "SELECT MIN(sequence) FROM ledger_lines WHERE amount_fen > 0");
        Exec(store, $"UPDATE ledger_lines SET amount_fen = amount_fen * 10 WHERE sequence = {seq}");
        Reseal(store, ChainKey.Plain);

        var report = store.Verify();
        // Chain and heads hold again (the plain mode cannot stop someone who re-seals) ...
        Assert.DoesNotContain(report.Problems, p => p.Code is "content-altered" or "link-broken" or "head-mismatch");
        // ... but the line's amount is not what its rule, classes and tiers give, nor its digest that of its inputs.
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "amount-mismatch");
        Assert.Contains(report.Problems, p => p.Id == seq && p.Code == "digest-mismatch");
    }

    [Fact]
    public void With_a_key_a_store_re_sealed_without_it_fails_verification()
    {
        var key = ChainKey.Keyed("a secret outside the database, 32+ chars");
        using var store = Accounted(key);
        Assert.True(store.Verify().Ok);
        var audit = Scalar(store, "SELECT MAX(id) FROM audit_entries");
        Exec(store, $"UPDATE audit_entries SET actor = 'someone else' WHERE id = {audit}");
        Reseal(store, ChainKey.Plain); // what someone with only the database can do

        var report = store.Verify();
        Assert.Contains(report.Problems, p => p.Chain == "audit" && p.Code is "link-broken" or "head-seal");
        // Without the key, the keyed store cannot even be checked, and says so.
        using var keyless = Reopen(store, ChainKey.Plain);
        Assert.Contains(keyless.Verify().Problems, p => p.Code == "key-missing");
    }

    [Fact]
    public void A_keyed_store_refuses_writes_without_its_key()
    {
        using var store = Accounted(ChainKey.Keyed("the right key, long enough"));
        using var other = Reopen(store, ChainKey.Keyed("another key, also long enough"));
        var e = Assert.Throws<Data.Csv.InputException>(() => other.CloseYear(2023, "test", requireClearance: false));
        Assert.Equal("chain-key", e.Errors[0].File);
        Assert.True(store.Verify().Ok);
    }

    [Fact]
    public void A_plain_store_is_resealed_with_a_key_and_then_needs_it()
    {
        using var store = Accounted();
        foreach (var p in store.Settle(2023).Parties) store.Confirm(2023, p.Party, null, "test");
        store.Clear(2023, "finance");
        store.CloseYear(2023, "finance");
        var key = ChainKey.Keyed("the new secret, kept outside");

        store.Reseal(key);

        // The store that resealed was opened without the key: it writes nothing more.
        Assert.Throws<Data.Csv.InputException>(() => store.RecordAudit("test", "x", null, null));
        using var keyed = Reopen(store, key);
        Assert.True(keyed.Verify().Ok, string.Join("\n", keyed.Verify().Problems));
        Assert.Equal("hmac-sha256", keyed.Verify().Mode);
        Assert.Contains(keyed.AuditLog(new AuditQuery(Action: "store.reseal")), e => e.After!.Contains("hmac-sha256", StringComparison.Ordinal));
        Assert.True(keyed.Progress(2023).Cleared); // the settlement steps keep their digests: only the links changed
        using var plain = Reopen(store, ChainKey.Plain);
        Assert.Contains(plain.Verify().Problems, p => p.Code == "key-missing");

        // A store that does not verify is not resealed.
        var seq = Scalar(store, "SELECT MIN(sequence) FROM ledger_lines WHERE amount_fen > 0");
        Exec(store, $"UPDATE ledger_lines SET amount_fen = amount_fen * 10 WHERE sequence = {seq}");
        var e = Assert.Throws<Data.Csv.InputException>(() => keyed.Reseal(ChainKey.Plain));
        Assert.Equal("chain-broken-reseal", e.Errors[0].Code);
    }

    [Fact]
    public void Deleting_the_newest_audit_entry_is_seen()
    {
        using var store = Accounted();
        var newest = Scalar(store, "SELECT MAX(id) FROM audit_entries");
        Exec(store, $"DELETE FROM audit_entries WHERE id = {newest}");

        var report = store.Verify();
        var problem = Assert.Single(report.Problems, p => p.Chain == "audit");
        Assert.Equal("head-mismatch", problem.Code);
        Assert.Contains($"row {newest}", problem.Detail);
    }

    [Fact]
    public void A_rewritten_statement_digest_and_a_changed_closed_year_are_seen_R_LEDGER_4_R_SET_1()
    {
        using var store = Accounted();
        foreach (var p in store.Settle(2023).Parties) store.Confirm(2023, p.Party, null, "test");
        store.Clear(2023, "finance");
        store.CloseYear(2023, "finance");
        Assert.True(store.Verify().Ok, string.Join("\n", store.Verify().Problems));

        // A line of the closed year changed in place: the closing's record of its lines no longer holds.
        var seq = Scalar(store, "SELECT MAX(sequence) FROM ledger_lines WHERE amount_fen > 0");
        Exec(store, $"UPDATE ledger_lines SET amount_fen = amount_fen + 1 WHERE sequence = {seq}");
        var changed = store.Verify();
        Assert.Contains(changed.Problems, p => p.Chain == "closings" && p.Code == "closed-year-changed");
        Assert.Contains(changed.Problems, p => p.Chain == "ledger" && p.Id == seq && p.Code == "content-altered");
        Exec(store, $"UPDATE ledger_lines SET amount_fen = amount_fen - 1 WHERE sequence = {seq}");
        Assert.True(store.Verify().Ok);

        // The clearance's statement digest rewritten and the chains re-sealed: it no longer names the year's statement.
        var step = Scalar(store, "SELECT MAX(id) FROM settlement_steps");
        Exec(store, $"UPDATE settlement_steps SET statement_digest = 'forged' WHERE id = {step}");
        Assert.Contains(store.Verify().Problems, p => p.Chain == "steps" && p.Id == step && p.Code == "content-altered");
        Reseal(store, ChainKey.Plain);
        Assert.Contains(store.Verify().Problems, p => p.Code == "statement-digest" && p.Id == step);
    }

    [Fact]
    public void The_database_refuses_a_second_current_posting_of_a_key_R_LEDGER_2()
    {
        using var store = Accounted();
        var seq = Scalar(store, "SELECT MIN(sequence) FROM ledger_lines WHERE kind = 'posting'");
        var copy = $"INSERT INTO ledger_lines (sequence, kind, posted_year, is_adjustment, river_id, section_id, month, purpose, rule, amount_fen, policy_version, rule_family, input_digest, run_id) " +
                   $"SELECT (SELECT MAX(sequence) + 1 FROM ledger_lines), kind, posted_year, is_adjustment, river_id, section_id, month, purpose, rule, amount_fen, policy_version, rule_family, input_digest, run_id FROM ledger_lines WHERE sequence = {seq}";
        Assert.ThrowsAny<Exception>(() => Exec(store, copy));
        // Naming the same posting as superseded twice is refused too.
        var second = copy.Replace("input_digest, run_id) ", "input_digest, run_id, supersedes) ").Replace("input_digest, run_id FROM", $"input_digest, run_id, {seq} FROM");
        Exec(store, second);
        Assert.ThrowsAny<Exception>(() => Exec(store, second));
    }

    [Fact]
    public void A_note_is_not_an_input_of_the_digest_R_LEDGER_3()
    {
        using var store = Accounted();
        var lines = store.LedgerLineCount();
        // Notes are not inputs: the same outcome with another note has the same digest.
        var scheme = store.LoadScheme();
        var o = MonthlyAccounting.AccountSection(scheme, scheme.Sections[0], new YearMonth(2023, 1));
        Assert.Equal(o.InputDigest, (o with { Note = LineNote.Of(NoteCodes.Text, ("text", "reworded")) }).InputDigest);
        Assert.Equal(lines, store.LedgerLineCount());
    }

    [Fact]
    public void A_store_made_by_the_previous_version_moves_to_the_new_digest_without_a_reversal_R_LEDGER_3()
    {
        using var store = LegacyStore();
        var lines = store.LedgerLineCount();
        Assert.Equal(86, lines);
        var before = AccountingJson.ToJson(store.Settle(2023));

        var again = store.Account(2023);
        Assert.Equal((0, 0, 84), (again.Posted, again.Reversed, again.Unchanged));
        Assert.Equal(lines, store.LedgerLineCount());
        Assert.Equal(before, AccountingJson.ToJson(store.Settle(2023)));
        // Confirmations and the clearance were carried to the new statement digest: the closed year is still cleared.
        var progress = store.Progress(2023);
        Assert.True(progress.Cleared);
        Assert.Empty(progress.Stale);
        // Notes became codes: no English prose is left to word.
        var all = store.Ledger(new LedgerQuery());
        Assert.Contains(all, l => l.Note?.Code == NoteCodes.NotApproved);
        Assert.Contains(all, l => l.Note?.Code == NoteCodes.Reversal);
        Assert.Contains(all, l => l.IsAdjustment && l.Note?.Code == NoteCodes.Text && l.Note["text"] == "复核");
        Assert.DoesNotContain(all, l => l.Note?.Code == NoteCodes.Text && l.Note["text"].Contains("adjustment", StringComparison.Ordinal));
        var report = store.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.True(report.DigestsRecomputed > 0);
    }

    /// <summary>
    /// R-LEDGER-2: the database refuses a second line reversing the same line or superseding the same posting, with the
    /// two indexes partial (issue 10): only lines that reverse or supersede something are in them, which nearly no line of
    /// a year does.
    /// </summary>
    [Fact]
    public void The_database_refuses_a_second_line_reversing_or_superseding_the_same_line_R_LEDGER_2()
    {
        using var store = WithAPaymentExempted(out var paid, out var section, out var month);
        var rows = store.Db.LedgerLines.AsNoTracking().OrderBy(l => l.Sequence).ToList();
        var reversal = rows.Single(r => r.Reverses is not null);
        var superseding = rows.Single(r => r.Supersedes is not null);
        Assert.Equal(paid.Sequence, reversal.Reverses);
        Assert.Equal(paid.Sequence, superseding.Supersedes);
        Assert.Equal(2, Scalar(store, "SELECT COUNT(*) FROM ledger_lines WHERE reverses IS NOT NULL OR supersedes IS NOT NULL"));
        foreach (var copy in new[] { reversal, superseding })
        {
            copy.Sequence = rows[^1].Sequence + 1;
            store.Db.LedgerLines.Add(copy);
            var failure = Assert.ThrowsAny<Exception>(() => store.Db.SaveChanges());
            store.Db.ChangeTracker.Clear();
            Assert.Contains("unique", (failure.InnerException ?? failure).Message, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(rows.Count, store.LedgerLineCount());
        Assert.Equal(2, Scalar(store, store.Location.IsPostgres
            ? "SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('IX_ledger_lines_reverses', 'IX_ledger_lines_supersedes') AND indexdef LIKE '%WHERE%IS NOT NULL%'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('IX_ledger_lines_reverses', 'IX_ledger_lines_supersedes') AND sql LIKE '%WHERE%IS NOT NULL%'"));
    }

    /// <summary>
    /// R-LEDGER-2, issue 10: the ledger's key index holds every line (its fourth column is 0 for a first posting and
    /// NULL for any other), so a section's lines and a section-month's history (the first posting, its reversal, the
    /// posting superseding it) are read through it, not by scanning the ledger; it still refuses a second first posting
    /// of a key (<see cref="The_database_refuses_a_second_current_posting_of_a_key_R_LEDGER_2"/>).
    /// </summary>
    [Fact]
    public void A_sections_lines_are_read_through_the_ledgers_key_index_R_LEDGER_2()
    {
        using var store = WithAPaymentExempted(out var paid, out var section, out var month);

        var all = store.Ledger(new LedgerQuery());
        var own = store.Ledger(new LedgerQuery(Section: section));
        Assert.Equal(all.Where(l => l.Section == section).Select(l => l.Sequence), own.Select(l => l.Sequence));
        Assert.True(own.Count > 3 && own.Count < all.Count);
        var history = store.Explain(section, month).History;
        Assert.Equal([LedgerLineKind.Posting, LedgerLineKind.Reversal, LedgerLineKind.Posting], history.Select(l => l.Kind));
        Assert.Equal((paid.Sequence, paid.Sequence), (history[0].Sequence, history[1].Reverses));

        foreach (var where in new[] { $"section_id = '{section}' AND month = {month.Key}", $"section_id = '{section}'" })
            Assert.Contains("ux_ledger_lines_first_posting", Plan(store, $"SELECT * FROM ledger_lines WHERE {where}"));
    }

    /// <summary>
    /// Two processes accounting the same store at once end with the ledger one run makes, on both engines: the write
    /// lock holds across processes, and the database refuses a second current posting of a key.
    /// </summary>
    [Fact]
    public void Two_processes_accounting_one_store_at_once_end_with_the_ledger_of_one_run_R_LEDGER_3()
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", "1");
        using var once = NewStore();
        once.ImportFolder(dir, "test");
        once.Account(2023);
        using var twice = NewStore();
        twice.ImportFolder(dir, "test");

        TwoProcesses.Account(CliLocation(twice), 2023);

        static string Lines(LiuyuStore s) => string.Join('\n', s.Ledger(new LedgerQuery()).Select(l =>
            $"{l.Sequence}|{l.Kind}|{l.Section}|{l.Month}|{l.Rule}|{l.Payer}|{l.Payee}|{l.Amount.Value}|{l.InputDigest}|{l.Note?.Code}"));
        Assert.Equal(Lines(once), Lines(twice));
        Assert.True(twice.Verify().Ok, string.Join("\n", twice.Verify().Problems));
    }

    /// <summary>
    /// R-LEDGER-1: a year of more lines than three parts of the pipelined write (<see cref="ChainWriter.WriteLedger"/>
    /// makes and seals rows a few parts ahead of the bulk insert) is numbered without a gap after the ledger's last line
    /// and chained as sealing line by line chains it: verification recomputes every content hash and link from the
    /// genesis, with and without a key, and a second year appended after the first still verifies.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_year_written_in_parts_is_numbered_and_chained_line_by_line_R_LEDGER_1(bool keyed)
    {
        using var store = NewStore(keyed ? ChainKey.Keyed("a-key-of-the-test-0123456789") : null);
        var scheme = new ScenarioGenerator(20261206).Generate(2023, riverCount: 400);
        store.ImportFolder(ScenarioGenerator.WriteFolder(scheme, ScenarioGenerator.TempFolder()), "test");
        var first = store.Account(2023);
        var lines = store.LedgerLineCount();
        Assert.True(lines > 3 * ChainWriter.LedgerPart, $"{lines} lines: the year must span more than three parts");
        Assert.Equal(first.Posted + first.Reversed, lines);
        Assert.Equal(1, Scalar(store, "SELECT MIN(sequence) FROM ledger_lines"));
        Assert.Equal(lines, Scalar(store, "SELECT MAX(sequence) FROM ledger_lines"));
        var report = store.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(lines, report.DigestsRecomputed);

        // The head is where the first write left it: the second year's lines follow the first's, and the whole chain verifies.
        var next = new ScenarioGenerator(20261206).Generate(2024, riverCount: 400);
        store.ImportFolder(ScenarioGenerator.WriteFolder(next, ScenarioGenerator.TempFolder()), "test");
        var second = store.Account(2024);
        Assert.True(second.Posted > ChainWriter.LedgerPart);
        Assert.Equal(lines + 1, Scalar(store, "SELECT MIN(sequence) FROM ledger_lines WHERE posted_year = 2024"));
        Assert.Equal(store.LedgerLineCount(), Scalar(store, "SELECT MAX(sequence) FROM ledger_lines"));
        Assert.True(store.Verify().Ok, string.Join("\n", store.Verify().Problems));
    }

    /// <summary>
    /// A large ledger read is split across two connections (<see cref="LiuyuStore.ReadLedgerLines"/>): the older half on
    /// a connection of its own, which sees only what is committed. Split or whole, the lines and their order are the
    /// same: outside a transaction, and inside one that has written lines it has not committed (a dry run accounting the
    /// next year), whose lines only this connection can read, below the split point and above it.
    /// </summary>
    [Fact]
    public void A_ledger_read_split_across_two_connections_gives_the_lines_of_one_read_R_LEDGER_1()
    {
        using var store = NewStore();
        var scheme = new ScenarioGenerator(7).Generate(2023, riverCount: 6);
        store.ImportFolder(ScenarioGenerator.WriteFolder(scheme, ScenarioGenerator.TempFolder()), "test");
        store.Account(2023);
        store.ImportFolder(ScenarioGenerator.WriteFolder(new ScenarioGenerator(8).Generate(2024, riverCount: 9), ScenarioGenerator.TempFolder()), "test");
        string[] wheres = ["posted_year = @p0", "month >= @p0 AND month <= @p1", "1 = 1"];
        long[][] args = [[2023], [202301, 202312], []];

        List<LedgerLine> Read(int i, bool split)
        {
            store.SplitLedgerReadsFrom = split ? 1 : long.MaxValue;
            try { return store.ReadLedgerLines(wheres[i], args[i]); }
            finally { store.SplitLedgerReadsFrom = long.MaxValue; }
        }
        for (var i = 0; i < wheres.Length; i++)
        {
            var whole = Read(i, split: false);
            Assert.NotEmpty(whole);
            Assert.Equal(whole, Read(i, split: true));
        }
        var committed = store.LedgerLineCount();

        // Settling with the lines read on connections of their own, beside the scheme: the statement of the two one after the other.
        string Statement(Domain.Settlement.SettlementStatement st) => AccountingJson.ToJson(st);
        var expected = Statement(store.Settle(store.LoadScheme(), 2023));
        store.SplitLedgerReadsFrom = 1;
        var (loaded, settled) = store.LoadAndSettle(2023);
        store.SplitLedgerReadsFrom = long.MaxValue;
        Assert.Equal(expected, Statement(settled));
        Assert.Equal(store.LoadScheme().Sections.Count, loaded.Sections.Count);
        // Settled without the scheme's monthly results, which a statement does not read: the same statement.
        Assert.NotEmpty(store.LoadScheme().Results);
        Assert.Empty(loaded.Results);

        // In a dry run that accounts 2024: its lines are uncommitted, more than the committed ones, so the split point
        // lies among them and the other connection reads only up to the last committed line.
        var (wholeInRun, splitInRun, yearInRun, splitYearInRun) = store.Rehearse(() =>
        {
            store.Account(2024);
            Assert.True(store.LedgerLineCount() > 2 * committed, "the dry run must write more lines than are committed");
            var year = store.ReadLedgerLines("posted_year = @p0", 2024);
            store.SplitLedgerReadsFrom = 1;
            var splitYear = store.ReadLedgerLines("posted_year = @p0", 2024); // none of them committed
            Assert.Equal(Statement(store.Settle(store.LoadScheme(), 2024)), Statement(store.LoadAndSettle(2024).Statement)); // the run's own lines
            store.SplitLedgerReadsFrom = long.MaxValue;
            return (Read(2, split: false), Read(2, split: true), year, splitYear);
        });
        Assert.True(wholeInRun.Count > 2 * committed);
        Assert.Equal(wholeInRun, splitInRun);
        Assert.NotEmpty(yearInRun);
        Assert.Equal(yearInRun, splitYearInRun);
        Assert.Equal(committed, store.LedgerLineCount()); // rolled back
    }

    /// <summary>
    /// Issue 10: account's imported results read in two halves, the older on a connection of its own (SQLite, in
    /// account's own transaction before it writes), are those of one read, in the same order, so the ledger accounted
    /// from them is the same line for line. Nowhere else: in a transaction that already wrote (an import accounted with
    /// its import) the other connection would miss the import's own results, and outside a transaction (a server's page)
    /// the read stays on the store's connection.
    /// </summary>
    [Fact]
    public void Results_read_in_two_halves_are_those_of_one_read_and_account_the_same_ledger_R_LEDGER_3()
    {
        var folder = ScenarioGenerator.WriteFolder(new ScenarioGenerator(11).Generate(2023, riverCount: 6), ScenarioGenerator.TempFolder());
        string Accounted(bool split, bool withImport)
        {
            using var store = NewStore();
            store.SplitResultReadsFrom = split ? 1 : long.MaxValue;
            if (withImport) store.InOneTransaction(() => { store.ImportFolder(folder, "test"); return store.Account(2023); });
            else
            {
                store.ImportFolder(folder, "test");
                Assert.True(store.ReadImportedResults().Count > 2, "results to split");
                store.LoadScheme(); // outside a transaction: one read
                Assert.Equal(0, store.ResultReadsSplit);
                store.Account(2023);
            }
            // Split only in account's own transaction, on SQLite.
            Assert.Equal(split && !withImport && !store.Location.IsPostgres ? 1 : 0, store.ResultReadsSplit);
            Assert.True(store.Verify().Ok);
            var lines = store.Ledger(new Liuyu.Application.LedgerQuery());
            Assert.NotEmpty(lines);
            return string.Join("\n", lines.Select(l => $"{l.Sequence} {l.Section} {l.Month} {l.Purpose} {l.Amount.Value} {l.Result} {l.InputDigest}"));
        }
        var expected = Accounted(split: false, withImport: false);
        Assert.Equal(expected, Accounted(split: true, withImport: false));
        Assert.Equal(expected, Accounted(split: true, withImport: true));
    }

    /// <summary>
    /// <c>account</c> accounts, plans and checks each month a few sections at a time (<see cref="LiuyuStore.PlanPartSections"/>):
    /// in parts of three sections, a first year and then a year with revised results (reversals and new postings in
    /// several parts) append the very ledger that accounting each month at once appends, line for line and hash for hash.
    /// </summary>
    [Fact]
    public void A_year_accounted_a_few_sections_at_a_time_appends_the_ledger_of_whole_months_R_LEDGER_3()
    {
        var folder = ScenarioGenerator.WriteFolder(new ScenarioGenerator(20261207).Generate(2023, riverCount: 6), ScenarioGenerator.TempFolder());
        string Accounted(int partSections)
        {
            using var store = NewStore();
            store.PlanPartSections = partSections;
            store.ImportFolder(folder, "test");
            var scheme = store.LoadScheme();
            Assert.True(scheme.Sections.Count > 3 * 3 + 1, "sections for several parts and a short last one");
            var first = store.Account(2023);
            Assert.Equal(YearMonth.MonthsOf(2023).Sum(m => MonthlyAccounting.AccountMonth(scheme, m).Count()), first.Outcomes);
            // Every tenth section's results one class worse from June: its June-December lines are reversed and posted anew.
            Exec(store, "UPDATE results SET class = CASE WHEN class < 6 THEN class + 1 ELSE 1 END " +
                        "WHERE month >= 202306 AND section_id IN (SELECT id FROM sections WHERE CAST(SUBSTR(id, 2) AS INTEGER) % 10 = 3)");
            var second = store.Account(2023);
            Assert.True(second.Reversed > 3, $"{second.Reversed} reversals");
            Assert.True(store.Verify().Ok);
            // The chain's head seals every column of every line in order: equal heads are equal ledgers, hash for hash.
            var head = store.Chain.Head(ChainContent.Ledger).Head;
            return $"{first.Outcomes} {first.Posted} {second.Posted} {second.Reversed} {head}\n" + string.Join("\n",
                store.Ledger(new Liuyu.Application.LedgerQuery()).Select(l => $"{l.Sequence} {l.Kind} {l.Reverses} {l.Section} {l.Month} {l.Purpose} {l.Amount.Value} {l.Result} {l.InputDigest}"))
                + "\n" + Scalar(store, "SELECT COUNT(*) FROM ledger_lines WHERE supersedes IS NOT NULL");
        }
        var atOnce = Accounted(int.MaxValue);
        Assert.Equal(atOnce, Accounted(3));
        Assert.Equal(atOnce, Accounted(1));
    }

    /// <summary>
    /// Accounted a few sections at a time, every line already in the ledger is still checked with its month: two current
    /// postings of one key, written behind the store's back, fail the run whether the key's section is in a later part
    /// of the month or no longer registered at all (its lines are checked with the month's last part); nothing is written.
    /// </summary>
    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    [InlineData(true, 1)] // every part full: the last is still the last
    public void Accounted_in_parts_every_existing_line_is_checked_with_its_month_R_LEDGER_3(bool unregistered, int partSections)
    {
        using var store = Accounted();
        store.PlanPartSections = partSections;
        var sections = store.LoadScheme().Sections;
        Assert.True(sections.Count > 4, "sections for several parts");
        var section = unregistered ? "ZZ9999" : sections[3].Id.Value;
        var river = sections[3].River.Value;
        var last = Scalar(store, "SELECT MAX(sequence) FROM ledger_lines"); // a posting superseded by no line yet
        foreach (var supersedes in unregistered ? new[] { "NULL", $"{last}" } : [$"{last}"])
            Exec(store, "INSERT INTO ledger_lines (sequence, kind, posted_year, is_adjustment, river_id, section_id, month, purpose, rule, amount_fen, " +
                        $"policy_version, rule_family, input_digest, run_id, supersedes) VALUES ({++last}, 'posting', 2023, false, '{river}', '{section}', 202305, " +
                        $"'quality', 'R-COMP-2', 0, '2023', 'cq2023', 'tampered', 1, {supersedes})");
        var lines = store.LedgerLineCount();

        var failure = Assert.Throws<LedgerInvariantException>(() => store.Account(2023));
        Assert.Contains($"two current postings for {section} 2023-05 quality", failure.Message);
        Assert.Equal(lines, store.LedgerLineCount());
    }

    /// <summary>
    /// What is reversed is known to every part of a month, as it was to the whole month: with a reversal written behind
    /// the store's back in one section that names another section's posting, a revised result that reverses that posting
    /// again fails the run as an invariant ("reversed twice"), whatever part each section is in, rather than reaching the
    /// database's unique index; nothing is written.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(int.MaxValue)]
    public void A_reversal_in_one_part_of_a_month_counts_in_every_part_R_LEDGER_3(int partSections)
    {
        using var store = Accounted();
        store.PlanPartSections = partSections;
        var sections = store.LoadScheme().Sections;
        Assert.True(sections.Count > 4, "sections for several parts");
        var section = sections[0].Id.Value;
        var posting = Scalar(store, $"SELECT sequence FROM ledger_lines WHERE section_id = '{section}' AND month = 202305 AND purpose = 'quality'");
        var last = Scalar(store, "SELECT MAX(sequence) FROM ledger_lines");
        Exec(store, "INSERT INTO ledger_lines (sequence, kind, posted_year, is_adjustment, reverses, river_id, section_id, month, purpose, rule, amount_fen, " +
                    $"policy_version, rule_family, input_digest, run_id) VALUES ({last + 1}, 'reversal', 2023, false, {posting}, '{sections[3].River.Value}', " +
                    $"'{sections[3].Id.Value}', 202305, 'quality', 'R-COMP-2', 0, '2023', 'cq2023', 'tampered', 1)");
        Exec(store, $"UPDATE results SET class = CASE WHEN class < 6 THEN class + 1 ELSE 1 END WHERE section_id = '{section}' AND month = 202305");

        var failure = Assert.Throws<LedgerInvariantException>(() => store.Account(2023));
        Assert.Contains($"line {posting} reversed twice", failure.Message);
        Assert.Equal(last + 1, store.LedgerLineCount());
    }

    /// <summary>A new posting row of the test's own key <paramref name="i"/> (section T000000, T000001, …).</summary>
    private static Model.LedgerLineRow TestRow(int i, long runId) => new()
    {
        Kind = "posting", PostedYear = 2023, RiverId = "R0", SectionId = $"T{i:000000}", Month = 202301, Purpose = "quality", Rule = "R-COMP-2",
        PolicyVersion = "2023", RuleFamily = "cq2023", InputDigest = "0123456789abcdef0123456789abcdef", RunId = runId,
    };

    /// <summary>
    /// A bulk write refused part way (here by the database: a second current posting of one key, R-LEDGER-3) stops the
    /// rows being made ahead of it instead of leaving them waiting for a writer, reports the database's refusal, and
    /// leaves the ledger and its chain as they were.
    /// </summary>
    [Fact]
    public void A_write_refused_part_way_stops_the_rows_made_ahead_and_changes_nothing_R_LEDGER_3()
    {
        using var store = Accounted();
        var before = store.LedgerLineCount();
        var runId = Scalar(store, "SELECT MAX(id) FROM accounting_runs");
        var refusedAt = ChainWriter.LedgerPart + 7; // the key of row 0 again, while many parts are still to be made
        var failure = Failure(() => Within(TimeSpan.FromMinutes(1), () =>
        {
            using var tx = store.Db.Database.BeginTransaction();
            store.Chain.WriteLedger(40 * ChainWriter.LedgerPart, i => TestRow(i == refusedAt ? 0 : i, runId),
                rows => BulkWriter.Insert(store.Db, "ledger_lines", LedgerColumnsForTest, rows));
        }));
        Assert.IsAssignableFrom<System.Data.Common.DbException>(failure); // SQLite: "UNIQUE constraint failed"; PostgreSQL: "violates unique constraint"
        Assert.Contains("unique", failure.Message, StringComparison.OrdinalIgnoreCase);
        store.Db.ChangeTracker.Clear();
        Assert.Equal(before, store.LedgerLineCount());
        Assert.True(store.Verify().Ok, string.Join("\n", store.Verify().Problems));
        Assert.Equal(0, store.Account(2023).Posted);
    }

    /// <summary>
    /// A row that cannot be made fails the whole write with its own exception: the writer never ends early with the
    /// rows made before it as if they were all, and the ledger and its chain stay as they were. A writer that fails by
    /// itself is reported as it failed, and one that returns before taking every row is refused; the rows ahead stop
    /// in both.
    /// </summary>
    [Fact]
    public void A_row_that_fails_to_be_made_fails_the_write_not_shortens_it_R_LEDGER_1()
    {
        using var store = Accounted();
        var before = store.LedgerLineCount();
        var runId = Scalar(store, "SELECT MAX(id) FROM accounting_runs");
        var failAt = 2 * ChainWriter.LedgerPart + 3;
        var written = 0;
        var failure = Failure(() => Within(TimeSpan.FromMinutes(1), () =>
        {
            using var tx = store.Db.Database.BeginTransaction();
            store.Chain.WriteLedger(10 * ChainWriter.LedgerPart, i => i == failAt ? throw new InvalidOperationException("row cannot be made") : TestRow(i, runId),
                rows =>
                {
                    foreach (var r in rows) written++;
                    Assert.Fail("the write ended without the row that failed");
                });
        }));
        Assert.Equal("row cannot be made", failure.Message);
        Assert.Equal(failAt / ChainWriter.LedgerPart * ChainWriter.LedgerPart, written); // the whole parts before it, and never the rest
        store.Db.ChangeTracker.Clear();
        Assert.Equal(before, store.LedgerLineCount());
        Assert.True(store.Verify().Ok);

        var writerFailure = Failure(() => Within(TimeSpan.FromMinutes(1), () =>
        {
            using var tx = store.Db.Database.BeginTransaction();
            store.Chain.WriteLedger(40 * ChainWriter.LedgerPart, i => TestRow(i, runId), rows => throw new TimeoutException("the writer's own"));
        }));
        Assert.IsType<TimeoutException>(writerFailure);
        Assert.Equal(before, store.LedgerLineCount());

        // A writer that returns early, having taken only the first part: refused, and the rows ahead stopped.
        var shortWrite = Failure(() => Within(TimeSpan.FromMinutes(1), () =>
        {
            using var tx = store.Db.Database.BeginTransaction();
            store.Chain.WriteLedger(40 * ChainWriter.LedgerPart, i => TestRow(i, runId), rows => rows.Take(ChainWriter.LedgerPart).ToList());
        }));
        Assert.Equal($"the ledger's writer took {ChainWriter.LedgerPart} of {40 * ChainWriter.LedgerPart} lines", shortWrite.Message);
        Assert.Equal(before, store.LedgerLineCount());
        Assert.True(store.Verify().Ok);

        // A writer that takes every row and stops without asking for another wrote them all: accepted, whenever the
        // maker ends (it is waited for, not looked at). Rolled back here, as a dry run would be.
        for (var round = 0; round < 5; round++)
        {
            using var tx = store.Db.Database.BeginTransaction();
            var all = 3 * ChainWriter.LedgerPart;
            var wrote = store.Chain.WriteLedger(Enumerable.Range(0, all).Select(i => TestRow(i, runId)),
                rows => BulkWriter.Insert(store.Db, "ledger_lines", LedgerColumnsForTest, rows.Take(all).ToList()));
            Assert.Equal(all, wrote);
            Assert.Equal(before + all, store.LedgerLineCount());
        }
        store.Db.ChangeTracker.Clear();
        Assert.Equal(before, store.LedgerLineCount());
        Assert.True(store.Verify().Ok);
    }

    /// <summary>
    /// A year is accounted month by month into the write: the months after the first are accounted while the database
    /// takes the lines of those before. A month that cannot be accounted (here July, whose agreement names a rule family
    /// this version does not know) fails the run with its own exception, whether or not the months before it have reached
    /// the database yet; none of their lines, no run, no audit entry and no move of the chain's head remain, and the same
    /// store accounts the year once the agreement is mended.
    /// </summary>
    [Fact]
    public void A_month_that_cannot_be_accounted_rolls_back_the_months_written_before_it_R_LEDGER_1()
    {
        using var store = NewStore();
        var scheme = new ScenarioGenerator(20261207).Generate(2023, riverCount: 400);
        store.ImportFolder(ScenarioGenerator.WriteFolder(scheme, ScenarioGenerator.TempFolder()), "test");
        var river = scheme.Sections[^1].River.Value;
        Exec(store, "INSERT INTO agreements (river_id, effective_from, effective_to, tier1_fen, tier2_fen, rule_family) " +
                    $"VALUES ('{river}', '2023-07-01', '2025-12-31', 100000000, 200000000, 'no-such-family')");
        // The scheme loads and its first half year accounts: the failure is July's, met after the months before it were planned.
        var loaded = store.LoadScheme();
        Assert.NotEmpty(MonthlyAccounting.AccountMonth(loaded, new YearMonth(2023, 6)));
        Assert.Throws<KeyNotFoundException>(() => MonthlyAccounting.AccountMonth(loaded, new YearMonth(2023, 7)).ToList());
        var runs = Scalar(store, "SELECT COUNT(*) FROM accounting_runs");
        var audits = Scalar(store, "SELECT COUNT(*) FROM audit_entries");
        var head = Scalar(store, "SELECT length FROM chain_heads WHERE name = 'ledger'");

        var failure = Assert.Throws<KeyNotFoundException>(() => store.Account(2023));
        Assert.Contains("no-such-family", failure.Message);
        Assert.Equal(0, store.LedgerLineCount());
        Assert.Equal(runs, Scalar(store, "SELECT COUNT(*) FROM accounting_runs"));
        Assert.Equal(audits, Scalar(store, "SELECT COUNT(*) FROM audit_entries"));
        Assert.Equal(head, Scalar(store, "SELECT length FROM chain_heads WHERE name = 'ledger'"));

        Exec(store, "DELETE FROM agreements WHERE rule_family = 'no-such-family'");
        var report = store.Account(2023);
        Assert.True(report.Posted > 3 * ChainWriter.LedgerPart);
        Assert.Equal(report.Posted, store.LedgerLineCount());
        Assert.Equal(runs + 1, Scalar(store, "SELECT COUNT(*) FROM accounting_runs"));
        Assert.Equal(report.Posted, Scalar(store, "SELECT lines_appended FROM accounting_runs ORDER BY id DESC LIMIT 1"));
        var verified = store.Verify();
        Assert.True(verified.Ok, string.Join("\n", verified.Problems));
    }

    private static Exception Failure(Action act) => Assert.ThrowsAny<Exception>(act);

    /// <summary>Runs <paramref name="act"/> and rethrows its failure; fails the test if it has not ended within <paramref name="limit"/> (a write waiting for ever).</summary>
    private static void Within(TimeSpan limit, Action act)
    {
        var run = Task.Run(act);
        Assert.True(Task.WhenAny(run, Task.Delay(limit)).GetAwaiter().GetResult() == run, $"the write had not ended after {limit}");
        run.GetAwaiter().GetResult();
    }

    /// <summary>The columns the store's own ledger write binds (LiuyuStore.LedgerColumns).</summary>
    private static IReadOnlyList<BulkColumn<Model.LedgerLineRow>> LedgerColumnsForTest => LiuyuStore.LedgerColumnsForTests;

    /// <summary>The store's location as the CLI takes it.</summary>
    protected abstract string CliLocation(LiuyuStore store);

    /// <summary>Recomputes every content hash, link and head with <paramref name="key"/>, as a forger who knows the format would.</summary>
    private void Reseal(LiuyuStore store, ChainKey key)
    {
        using var forger = Reopen(store, key);
        forger.ResealForTest();
    }

    protected abstract LiuyuStore Reopen(LiuyuStore store, ChainKey key);
}

public sealed class SqliteIntegrity : IntegrityContract
{
    protected override LiuyuStore NewStore(ChainKey? key = null) =>
        LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"), key: key ?? ChainKey.Plain);

    protected override LiuyuStore Reopen(LiuyuStore store, ChainKey key) => LiuyuStore.Connect(store.Location, key: key);

    protected override string CliLocation(LiuyuStore store) => store.Location.Display;

    protected override void Exec(LiuyuStore store, string sql)
    {
        using var conn = new SqliteConnection(store.Location.ConnectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    protected override long Scalar(LiuyuStore store, string sql)
    {
        using var conn = new SqliteConnection(store.Location.ConnectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override string Plan(LiuyuStore store, string sql)
    {
        using var conn = new SqliteConnection(store.Location.ConnectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = cmd.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read()) plan.Add(reader.GetString(3));
        return string.Join('\n', plan);
    }

    protected override LiuyuStore LegacyStore()
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "legacy.db");
        File.Copy(Path.Combine(SharedFolder.RepoRoot, "tests", "Liuyu.Storage.Tests", "Fixtures", "legacy", "example1-v6e7323e.db"), path);
        return LiuyuStore.Open(path, key: ChainKey.Plain);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresIntegrity(PostgresCluster cluster) : IntegrityContract
{
    protected override LiuyuStore NewStore(ChainKey? key = null) => LiuyuStore.Open(cluster.NewDatabase(), key: key ?? ChainKey.Plain);

    protected override LiuyuStore Reopen(LiuyuStore store, ChainKey key) => LiuyuStore.Connect(store.Location, key: key);

    protected override string CliLocation(LiuyuStore store) => store.Location.ConnectionString;

    protected override void Exec(LiuyuStore store, string sql)
    {
        using var conn = new NpgsqlConnection(store.Location.ConnectionString);
        conn.Open();
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.ExecuteNonQuery();
    }

    protected override long Scalar(LiuyuStore store, string sql)
    {
        using var conn = new NpgsqlConnection(store.Location.ConnectionString);
        conn.Open();
        using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override string Plan(LiuyuStore store, string sql)
    {
        using var conn = new NpgsqlConnection(store.Location.ConnectionString);
        conn.Open();
        using (var off = new NpgsqlCommand("SET enable_seqscan = off", conn)) off.ExecuteNonQuery();
        using var cmd = new NpgsqlCommand("EXPLAIN " + sql, conn);
        using var reader = cmd.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read()) plan.Add(reader.GetString(0));
        return string.Join('\n', plan);
    }

    /// <summary>The same store made on PostgreSQL by the previous version, restored from its pg_dump (psql's meta-commands dropped).</summary>
    protected override LiuyuStore LegacyStore()
    {
        var cs = cluster.NewDatabase();
        var dump = File.ReadAllLines(Path.Combine(SharedFolder.RepoRoot, "tests", "Liuyu.Storage.Tests", "Fixtures", "legacy", "example1-v6e7323e.pg.sql"))
            .Where(l => !l.StartsWith('\\') && !l.StartsWith("--", StringComparison.Ordinal));
        using (var conn = new NpgsqlConnection(cs))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand(string.Join('\n', dump), conn);
            cmd.ExecuteNonQuery();
        }
        return LiuyuStore.Open(cs, key: ChainKey.Plain);
    }
}
