using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Liuyu.Cli;

/// <summary>
/// Which command lines the native front answers (those of <c>NativeCommands.cs</c>), and the hand-over of every other to
/// the full CLI: <c>dotnet liuyu.dll ARGS</c> from this executable's folder, which takes this process's place (exec) on
/// Linux, so its exit code, standard streams and signals are the full CLI's own (elsewhere it runs as a child, waited for).
/// </summary>
internal static class NativeFront
{
    /// <summary>
    /// True when the first word is a command this build has (NativeCommands.cs): <c>evaluate</c>, <c>account</c> (with a
    /// folder or into a store), <c>import</c> and <c>settle</c>. A store's work that needs the full runtime is handed over
    /// when it meets it (<see cref="Liuyu.Storage.AheadOfTime"/>).
    /// </summary>
    public static bool Answers(string[] args) => args is ["evaluate", ..] or ["account", ..] or ["import", ..] or ["settle", ..];

    /// <summary>
    /// With <c>LIUYU_FRONT_LOG=1</c>, one line on standard error saying whether the front answered a command line itself
    /// or handed it to the full CLI, and why (the tests read it; a user may, to see why a command took the slower path).
    /// </summary>
    public static void Log(string what)
    {
        if (Environment.GetEnvironmentVariable("LIUYU_FRONT_LOG") == "1") Console.Error.WriteLine($"liuyu front: {what}");
    }

    /// <summary>
    /// The <see cref="Liuyu.Storage.NeedsFullRuntimeException"/> that <paramref name="ex"/> is or carries (work run on another
    /// thread reports it inside an <see cref="AggregateException"/>, or as an inner exception), or null.
    /// </summary>
    public static Liuyu.Storage.NeedsFullRuntimeException? NeedsFullRuntime(Exception? ex) => ex switch
    {
        null => null,
        Liuyu.Storage.NeedsFullRuntimeException needs => needs,
        AggregateException all => all.InnerExceptions.Select(NeedsFullRuntime).FirstOrDefault(n => n is not null),
        _ => NeedsFullRuntime(ex.InnerException),
    };

    /// <summary>Hands the command line to the full CLI (<paramref name="why"/> for <see cref="Log"/>).</summary>
    public static int HandOn(string[] args, string why)
    {
        Log($"handed to liuyu.dll: {why}");
        var dll = Path.Combine(AppContext.BaseDirectory, "liuyu.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"error: the full CLI ({dll}) is not beside this executable; publish src/Liuyu.Cli into the same folder");
            return LiuyuCli.Usage;
        }
        var dotnet = Dotnet();
        if (dotnet is null)
        {
            Console.Error.WriteLine("error: the dotnet host, which runs the full CLI (liuyu.dll), is not on PATH nor in DOTNET_ROOT");
            return LiuyuCli.Usage;
        }
        string[] argv = [dotnet, dll, .. args];
        if (OperatingSystem.IsLinux())
        {
            Exec(dotnet, argv);
            Console.Error.WriteLine($"error: could not start {dotnet} (errno {Marshal.GetLastPInvokeError()})");
            return LiuyuCli.Usage;
        }
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false };
        foreach (var a in argv.AsSpan(1)) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>
    /// True for <c>account --data</c> (in any spelling of the option) on Linux, unless the collector was chosen already:
    /// by this front's restart, or by the user through <c>DOTNET_gcServer</c>.
    /// </summary>
    /// <remarks>
    /// A national year accounted in memory (issue 10, P1) keeps most of what it allocates (outcomes, ledger lines and their
    /// digests) until the statement is written; the workstation collector copies those survivors on one core while the
    /// other waits, the server collector marks and compacts them on both. Side by side, 3 runs each, the front took
    /// 1.84–2.04 s with the workstation collector (16 MB gen0 budget) and 1.65–1.82 s with the server collector (two heaps,
    /// 8 MB each); 4 MB and 16 MB budgets, and heaps not tied to cores, were slower. <c>evaluate</c>, which keeps little,
    /// keeps the workstation collector the front is built with (the server one gained it nothing and cost 25 MB).
    /// Whether the detection is right or not changes only the collector, never the result.
    /// </remarks>
    public static bool WantsServerCollector(string[] args) =>
        OperatingSystem.IsLinux() && !System.Runtime.GCSettings.IsServerGC && Environment.GetEnvironmentVariable("DOTNET_gcServer") is null
        && args is ["account", ..] && args.Any(a => a is "--data" or "-d" || a.StartsWith("--data=", StringComparison.Ordinal) || a.StartsWith("--data:", StringComparison.Ordinal));

    /// <summary>
    /// Runs this executable again (exec, so it takes this process's place) with the server collector: the collector is
    /// chosen when a process starts, from <c>DOTNET_</c> variables over the settings built in (the build links both,
    /// <c>IlcLinkServerGC</c>). A variable the user set is kept. Returns only when the restart failed; the caller then goes
    /// on with the collector it has.
    /// </summary>
    public static void RestartWithServerCollector(string[] args)
    {
        if (Environment.ProcessPath is not { } self) return;
        // Values of DOTNET_GC variables are hexadecimal: at most four heaps (one per core), 8 MB of gen0 each.
        SetIfAbsent("DOTNET_gcServer", "1");
        SetIfAbsent("DOTNET_GCHeapCount", Math.Clamp(Environment.ProcessorCount, 1, 4).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        SetIfAbsent("DOTNET_GCGen0MaxBudget", "800000");
        Exec(self, [self, .. args]);
    }

    private static void SetIfAbsent(string name, string value)
    {
        if (setenv(name, value, 0) != 0) throw new InvalidOperationException($"setenv {name} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    /// <summary>The dotnet host: DOTNET_HOST_PATH (set when run under dotnet), DOTNET_ROOT, then PATH.</summary>
    private static string? Dotnet()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, name))) return Path.Combine(root, name);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>execv(2): returns only when the program could not be started.</summary>
    private static unsafe void Exec(string path, string[] argv)
    {
        var strings = new nint[argv.Length + 1]; // NULL-terminated, as execv wants
        try
        {
            for (var i = 0; i < argv.Length; i++) strings[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            var file = Marshal.StringToCoTaskMemUTF8(path);
            fixed (nint* p = strings) execv((byte*)file, p);
            Marshal.FreeCoTaskMem(file);
        }
        finally
        {
            foreach (var s in strings) if (s != 0) Marshal.FreeCoTaskMem(s);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe int execv(byte* path, nint* argv);
}
