using System.Diagnostics;
using Liuyu.Storage.Tests;
using InProcess = Liuyu.Cli.Tests.Evaluate.Cli;

namespace Liuyu.Cli.Tests.Native;

/// <summary>
/// The native front (src/Liuyu.Cli.Native, NativeAOT) as the benchmark and <c>./run.sh COMMAND</c> run it: <c>evaluate</c>
/// and <c>account</c> with a folder, answered by the natively compiled commands, give what the full CLI gives (output,
/// errors, exit codes), as are <c>import</c>, <c>account</c> and <c>settle</c> with a store, which it answers where the
/// store needs no EF Core and hands over where it does; every other command line is handed to liuyu.dll beside it. ./test.sh publishes both into artifacts/test-cli
/// (src/Liuyu.Cli.Native/publish.sh) before the tests run; without them these tests fail, naming the step.
/// </summary>
public class NativeFrontTests
{
    private static string Front()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Liuyu.slnx"))) repo = repo.Parent;
        Assert.True(repo is not null, $"no Liuyu.slnx above {AppContext.BaseDirectory}");
        var folder = Path.Combine(repo!.FullName, "artifacts", "test-cli");
        var front = Path.Combine(folder, "liuyu");
        Assert.True(File.Exists(front) && File.Exists(Path.Combine(folder, "liuyu.dll")),
            $"{front} and liuyu.dll beside it are missing: ./test.sh makes them (src/Liuyu.Cli.Native/publish.sh artifacts/test-cli)");
        return front;
    }

    private static (int Exit, string Out, string Err) RunFront(params string[] args) => RunProcess(Front(), args);

    /// <summary>The full CLI beside the front, as a process (`dotnet liuyu.dll`).</summary>
    private static (int Exit, string Out, string Err) RunFull(params string[] args) =>
        RunProcess("dotnet", [Path.Combine(Path.GetDirectoryName(Front())!, "liuyu.dll"), .. args]);

    private static (int Exit, string Out, string Err) RunProcess(string program, string[] args, Dictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8, StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("LIUYU_FRONT_LOG");
        foreach (var (name, value) in env ?? []) start.Environment[name] = value;
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), $"{program} {string.Join(' ', args)} did not end within 2 minutes");
        return (p.ExitCode, output.Result, err.Result);
    }

    /// <summary>
    /// The same exit code, standard output and standard error as the full CLI run as a process (in-process, a console
    /// table is written with colours; both processes write to a pipe, without them).
    /// </summary>
    private static void SameAsFullCli(params string[] args)
    {
        var native = RunFront(args);
        var full = RunFull(args);
        Assert.True(full.Exit == native.Exit, $"exit {native.Exit}, the full CLI's {full.Exit}: {native.Err}");
        Assert.Equal(full.Out, native.Out);
        Assert.Equal(full.Err, native.Err);
    }

    /// <summary>The same JSON (and exit 0) as the full CLI in-process, the code the other tests check against the contract.</summary>
    private static void SameJsonAsInProcess(params string[] args)
    {
        var native = RunFront(args);
        var inProcess = InProcess.Run(args);
        Assert.True(native.Exit == 0 && inProcess.Exit == 0, native.Err + inProcess.Err);
        Assert.Equal(inProcess.Out.ReplaceLineEndings("\n"), native.Out);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void Evaluate_gives_the_example_sets_json_and_table_as_the_full_cli(string set)
    {
        var dir = Path.Combine(InProcess.SharedFolder(), "examples", "evaluate", set);
        SameJsonAsInProcess("evaluate", "--samples", Path.Combine(dir, "samples.csv"), "--sections", Path.Combine(dir, "sections.csv"), "--json");
        SameAsFullCli("evaluate", "--samples", Path.Combine(dir, "samples.csv"), "--sections", Path.Combine(dir, "sections.csv"));
    }

    [Fact]
    public void Evaluate_reads_a_workbook_as_the_full_cli()
    {
        var path = InProcess.SamplesWorkbook(
            new() { ["section"] = "S1", ["sampled_at"] = "2023-01-05", ["indicator"] = "总磷（以P计）", ["value"] = 0.34 },
            new() { ["section"] = "S1", ["sampled_at"] = "2023-01-06", ["indicator"] = "w01017", ["value"] = 8 },
            new() { ["section"] = "S2", ["sampled_at"] = "2023-02-01 08:00", ["indicator"] = "pH", ["value"] = 7.25 });
        var native = RunFront("evaluate", "--samples", path, "--json");
        Assert.True(native.Exit == 0, native.Err);
        Assert.Contains("\"class\": \"V\"", native.Out);
        SameJsonAsInProcess("evaluate", "--samples", path, "--json");
    }

    [Fact]
    public void Evaluate_refuses_bad_input_and_usage_as_the_full_cli()
    {
        var bad = InProcess.TempFile("samples.csv", "section,sampled_at,indicator,value\nS1,2024-01-06,COD,-2\nS1,2024-13-06,COD,2\nS1,2024-01-07,XYZ,1\n");
        SameAsFullCli("evaluate", "--samples", bad, "--json");
        Assert.Equal(1, RunFront("evaluate", "--samples", bad, "--json").Exit);
        SameAsFullCli("evaluate", "--samples", bad + ".missing", "--json");
        SameAsFullCli("evaluate", "--json");
        Assert.Equal(2, RunFront("evaluate", "--json").Exit);
        SameAsFullCli("evaluate", "--samples", bad, "--max-rows", "0");
    }

    [Fact]
    public void Account_with_a_folder_gives_the_full_clis_statement()
    {
        var dir = Path.Combine(InProcess.SharedFolder(), "examples", "account", "2");
        SameJsonAsInProcess("account", "--data", dir, "--year", "2023", "--json");
        SameAsFullCli("account", "--data", dir, "--year", "2023");
        SameAsFullCli("account", "--data", dir, "--year", "1999", "--json");
        SameAsFullCli("account", "--data", dir, "--store", "x.db", "--year", "2023");
        SameAsFullCli("account", "--data", dir, "--year", "2023", "--month", "3");
        SameAsFullCli("account", "--data", Path.Combine(dir, "missing"), "--year", "2023", "--json");
    }

    /// <summary>
    /// Into a new SQLite store, <c>import</c>, <c>account</c> and <c>settle</c> are answered by the front itself (issue 10:
    /// no JIT), and the store holds what the full CLI's holds, row for row (but the times); a second import, which
    /// updates a registry through EF Core, is handed over before anything of it commits; other commands go to liuyu.dll.
    /// </summary>
    [Fact]
    public void A_new_stores_import_account_and_settle_are_answered_natively_and_the_rest_handed_over()
    {
        var folder = Directory.CreateTempSubdirectory("liuyu-native-").FullName;
        StoreCommandsAnsweredNatively(Path.Combine(folder, "front.db"), Path.Combine(folder, "full.db"));
        var direct = Path.Combine(folder, "full.db");
        var viaFront = Path.Combine(folder, "front.db");
        Assert.Equal(RunFull("ledger", "--store", direct, "--json").Out, RunFront("ledger", "--store", viaFront, "--json").Out);
        Assert.Contains("handed to liuyu.dll: not a command of the native front", RunFront(Logged, "ledger", "--store", viaFront).Err);
        SameAsFullCli("account", "--store", Path.Combine(folder, "no", "such", "dir", "s.db"), "--year", "2023");
        SameAsFullCli("settle", "--store", Path.Combine(folder, "no", "such", "dir", "s.db"), "--year", "2023");
        SameAsFullCli("import", "--store", Path.Combine(folder, "x.db"), "--data", Path.Combine(folder, "missing"));
        SameAsFullCli("no-such-command");
        Assert.Contains("evaluate", RunFront("--help").Out);
        Assert.Contains("verify", RunFront("--help").Out); // the full CLI's commands, not only the native front's
    }

    /// <summary>A scenario workbook (MiniExcel, compiled ahead of time) is imported natively into what the full CLI stores.</summary>
    [Fact]
    public void A_scenario_workbook_is_imported_natively_into_what_the_full_cli_stores()
    {
        var folder = Directory.CreateTempSubdirectory("liuyu-native-book-").FullName;
        var book = Path.Combine(folder, "demo.xlsx");
        Data.Scenario.ScenarioWriter.WriteWorkbook(Data.Demo.DemoDataset.Generate(Data.Reference.ChongqingRegistry.Load()), book);
        var (viaFront, direct) = (Path.Combine(folder, "front.db"), Path.Combine(folder, "full.db"));
        var front = RunFront(Logged, "import", "--store", viaFront, "--data", book, "--who", "test");
        var full = RunFull("import", "--store", direct, "--data", book, "--who", "test");
        Assert.True(front.Exit == 0 && full.Exit == 0, front.Err + full.Err);
        Assert.Equal("liuyu front: answered natively", front.Err.Trim());
        Assert.Equal(full.Out, front.Out);
        Assert.Contains("results", front.Out);
        Assert.Equal(StoreRows(direct, requireAccounting: false), StoreRows(viaFront, requireAccounting: false));
    }

    /// <summary>The front's log (NativeFront.Log) on standard error.</summary>
    private static readonly Dictionary<string, string> Logged = new() { ["LIUYU_FRONT_LOG"] = "1" };

    private static (int Exit, string Out, string Err) RunFront(Dictionary<string, string> env, params string[] args) => RunProcess(Front(), args, env);

    /// <summary>The front with its log on.</summary>
    internal static (int Exit, string Out, string Err) RunFrontLogged(params string[] args) => RunFront(Logged, args);

    /// <summary>
    /// The example with exemptions and a policy table, then the demo's Chongqing year: each imported, accounted (the year,
    /// then again with nothing new) and settled through the front into <paramref name="viaFront"/>, answered natively, and
    /// through the full CLI into <paramref name="direct"/>, with the same output; then imported again (handed over: EF
    /// Core updates the registry), with the same output. The two stores then hold the same rows.
    /// </summary>
    internal static void StoreCommandsAnsweredNatively(string viaFront, string direct)
    {
        var example = Path.Combine(InProcess.SharedFolder(), "examples", "account", "3");
        foreach (var data in new[] { example, DemoFolder.Value })
        {
            foreach (var (args, natively) in new (string[], bool)[]
            {
                (["import", "--data", data, "--who", "test"], data == example), // the demo's folder updates the example's registry
                (["account", "--year", "2023", "--json"], true),
                (["account", "--year", "2023", "--month", "5"], true),
                (["settle", "--year", "2023", "--json"], true),
                (["settle", "--year", "2023"], true),
                (["import", "--data", data, "--who", "test"], false),
            })
            {
                var front = RunFront(Logged, [.. args, "--store", viaFront]);
                var full = RunFull([.. args, "--store", direct]);
                var said = string.Join(' ', args);
                Assert.True(front.Exit == 0 && full.Exit == 0, $"{said}: {front.Err} {full.Err}");
                Assert.Equal(full.Out.Replace(direct, "STORE"), front.Out.Replace(viaFront, "STORE"));
                var log = front.Err.Split('\n').Where(l => l.StartsWith("liuyu front: ", StringComparison.Ordinal)).ToList();
                Assert.Equal([natively ? "liuyu front: answered natively" : "liuyu front: handed to liuyu.dll: EF Core needs the full .NET runtime (this build is compiled ahead of time)"], log);
            }
        }
        Assert.Equal(StoreRows(direct), StoreRows(viaFront));
        // Every chain of the store the front wrote verifies (the audit chain's hashes are not compared above).
        var verified = RunFull("verify", "--store", viaFront);
        Assert.True(verified.Exit == 0, verified.Out + verified.Err);
    }

    /// <summary>
    /// Every row of every table a store holds (EF Core's history and lock tables aside), table by table, as text, but
    /// what depends on when it was written: the instants (a column named <c>at</c> or <c>…_at</c>), the hashes of a row
    /// with an instant (they seal it), and the head of the audit chain.
    /// </summary>
    private static List<string> StoreRows(string location, bool requireAccounting = true)
    {
        var postgres = location.StartsWith("Host=", StringComparison.Ordinal);
        using var conn = postgres
            ? (System.Data.Common.DbConnection)new Npgsql.NpgsqlConnection(location)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={location};Pooling=false");
        conn.Open();
        List<string> Query(string sql, Func<System.Data.Common.DbDataReader, string> row)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            var list = new List<string>();
            while (r.Read()) list.Add(row(r));
            return list;
        }
        var tables = Query(postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0))
            .Where(t => !t.StartsWith("__EF", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.True(tables.Count >= 25 && tables.Contains("ledger_lines") && tables.Contains("audit_entries"), string.Join(", ", tables));
        var rows = new List<string>();
        foreach (var table in tables)
        {
            var columns = Query(postgres
                    ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
                    : $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid", r => r.GetString(0));
            var timed = columns.Any(c => c == "at" || c.EndsWith("_at", StringComparison.Ordinal));
            var kept = columns.Where(c => c != "at" && !c.EndsWith("_at", StringComparison.Ordinal)
                                          && !(timed && c is "content_hash" or "chain_hash")).ToList();
            var list = string.Join(", ", kept.Select(c => $"\"{c}\""));
            var where = table == "chain_heads" ? " WHERE name <> 'audit'" : "";
            rows.Add($"{table}: {list}");
            rows.AddRange(Query($"SELECT {list} FROM \"{table}\"{where} ORDER BY {string.Join(", ", Enumerable.Range(1, kept.Count))}",
                r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))));
        }
        Assert.Contains(rows, row => row.Contains(requireAccounting ? "ledger.account" : "import.scenario", StringComparison.Ordinal));
        return rows;
    }

    /// <summary>
    /// <c>account --data</c> restarts the front in its own process with the server collector
    /// (<c>NativeFront.RestartWithServerCollector</c>), keeping a collector the caller chose. Seen from outside while the
    /// run is held by its own output: the demo's 2023 statement (about 120 KB) is larger than a pipe holds (64 KiB), and
    /// the test takes one byte of it and reads the process's environment before taking the rest. The first byte comes
    /// after the restart, and the writer cannot finish before the rest is read, so the environment read is the restarted
    /// process's, every time. (Before, a FIFO as results.csv held it; the reader opens a file twice, and a second writer
    /// could meet the first open on a loaded machine, leaving the second waiting for ever: CI, 2026-12-06.)
    /// </summary>
    [Theory]
    [InlineData(null, "--data", "1")]
    [InlineData(null, "--data=", "1")]
    [InlineData("0", "--data", "0")]
    public async Task Account_with_a_folder_runs_with_the_server_collector_unless_the_caller_chose(string? callersChoice, string spelling, string expected)
    {
        if (!OperatingSystem.IsLinux()) return; // the restart is Linux's (exec); elsewhere the front keeps its collector
        var dir = DemoFolder.Value;
        string[] args = spelling == "--data" ? ["account", "--data", dir, "--year", "2023", "--json"] : ["account", "--data=" + dir, "--year", "2023", "--json"];
        var inProcess = InProcess.Run(["account", "--data", dir, "--year", "2023", "--json"]).Out.ReplaceLineEndings("\n");
        const int pipeHolds = 64 * 1024;
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(inProcess) > pipeHolds + 16 * 1024, "the statement must be larger than a pipe holds, or the run is not held");

        var start = new ProcessStartInfo(Front()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("DOTNET_gcServer");
        start.Environment.Remove("DOTNET_GCHeapCount");
        start.Environment.Remove("DOTNET_GCGen0MaxBudget");
        if (callersChoice is not null) start.Environment["DOTNET_gcServer"] = callersChoice;
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        var first = new byte[1];
        if (await p.StandardOutput.BaseStream.ReadAsync(first) != 1) Assert.Fail("no output: " + await err); // (the message's await only once the output has ended)
        output.Write(first);
        var environment = File.ReadAllText($"/proc/{p.Id}/environ").Split('\0');
        await p.StandardOutput.BaseStream.CopyToAsync(output);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2))) await p.WaitForExitAsync(timeout.Token);

        Assert.Contains($"DOTNET_gcServer={expected}", environment);
        Assert.Equal(callersChoice is null, environment.Contains("DOTNET_GCGen0MaxBudget=800000"));
        Assert.True(p.ExitCode == 0, await err);
        Assert.Equal(inProcess, System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }

    /// <summary>The demo dataset written as a scenario folder, once for the class's cases.</summary>
    private static readonly Lazy<string> DemoFolder = new(() =>
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("liuyu-native-demo-").FullName, "demo");
        Data.Scenario.ScenarioWriter.WriteFolder(Data.Demo.DemoDataset.Generate(Data.Reference.ChongqingRegistry.Load()), dir);
        return dir;
    });
}

