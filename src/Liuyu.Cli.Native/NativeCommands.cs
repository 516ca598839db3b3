using System.CommandLine;

namespace Liuyu.Cli;

public static partial class LiuyuCli
{
    /// <summary>The commands the native front answers itself; <see cref="NativeFront.Answers"/> must name exactly these.</summary>
    private static partial IEnumerable<Command> Commands(CliContext ctx)
    {
        yield return Features.Account.AccountCommand.Create(ctx);
        yield return Features.Evaluate.EvaluateCommand.Create(ctx);
        yield return Features.Import.ImportCommand.Create(ctx);
        yield return Features.Settlement.SettlementCommands.Settle(ctx);
    }
}
