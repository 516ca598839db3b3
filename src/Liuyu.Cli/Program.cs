using System.CommandLine;
using System.Text;
using Liuyu.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
return LiuyuCli.Run(args, Console.Out, Console.Error);
