using System.Text;
using Liuyu.Cli;

NativeFront.Arguments = args;
if (!NativeFront.Answers(args)) return NativeFront.HandOn(args);
// account --data: the same process again with the server collector (returns only where it cannot, or need not, restart).
if (NativeFront.WantsServerCollector(args)) NativeFront.RestartWithServerCollector(args);
Console.OutputEncoding = new UTF8Encoding(false);
using var stdout = Console.OpenStandardOutput();
return LiuyuCli.Run(args, Console.Out, Console.Error, stdout);
