using System.CommandLine;
using System.Text;
using Liuyu.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
using var stdout = Console.OpenStandardOutput();
return LiuyuCli.Run(args, Console.Out, Console.Error, stdout);
