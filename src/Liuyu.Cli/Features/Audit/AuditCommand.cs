using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Liuyu.Cli.Features.Audit;

/// <summary><c>liuyu audit</c>: the audit log (审计), newest first: who changed what, when, and the fields that changed.</summary>
public static class AuditCommand
{
    public static Command Create(CliContext ctx)
    {
        var store = CliOptions.Store();
        var action = new Option<string?>("--action", "-a") { Description = "action or action area, e.g. settlement or exemption.approve" };
        var actor = new Option<string?>("--actor", "-u") { Description = "only changes by this user" };
        var subject = new Option<string?>("--subject") { Description = "subject contains this text, e.g. 2023 or a section id" };
        var before = new Option<long?>("--before") { Description = "only entries older than this entry id (the next page)" };
        var limit = new Option<int>("--limit", "-n") { Description = "at most this many entries (1…1000)", DefaultValueFactory = _ => 50 };
        var json = CliOptions.Json();
        var cmd = new Command("audit", "the audit log (审计): who changed what, when, before and after") { store, action, actor, subject, before, limit, json };
        cmd.SetAction(p =>
        {
            var n = p.GetValue(limit);
            if (n is < 1 or > 1000) throw new UsageException($"--limit {n} is out of range (1…1000)");
            if (p.GetValue(before) is < 1) throw new UsageException("--before is an entry id (1 or more)");
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var entries = s.AuditLog(new AuditQuery(p.GetValue(actor), p.GetValue(action), p.GetValue(subject), p.GetValue(before), n));
            if (p.GetValue(json))
            {
                var array = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
                {
                    ["id"] = e.Id,
                    ["at"] = e.At.ToString("O", CultureInfo.InvariantCulture),
                    ["actor"] = e.Actor,
                    ["role"] = e.Role,
                    ["action"] = e.Action,
                    ["subject"] = e.Subject,
                    ["before"] = e.Before is null ? null : JsonNode.Parse(e.Before),
                    ["after"] = e.After is null ? null : JsonNode.Parse(e.After),
                })]);
                ctx.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = Data.Contracts.AccountingJson.WriterOptions.Encoder }));
                return LiuyuCli.Ok;
            }
            // One block per entry rather than a table: the changes are long and a terminal is narrow.
            var console = ctx.Console();
            foreach (var e in entries)
            {
                console.MarkupLine($"[bold]#{e.Id}[/]  {e.At.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {Markup.Escape(e.Actor)}{(e.Role is { } r ? $" ({Markup.Escape(r)})" : "")}  [bold]{Markup.Escape(e.Action)}[/]  {Markup.Escape(e.Subject)}");
                foreach (var c in Changes(e.Before, e.After))
                    console.WriteLine(e.Before is null ? $"    {c.Field}: {c.After}" : $"    {c.Field}: {c.Before ?? "—"} → {c.After ?? "—"}");
            }
            console.WriteLine(entries.Count == n ? $"{entries.Count} entries; older ones: --before {entries[^1].Id}" : $"{entries.Count} entries");
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    /// <summary>The fields (dotted paths) whose value differs between before and after.</summary>
    public static IEnumerable<(string Field, string? Before, string? After)> Changes(string? before, string? after)
    {
        var b = Flatten(before is null ? null : JsonNode.Parse(before));
        var a = Flatten(after is null ? null : JsonNode.Parse(after));
        foreach (var key in b.Keys.Union(a.Keys))
        {
            var x = b.GetValueOrDefault(key);
            var y = a.GetValueOrDefault(key);
            if (x != y) yield return (key, x, y);
        }
    }

    private static Dictionary<string, string?> Flatten(JsonNode? node)
    {
        var result = new Dictionary<string, string?>();
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject o) foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : $"{path}.{k}");
            else if (path.Length > 0) result[path] = n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToJsonString();
        }
        Walk(node, "");
        return result;
    }
}
