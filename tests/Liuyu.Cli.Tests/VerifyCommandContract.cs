using System.Text.Json.Nodes;
using Liuyu.TestSupport;
using Microsoft.Data.Sqlite;

namespace Liuyu.Cli.Tests;

/// <summary>
/// <c>liuyu verify</c> as the issue asks: it passes a fresh demo store; after one ledger amount is changed in the
/// database it exits non-zero naming the line by its sequence; after the newest audit entry is deleted it exits
/// non-zero naming the entry; a statement's chain head from <c>settle --json</c> is recognised, and a head of an
/// earlier state is told apart.
/// </summary>
public class VerifyCommandContract
{
    private static string DemoStore()
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "demo.db");
        var (exit, _, err) = CliRunner.Run("demo", "--store", path);
        Assert.True(exit == 0, err);
        return path;
    }

    private static void Sql(string path, string sql)
    {
        using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(string path, string sql)
    {
        using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void A_fresh_demo_store_verifies_and_a_changed_amount_is_named_by_its_line()
    {
        var store = DemoStore();
        var (ok, okOut, okErr) = CliRunner.Run("verify", "--store", store);
        Assert.True(ok == 0, okOut + okErr);
        Assert.Contains("verified", okOut);

        var seq = Scalar(store, "SELECT MIN(sequence) FROM ledger_lines WHERE amount_fen > 0 AND posted_year = 2023");
        Sql(store, $"UPDATE ledger_lines SET amount_fen = amount_fen * 10 WHERE sequence = {seq}");
        var (exit, output, _) = CliRunner.Run("verify", "--store", store, "--json");
        Assert.Equal(1, exit);
        var json = JsonNode.Parse(output)!;
        Assert.False((bool)json["ok"]!);
        var problems = json["problems"]!.AsArray();
        Assert.Contains(problems, p => (string)p!["chain"]! == "ledger" && (long?)p["id"] == seq && (string)p["code"]! == "content-altered");
        Assert.Contains(problems, p => (long?)p!["id"] == seq && (string)p["code"]! == "amount-mismatch");
        // Nothing but that line is blamed.
        Assert.All(problems, p => Assert.Equal(seq, (long?)p!["id"]));
    }

    [Fact]
    public void Deleting_the_newest_audit_entry_fails_verification_naming_it()
    {
        var store = DemoStore();
        var newest = Scalar(store, "SELECT MAX(id) FROM audit_entries");
        Sql(store, $"DELETE FROM audit_entries WHERE id = {newest}");
        var (exit, output, _) = CliRunner.Run("verify", "--store", store);
        Assert.Equal(1, exit);
        Assert.Contains("audit", output);
        Assert.Contains($"row {newest}", output);
        Assert.Contains("NOT verified", output);
    }

    [Fact]
    public void The_chain_head_of_a_statement_is_checked_against_the_store()
    {
        var store = DemoStore();
        var (_, settle, _) = CliRunner.Run("settle", "--store", store, "--year", "2023", "--json");
        var head = (string)JsonNode.Parse(settle)!["chain_head"]!["hash"]!;
        Assert.Equal(0, CliRunner.Run("verify", "--store", store, "--year", "2023", "--head", head).Exit);
        Assert.Equal(1, CliRunner.Run("verify", "--store", store, "--year", "2023", "--head", new string('0', 64)).Exit);
        // The head of an earlier line of the year: lines were posted into the year after that statement.
        var earlier = Scalar(store, "SELECT MIN(sequence) FROM ledger_lines WHERE posted_year = 2023");
        using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store, Pooling = false }.ToString());
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT chain_hash FROM ledger_lines WHERE sequence = {earlier}";
        var old = (string)cmd.ExecuteScalar()!;
        var (exit, output, _) = CliRunner.Run("verify", "--store", store, "--year", "2023", "--head", old);
        Assert.Equal(1, exit);
        Assert.Contains("earlier state", output);
    }

    [Fact]
    public void Account_json_keeps_its_contract_without_a_chain_head()
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", "1");
        var (exit, output, _) = CliRunner.Run("account", "--data", dir, "--year", "2023", "--json");
        Assert.Equal(0, exit);
        Assert.Null(JsonNode.Parse(output)!["chain_head"]);
    }

    /// <summary>
    /// Two processes accounting the same store at once end with the ledger one run makes: the write lock holds across
    /// processes (BEGIN IMMEDIATE), and the database refuses a second current posting of a key.
    /// </summary>
    [Fact]
    public void Two_processes_accounting_one_SQLite_store_at_once_end_with_the_ledger_of_one_run_R_LEDGER_3()
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", "1");
        var once = Path.Combine(ScenarioGenerator.TempFolder(), "once.db");
        var twice = Path.Combine(ScenarioGenerator.TempFolder(), "twice.db");
        foreach (var s in new[] { once, twice }) Assert.Equal(0, CliRunner.Run("import", "--store", s, "--data", dir).Exit);
        Assert.Equal(0, CliRunner.Run("account", "--store", once, "--year", "2023").Exit);

        TwoProcesses.Account(twice, 2023);

        Assert.Equal(Ledger(once), Ledger(twice));
        Assert.Equal(0, CliRunner.Run("verify", "--store", twice).Exit);
    }

    internal static string Ledger(string store)
    {
        var (exit, output, err) = CliRunner.Run("ledger", "--store", store, "--json");
        Assert.True(exit == 0, err);
        // The lines without their run id or timestamps: kind, key, amounts and digests, in sequence order.
        return string.Join('\n', JsonNode.Parse(output)!.AsArray().Select(l =>
            $"{l!["sequence"]}|{l["kind"]}|{l["section"]}|{l["month"]}|{l["rule"]}|{l["payer"]}|{l["payee"]}|{l["amount"]}|{l["input_digest"]}"));
    }
}
