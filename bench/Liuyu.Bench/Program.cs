using System.Diagnostics;
using System.Globalization;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Storage;
using Microsoft.Data.Sqlite;

// Whole-process benchmark: a national-scale year (default 20,000 sections × 12 months) generated, written as a
// scenario folder, imported, accounted and settled into a fresh SQLite store (or PostgreSQL with --postgres),
// with rows per second; then the same number of ledger rows written by a raw prepared-statement bulk insert
// into a bare SQLite table, for comparison. Figures only; nothing here asserts a time.
//
//   dotnet run -c Release --project bench/Liuyu.Bench -- [--sections 20000] [--postgres "Host=…"]
//
// With --generate-only DIR or --generate-samples FILE it only writes the data of bench/run.sh (Generate.cs).

if (NationalData.Run(args) is { } generated)
{
    Environment.ExitCode = generated;
    return;
}

var sections = Arg("--sections", 20_000);
var postgres = ArgText("--postgres");
var year = 2023;
var work = Directory.CreateTempSubdirectory("liuyu-bench-").FullName;
Console.WriteLine($"Liuyu benchmark: {sections:N0} sections × 12 months, {Environment.ProcessorCount} cores, .NET {Environment.Version}, work folder {work}");

Cpu.Last = Process.GetCurrentProcess().TotalProcessorTime;
var sw = Stopwatch.StartNew();
var data = Generate(sections, year, seed: 42);
Report("generate scenario in memory", sw, data.RowCount);

sw.Restart();
var folder = Path.Combine(work, "scenario");
ScenarioWriter.WriteFolder(data, folder);
Report("write scenario folder (CSV)", sw, data.RowCount);

sw.Restart();
var parsed = ScenarioReader.ReadFolder(folder);
Report("read + validate scenario folder", sw, parsed.RowCount);

var location = postgres ?? Path.Combine(work, "bench.db");
using (var store = LiuyuStore.Open(location))
{
    sw.Restart();
    store.Import(parsed, folder, "bench");
    Report($"import into {(postgres is null ? "SQLite" : "PostgreSQL")}", sw, parsed.RowCount);

    sw.Restart();
    var scheme = store.LoadScheme();
    Report("load scheme from store", sw, scheme.Results.Count);

    sw.Restart();
    var outcomes = Liuyu.Domain.Accounting.MonthlyAccounting.AccountYear(scheme, year).ToList();
    Report("compute outcomes only, in memory (domain, cold)", sw, outcomes.Count);
    if (Environment.GetEnvironmentVariable("LIUYU_BENCH_PROFILE") == "1")
    {
        sw.Restart(); _ = Liuyu.Domain.Accounting.MonthlyAccounting.AccountYear(scheme, year).ToList(); Report("  compute again (warm)", sw, outcomes.Count);
        sw.Restart(); foreach (var sec in scheme.Sections) for (var m = 1; m <= 12; m++) _ = scheme.Baselines.Resolve(sec, year, TieBreak.Stricter, out _); Report("  baselines only", sw, outcomes.Count);
        sw.Restart(); foreach (var sec in scheme.Sections) for (var m = 1; m <= 12; m++) _ = scheme.AgreementFor(sec.River, new YearMonth(year, m)); Report("  agreements only", sw, outcomes.Count);
        sw.Restart(); foreach (var sec in scheme.Sections) for (var m = 1; m <= 12; m++) _ = scheme.ResultOf(sec.Id, new YearMonth(year, m)); Report("  results only", sw, outcomes.Count);
    }

    sw.Restart();
    var run = store.Account(scheme, year);
    Report("account the year (compute + ledger append)", sw, run.Posted + run.Reversed);

    sw.Restart();
    var statement = store.Settle(scheme, year);
    Report("settle the year (read ledger + statement)", sw, statement.Lines.Count);
    Console.WriteLine($"    {statement.Pairs.Count:N0} pairs, {statement.Parties.Count:N0} parties, {statement.Fund.Count:N0} fund rows, money moved {statement.TotalMoved.Yuan:N2} yuan");

    sw.Restart();
    var again = store.Account(scheme, year);
    Report($"account again (idempotent: {again.Posted} posted)", sw, again.Outcomes);

    // liuyu verify: every digest, amount and link of the chains (tamper evidence).
    sw.Restart();
    var verified = store.Verify();
    Report($"verify the store ({(verified.Ok ? "ok" : verified.Problems.Count + " problems")})", sw, verified.Checked.Values.Sum());
}

// The same number of rows through a raw bulk insert into a bare table: the floor the ledger path is compared with.
var rawPath = Path.Combine(work, "raw.db");
using (var conn = new SqliteConnection($"Data Source={rawPath};Pooling=false"))
{
    conn.Open();
    using (var pragma = conn.CreateCommand())
    {
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE raw (seq INTEGER PRIMARY KEY, section TEXT, month INTEGER, rule TEXT, payer TEXT, payee TEXT, amount_fen INTEGER, digest TEXT)";
        pragma.ExecuteNonQuery();
    }
    var rows = sections * 12;
    sw.Restart();
    using var tx = conn.BeginTransaction();
    using var cmd = conn.CreateCommand();
    cmd.Transaction = tx;
    cmd.CommandText = "INSERT INTO raw (section, month, rule, payer, payee, amount_fen, digest) VALUES ($s, $m, $r, $a, $b, $f, $d)";
    var ps = new[] { "$s", "$m", "$r", "$a", "$b", "$f", "$d" }.Select(n => { var p = cmd.CreateParameter(); p.ParameterName = n; cmd.Parameters.Add(p); return p; }).ToArray();
    cmd.Prepare();
    for (var i = 0; i < rows; i++)
    {
        ps[0].Value = "S" + (i / 12); ps[1].Value = 202301 + i % 12; ps[2].Value = "R-COMP-1"; ps[3].Value = "D1"; ps[4].Value = "D2";
        ps[5].Value = 100_000_000L; ps[6].Value = "0123456789abcdef0123456789abcdef";
        cmd.ExecuteNonQuery();
    }
    tx.Commit();
    Report("raw SQLite bulk insert of the same row count", sw, rows);
}
SqliteConnection.ClearAllPools();
try { Directory.Delete(work, true); } catch (IOException) { }

// Wall time, and the process's CPU time over the same stage (on a shared machine the CPU time moves less with the load).
static void Report(string what, Stopwatch sw, long rows)
{
    var s = sw.Elapsed.TotalSeconds;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var stageCpu = (cpu - Cpu.Last).TotalSeconds;
    Cpu.Last = cpu;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-52} {s,8:F2} s  {stageCpu,7:F2} s cpu  {rows,10:N0} rows  {rows / Math.Max(s, 1e-9),12:N0} rows/s"));
}

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// The scenario of Generate.cs with this benchmark's own shape: 2,000 districts, rivers of 40 sections.
static ScenarioData Generate(int sectionCount, int year, int seed) => NationalData.Scenario(sectionCount, year, seed, districts: 2_000, perRiver: 40);

internal static class Cpu
{
    /// <summary>The process's CPU time at the end of the last reported stage.</summary>
    public static TimeSpan Last;
}
