using System.Text;
using Liuyu.Cli;

NativeFront.Arguments = args;
if (!NativeFront.Answers(args)) return NativeFront.HandOn(args);
Console.OutputEncoding = new UTF8Encoding(false);
using var stdout = Console.OpenStandardOutput();
return LiuyuCli.Run(args, Console.Out, Console.Error, stdout);
