using System.Text;
using Liuyu.Cli;

if (!NativeFront.Answers(args)) return NativeFront.HandOn(args, "not a command of the native front");
// account --data: the same process again with the server collector (returns only where it cannot, or need not, restart).
if (NativeFront.WantsServerCollector(args)) NativeFront.RestartWithServerCollector(args);
Console.OutputEncoding = new UTF8Encoding(false);
int exit;
using (var stdout = Console.OpenStandardOutput())
{
    try { exit = LiuyuCli.Run(args, Console.Out, Console.Error, stdout); }
    catch (Exception ex) when (NativeFront.NeedsFullRuntime(ex) is { } needs)
    {
        // A store's work that needs EF Core or reflection (AheadOfTime): it has rolled back before any result was written
        // (an interactive import may have drawn its progress bar); the full CLI does the whole command line.
        return NativeFront.HandOn(args, needs.Message);
    }
}
NativeFront.Log("answered natively");
return exit;
