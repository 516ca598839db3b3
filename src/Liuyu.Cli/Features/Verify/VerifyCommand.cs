using System.CommandLine;
using System.Text.Json;
using Liuyu.Application.UseCases;
using Spectre.Console;

namespace Liuyu.Cli.Features.Verify;

/// <summary>
/// <c>liuyu verify</c>: recomputes every ledger line's digest from its inputs and its amount from its tier, every link
/// of the hash chains (ledger, audit, settlement steps, closings) and their sealed heads, the pair totals, the closed
/// years and the statement digests. Exit 0 when all hold; otherwise exit 1, naming each broken ledger line by its
/// sequence and each audit entry by its id. With <c>--head HEX --year Y</c>, also whether a signed statement's chain
/// head is the year's ledger as it stands. A keyed store (hmac-sha256) needs <c>LIUYU_CHAIN_KEY</c>.
/// </summary>
public static class VerifyCommand
{
    public const int Broken = 1;

    public static Command Create(CliContext ctx)
    {
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var year = CliOptions.Year(required: false);
        var head = new Option<string?>("--head") { Description = "a chain head printed on a statement (with --year): is the year's ledger still the one it was printed from?" };
        var cmd = new Command("verify", "check the ledger's digests, amounts and hash chains (tamper evidence)") { store, json, year, head };
        cmd.SetAction(p =>
        {
            int? y = p.GetValue(year) is var v && v != 0 ? CliOptions.CheckYear(v) : null;
            if (p.GetValue(head) is { Length: > 0 } && y is null) throw new UsageException("--head needs --year");
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var result = VerifyStore.Run(s, y, p.GetValue(head));
            if (p.GetValue(json)) WriteJson(ctx, result);
            else Render(ctx, result);
            return result.Ok ? LiuyuCli.Ok : Broken;
        });
        return cmd;
    }

    private static void Render(CliContext ctx, Verification v)
    {
        // Plain lines (a 64-digit head must not be wrapped at the console's width); the problems as a table.
        var console = ctx.Console();
        var r = v.Report;
        ctx.Out.WriteLine($"链 chains ({r.Mode}{(r.Keyed ? ", keyed" : "")}): " + string.Join(", ", r.Checked.Select(kv => $"{kv.Key} {kv.Value}")));
        ctx.Out.WriteLine($"摘要 digests recomputed: {r.DigestsRecomputed}" + (r.LegacyLines > 0 ? $" ({r.LegacyLines} lines of an earlier version carry no stored inputs; their content and links are checked)" : ""));
        foreach (var h in r.Years) ctx.Out.WriteLine($"  {h.Year}: chain head {h.Head} (line {h.LastSequence})");
        if (v.Match is { } m)
            ctx.Out.WriteLine(m switch
            {
                HeadMatch.Current => $"statement head {v.Head}: the {v.Year} ledger as it stands",
                HeadMatch.Superseded => $"statement head {v.Head}: an earlier state of {v.Year}; lines were posted into it after the statement (now {v.Current?.Head})",
                _ => $"statement head {v.Head}: no line of {v.Year} has it (another store, or the ledger was rewritten)",
            });
        if (r.Ok) console.MarkupLine("[green]verified: every digest, amount and link holds[/]");
        else
        {
            var t = new Table().AddColumn("chain").AddColumn("row").AddColumn("problem").AddColumn("detail");
            foreach (var p in r.Problems) t.AddRow(p.Chain, p.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—", p.Code, Markup.Escape(p.Detail));
            console.Write(t);
            console.MarkupLine($"[red]NOT verified: {r.Problems.Count} problems[/]");
        }
    }

    private static void WriteJson(CliContext ctx, Verification v)
    {
        var r = v.Report;
        var doc = new Dictionary<string, object?>
        {
            ["ok"] = v.Ok,
            ["mode"] = r.Mode,
            ["checked"] = r.Checked,
            ["digests_recomputed"] = r.DigestsRecomputed,
            ["legacy_lines"] = r.LegacyLines,
            ["years"] = r.Years.Select(h => new { year = h.Year, last_sequence = h.LastSequence, head = h.Head }),
            ["head_match"] = v.Match?.ToString().ToLowerInvariant(),
            ["problems"] = r.Problems.Select(p => new { chain = p.Chain, id = p.Id, code = p.Code, detail = p.Detail }),
        };
        ctx.Out.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
