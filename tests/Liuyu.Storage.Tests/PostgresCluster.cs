using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Liuyu.Storage.Tests;

/// <summary>
/// A throw-away PostgreSQL cluster for the tests: initdb into a temporary folder, pg_ctl start on a free
/// loopback port, removed afterwards. Uses the machine's PostgreSQL server binaries (initdb, pg_ctl on PATH or
/// under /usr/lib/postgresql/*/bin). PostgreSQL refuses to run as root, so as root the cluster runs as the
/// 'postgres' system user through runuser. Missing binaries fail the tests: they are never skipped.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _dir;
    private readonly string? _runAs;
    private readonly string _bin;
    private int _databases;

    public int Port { get; }

    public PostgresCluster()
    {
        _bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) not found; run ./test.sh, which installs them");
        _runAs = Environment.UserName == "root" ? "postgres" : null;
        _dir = Path.Combine(Path.GetTempPath(), $"liuyu-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        if (_runAs is not null) Run("chown", ["-R", _runAs, _dir], asUser: false);
        Port = FreePort();
        var data = Path.Combine(_dir, "data");
        Run(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "liuyu", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_dir, "log"), "-w", "-t", "60", "start",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"]);
    }

    /// <summary>A new empty database on the cluster, for one test.</summary>
    public string NewDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        using (var conn = new NpgsqlConnection(ConnectionString("postgres")))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            cmd.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=liuyu;Database={database};Pooling=false;Timeout=30;Command Timeout=300";

    public void Dispose()
    {
        try { Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"]); }
        finally { try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
    }

    private void Run(string file, string[] args, bool asUser = true)
    {
        var psi = new ProcessStartInfo(asUser && _runAs is not null ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        if (asUser && _runAs is not null) { psi.ArgumentList.Add("-u"); psi.ArgumentList.Add(_runAs); psi.ArgumentList.Add("--"); psi.ArgumentList.Add(file); }
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new InvalidOperationException($"{file} timed out"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
    }

    private static string? FindBin()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        if (Directory.Exists("/usr/lib/postgresql"))
            foreach (var dir in Directory.GetDirectories("/usr/lib/postgresql").OrderDescending())
                if (File.Exists(Path.Combine(dir, "bin", "initdb"))) return Path.Combine(dir, "bin");
        return null;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
