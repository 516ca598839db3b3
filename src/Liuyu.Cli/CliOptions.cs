using System.CommandLine;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Storage;
using Spectre.Console;

namespace Liuyu.Cli;

/// <summary>Options and output helpers shared by the commands.</summary>
public static class CliOptions
{
    /// <summary>The default store: $LIUYU_STORE, else .data/liuyu.db under the current folder.</summary>
    public static string DefaultStore => Environment.GetEnvironmentVariable("LIUYU_STORE") is { Length: > 0 } s ? s : Path.Combine(".data", "liuyu.db");

    public static Option<string> Store() => new("--store", "-s")
    {
        Description = "SQLite file path or PostgreSQL connection string (Host=…; or postgres://…); default $LIUYU_STORE or .data/liuyu.db",
        DefaultValueFactory = _ => DefaultStore,
    };

    /// <summary>
    /// Whether a person reads the CLI in English: <c>LIUYU_LANG=en</c>. Chinese is the default wording of ledger notes;
    /// labels are bilingual, and machine output (<c>--json</c>) carries codes with an English wording.
    /// </summary>
    public static bool English => Environment.GetEnvironmentVariable("LIUYU_LANG") is { } l && l.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static Option<bool> Json() => new("--json") { Description = "machine output: JSON on standard output" };

    public static Option<int> Year(bool required = true) => new("--year", "-y")
    {
        Description = "the year (YYYY)",
        Required = required,
    };

    public static Option<string> Who() => new("--who")
    {
        Description = "who does this (recorded with the change)",
        DefaultValueFactory = _ => Environment.UserName,
    };

    public static YearMonth ParseMonth(string? text, string option) =>
        YearMonth.TryParse(text, out var m) ? m.Value : throw new InputException(new InputError(option, null, null, ErrorCodes.MonthInvalid, ("value", text)));

    public static int CheckYear(int year) =>
        year is >= 1900 and <= 9999 ? year : throw new UsageException($"--year {year} is not a year (expected YYYY)");

    /// <summary>A Spectre console writing to the context's output; colours only on a real terminal.</summary>
    public static IAnsiConsole Console(this CliContext ctx)
    {
        var terminal = ReferenceEquals(ctx.Out, System.Console.Out) && !System.Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(ctx.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>
    /// The CLI's composition root: opens (creating and migrating on first use) the store at a location, with the chain
    /// key of <c>LIUYU_CHAIN_KEY</c> when set. Every command works through the returned port and the use cases.
    /// </summary>
    /// <summary>Closes pooled SQLite connections, so that a temporary store's folder can be deleted.</summary>
    public static void ReleaseConnections() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    /// <summary>"PostgreSQL" or "SQLite": which engine a location names.</summary>
    public static string Engine(string location) => StoreLocation.Parse(location).IsPostgres ? "PostgreSQL" : "SQLite";

    public static ILiuyuStore OpenStore(string location)
    {
        try
        {
            return LiuyuStore.Open(location);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            throw new InputException(new InputError("--store", null, null, ErrorCodes.StoreUnopenable, ("store", location), ("reason", ex.Message)));
        }
    }

    /// <summary>
    /// The HJ 212 receiver's stores (issue 14): the store is opened and migrated once here, then each call connects
    /// afresh (pooled on SQLite, as the server does) for one batch of uploads or one station lookup.
    /// </summary>
    public static Func<IStationStore> StationStores(string location)
    {
        using (OpenStore(location)) { }
        var parsed = StoreLocation.Parse(location);
        var pooled = parsed.IsPostgres ? parsed
            : parsed with { ConnectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(parsed.ConnectionString) { Pooling = true }.ToString() };
        return () => LiuyuStore.Connect(pooled);
    }

    /// <summary>Yuan with thousands separators and two decimals, for tables.</summary>
    public static string Yuan(Fen f) => f.Yuan.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static string Name(this Domain.Scheme scheme, PartyId? id) =>
        id is not { } p ? "—" : scheme.HasParty(p) ? $"{scheme.Party(p).Name} ({p})" : p.Value;
}