/// <summary>The same on PostgreSQL: two new databases, one through the front and one through the full CLI.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NativeFrontOnPostgres(PostgresCluster cluster)
{
    [Fact]
    public void A_new_databases_import_account_and_settle_are_answered_natively_and_the_rest_handed_over() =>
        NativeFrontTests.StoreCommandsAnsweredNatively(cluster.NewDatabase(), cluster.NewDatabase());

    /// <summary>A database not yet created is made by EF Core's migrations: the front hands the import over, and it is done.</summary>
    [Fact]
    public void An_import_into_a_database_not_yet_created_is_handed_over_and_done()
    {
        var location = cluster.ConnectionString("native_" + Guid.NewGuid().ToString("N"));
        var example = Path.Combine(InProcess.SharedFolder(), "examples", "account", "3");
        var front = NativeFrontTests.RunFrontLogged("import", "--store", location, "--data", example, "--who", "test");
        Assert.True(front.Exit == 0, front.Err);
        Assert.Contains("liuyu front: handed to liuyu.dll: EF Core needs the full .NET runtime", front.Err);
        Assert.Contains("import batch 1 committed", front.Out);
        var account = NativeFrontTests.RunFrontLogged("account", "--store", location, "--year", "2023", "--json");
        Assert.True(account.Exit == 0, account.Err);
        Assert.Contains("\"posted\":384", account.Out);
        Assert.Equal("liuyu front: answered natively", account.Err.Trim());
    }
}
