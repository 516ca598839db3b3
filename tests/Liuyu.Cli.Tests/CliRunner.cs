namespace Liuyu.Cli.Tests;

/// <summary>Runs the CLI in-process, capturing standard output and error.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = LiuyuCli.Run(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }
}
