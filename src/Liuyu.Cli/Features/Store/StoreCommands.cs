using System.CommandLine;

namespace Liuyu.Cli.Features.Store;

/// <summary>
/// <c>liuyu store init|migrate</c>: create a store or bring it to the current schema. <c>liuyu store reseal</c>: move a
/// store that verifies to keyed hash chains (a secret read from a file, never from the command line) or back to plain
/// ones; the present key, if any, comes from <c>LIUYU_CHAIN_KEY</c>.
/// </summary>
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
        cmd.Subcommands.Add(Reseal(ctx));
        return cmd;
    }

    private static Command Reseal(CliContext ctx)
    {
        var store = CliOptions.Store();
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "a file holding the new secret (at least 16 characters): the chains become HMAC-SHA256" };
        var plain = new Option<bool>("--plain") { Description = "back to plain SHA-256 chains" };
        var cmd = new Command("reseal", "move a store that verifies to keyed (--key-file) or plain (--plain) hash chains") { store, keyFile, plain };
        cmd.SetAction(p =>
        {
            var file = p.GetValue(keyFile);
            if ((file is null) == !p.GetValue(plain)) throw new UsageException("give either --key-file FILE or --plain");
            if (file is not null && !file.Exists) throw new UsageException($"--key-file {file.FullName}: no such file");
            if (file is not null && file.Length > 4096) throw new UsageException($"--key-file {file.FullName}: a key file holds one secret, at most 4 KB");
            var key = file is null ? ChainKey.Plain : ChainKey.Keyed(File.ReadAllText(file.FullName).Trim());
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            s.Reseal(key);
            ctx.Out.WriteLine($"resealed: {s.Display} now {key.Mode}" + (key.IsKeyed ? "; keep the key outside the database and set LIUYU_CHAIN_KEY to it" : ""));
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
