using System.CommandLine;

namespace Liuyu.Cli.Features.Store;

/// <summary><c>liuyu store init|migrate</c>: create a store or bring it to the current schema.</summary>
public static class StoreCommands
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("store", "create or migrate a store (SQLite file or PostgreSQL)");
        foreach (var name in new[] { "init", "migrate" })
        {
            var store = CliOptions.Store();
            var sub = new Command(name, name == "init" ? "create the store if needed and apply every migration" : "apply pending migrations") { store };
            sub.SetAction(p =>
            {
                using var s = CliOptions.OpenStore(p.GetValue(store)!);
                ctx.Out.WriteLine($"store ready: {CliOptions.Engine(p.GetValue(store)!)} {s.Display}");
                return LiuyuCli.Ok;
            });
            cmd.Subcommands.Add(sub);
        }
        return cmd;
    }
}
