using System.CommandLine;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Spectre.Console;

namespace Liuyu.Cli;

/// <summary>Options and output helpers shared by the commands; opening a store is in CliOptions.Store.cs (the full CLI only).</summary>
public static partial class CliOptions
{
    /// <summary>The default store: $LIUYU_STORE, else .data/liuyu.db under the current folder.</summary>
    public static string DefaultStore => Environment.GetEnvironmentVariable("LIUYU_STORE") is { Length: > 0 } s ? s : Path.Combine(".data", "liuyu.db");

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

    /// <summary>Yuan with thousands separators and two decimals, for tables.</summary>
    public static string Yuan(Fen f) => f.Yuan.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static string Name(this Domain.Scheme scheme, PartyId? id) =>
        id is not { } p ? "—" : scheme.HasParty(p) ? $"{scheme.Party(p).Name} ({p})" : p.Value;
}
