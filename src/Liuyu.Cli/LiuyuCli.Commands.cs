using System.CommandLine;

namespace Liuyu.Cli;

public static partial class LiuyuCli
{
    private static partial IEnumerable<Command> Commands(CliContext ctx)
    {
        yield return Features.Account.AccountCommand.Create(ctx);
        yield return Features.Store.StoreCommands.Create(ctx);
        yield return Features.Import.ImportCommand.Create(ctx);
        yield return Features.Settlement.SettlementCommands.Settle(ctx);
        yield return Features.Settlement.SettlementCommands.Confirm(ctx);
        yield return Features.Settlement.SettlementCommands.Clear(ctx);
        yield return Features.Settlement.SettlementCommands.Close(ctx);
        yield return Features.Agreements.AgreementsCommand.Create(ctx);
        yield return Features.JointGovernance.JointCommand.Create(ctx);
        yield return Features.Ledger.LedgerCommand.Create(ctx);
        yield return Features.Explain.ExplainCommand.Create(ctx);
        yield return Features.Evaluate.EvaluateCommand.Create(ctx);
        yield return Features.Registry.RegistryCommand.Create(ctx);
        yield return Features.Demo.DemoCommand.Create(ctx);
        yield return Features.Samples.SamplesCommand.Create(ctx);
        yield return Features.Bulletin.BulletinCommand.Create(ctx);
        yield return Features.Export.ExportCommand.Create(ctx);
        yield return Features.Reports.ReportCommand.Create(ctx);
        yield return Features.Audit.AuditCommand.Create(ctx);
        yield return Features.Verify.VerifyCommand.Create(ctx);
        yield return Features.Stations.StationCommand.Create(ctx);
    }
}
