using System.Diagnostics;

namespace Liuyu.TestSupport;

/// <summary>
/// Runs <c>liuyu account</c> in two separate processes at the same moment, three rounds, and waits for both. For the
/// cross-process tests; <c>liuyu.dll</c> sits beside the assembly of every test project that references the CLI.
/// </summary>
public static class TwoProcesses
{
    public static void Account(string store, int year)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "liuyu.dll");
        for (var round = 0; round < 3; round++)
        {
            var procs = Enumerable.Range(0, 2).Select(_ =>
            {
                var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { dll, "account", "--store", store, "--year", year.ToString(System.Globalization.CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
                return Process.Start(psi)!;
            }).ToList();
            foreach (var p in procs)
            {
                var err = p.StandardError.ReadToEndAsync();
                p.StandardOutput.ReadToEnd();
                Assert.True(p.WaitForExit(120_000), "liuyu account did not finish in 2 minutes");
                Assert.True(p.ExitCode == 0, err.Result);
            }
        }
    }
}
