namespace Liuyu.Server.Infrastructure;

/// <summary>
/// The <c>Liuyu</c> configuration section (appsettings.json, environment variables <c>Liuyu__…</c>, command line).
/// </summary>
public sealed class ServerOptions
{
    /// <summary>Where the embedded stores live (the SQLite ledger store and the users store).</summary>
    public string DataFolder { get; set; } = ".data";

    /// <summary>The HTTP port when no URL is configured (ASPNETCORE_URLS or --urls win).</summary>
    public int Port { get; set; } = 5080;

    /// <summary>Load the demo scheme (示例) into an empty store on first start.</summary>
    public bool Demo { get; set; } = true;

    /// <summary>
    /// With the demo: tell its working year (<c>DemoStory</c>): the first year confirmed, cleared, paid and closed, the
    /// second in confirmation. Off, both years stay untouched (the tests that walk a year through the workflow).
    /// </summary>
    public bool DemoStory { get; set; } = true;

    /// <summary>The first administrator, created on start when both are set and the user does not exist yet.</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>
    /// When set, one user per role of the demo scheme is created with this password (finance, ecology, monitoring,
    /// auditor, and one district user per district, named after its party id). Never set it on real data.
    /// </summary>
    public DemoUsersOptions DemoUsers { get; set; } = new();

    /// <summary>The HJ 212 receiver for automatic stations (issue 14): <c>Liuyu:Hj212:Port</c>; off when the port is unset.</summary>
    public Liuyu.Stations.Receiver.ReceiverOptions Hj212 { get; set; } = new();

    public sealed class AdminOptions
    {
        public string? User { get; set; }
        public string? Password { get; set; }
    }

    public sealed class DemoUsersOptions
    {
        public string? Password { get; set; }
    }

    /// <summary>The ledger store: ConnectionStrings:Liuyu (SQLite path or PostgreSQL), else DataFolder/server.db.</summary>
    public static string StoreLocation(IConfiguration config, ServerOptions o) =>
        config.GetConnectionString("Liuyu") is { Length: > 0 } s ? s : Path.Combine(o.DataFolder, "server.db");

    /// <summary>The users store: ConnectionStrings:Users (SQLite path or PostgreSQL), else DataFolder/users.db.</summary>
    public static string UsersLocation(IConfiguration config, ServerOptions o) =>
        config.GetConnectionString("Users") is { Length: > 0 } s ? s : Path.Combine(o.DataFolder, "users.db");
}
