using System.CommandLine;
using Liuyu.Data.Csv;

namespace Liuyu.Cli;

/// <summary>
/// The command tree of <c>liuyu</c>. Exit codes: 0 success, 1 bad input (the message names file, row
/// and column), 2 wrong usage. Each feature lives in <c>Features/&lt;Name&gt;/</c> and contributes its command to
/// <c>LiuyuCli.Commands.cs</c> (the native front lists its own in <c>NativeCommands.cs</c>).
/// </summary>
public static partial class LiuyuCli
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Usage = 2;

    public static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand("流域 Liuyu — watershed horizontal ecological compensation (流域横向生态保护补偿)");
        foreach (var command in Commands(ctx)) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>
    /// The commands of this build: every feature in <c>liuyu</c> (LiuyuCli.Commands.cs); only those the native front
    /// answers itself in <c>Liuyu.Cli.Native</c>, which hands every other command line to <c>liuyu.dll</c>.
    /// </summary>
    private static partial IEnumerable<Command> Commands(CliContext ctx);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? rawStdout = null)
    {
        var ctx = new CliContext(stdout, stderr) { RawOut = rawStdout };
        var root = BuildRoot(ctx);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine("Run 'liuyu --help' for usage.");
            return Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (InputException ex)
        {
            foreach (var e in ex.Errors) stderr.WriteLine($"error: {e}");
            if (ex.Truncated)
                stderr.WriteLine($"error: {ErrorCodes.Format(ErrorCodes.ErrorsTruncated, ErrorCodes.Args(("shown", ex.Errors.Count), ("total", ex.Total)))} (raise with --max-errors)");
            return BadInput;
        }
        catch (NotAllowedException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
        catch (NotFoundException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return Usage;
        }
    }
}

/// <summary>Where a command writes. Commands never touch <see cref="Console"/> directly so tests can run them in-process.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error)
{
    /// <summary>
    /// The process's standard output as bytes, when <see cref="Out"/> is the console (set by Program, never by tests).
    /// A national year's JSON is tens of megabytes of UTF-8: written straight to it, it is neither decoded into
    /// characters nor encoded again.
    /// </summary>
    public Stream? RawOut { get; init; }

    /// <summary>Writes UTF-8 produced by <paramref name="write"/>, then a line break, to standard output.</summary>
    public void WriteUtf8Line(Action<Stream> write)
    {
        if (RawOut is null)
        {
            using var ms = new MemoryStream();
            write(ms);
            ms.Position = 0;
            using var reader = new StreamReader(ms, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            var buffer = new char[64 * 1024];
            int n;
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0) Out.Write(buffer, 0, n);
            Out.WriteLine();
            return;
        }
        Out.Flush(); // what was written through Out comes first
        write(RawOut); // the writers buffer and flush in pieces of about 64 KiB
        RawOut.Write("\n"u8);
        RawOut.Flush();
    }
}

/// <summary>The command line is well-formed but asks for something contradictory (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);
