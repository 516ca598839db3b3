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
    /// <summary>The command line this process was started with (what a hand-over passes on).</summary>
    public static string[] Arguments { get; set; } = [];

    /// <summary>
    /// True when the first word is a command this build has (NativeCommands.cs): <c>evaluate</c>, and <c>account</c>,
    /// whose store mode is handed over once its command line is parsed (AccountHandOver.cs).
    /// </summary>
    public static bool Answers(string[] args) => args is ["evaluate", ..] or ["account", ..];

    public static int HandOn(string[] args)
    {
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
