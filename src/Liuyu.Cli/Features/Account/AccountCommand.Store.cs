using Spectre.Console;

namespace Liuyu.Cli.Features.Account;

/// <summary><c>liuyu account --store</c>: into a store's ledger.</summary>
public static partial class AccountCommand
{
    private static int IntoStore(CliContext ctx, string location, int year, int? month, bool json)
    {
        using var s = CliOptions.OpenStore(location);
        var r = Application.UseCases.AccountPeriod.Run(s, year, month);
        if (json)
        {
            // Written field by field, as JsonSerializer wrote the object {scope, outcomes, …} with its defaults (the same text;
            // a test compares): the native front, compiled ahead of time, serialises nothing by reflection.
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("scope", r.Scope);
                w.WriteNumber("outcomes", r.Outcomes);
                w.WriteNumber("unchanged", r.Unchanged);
                w.WriteNumber("posted", r.Posted);
                w.WriteNumber("reversed", r.Reversed);
                w.WriteNumber("adjustments", r.Adjustments);
                w.WriteEndObject();
            }
            ctx.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            return LiuyuCli.Ok;
        }
        var console = ctx.Console();
        console.Write(new Table().AddColumn("scope").AddColumn("section-months").AddColumn("unchanged").AddColumn("posted").AddColumn("reversed").AddColumn("adjustments")
            .AddRow(r.Scope, r.Outcomes.ToString(), r.Unchanged.ToString(), r.Posted.ToString(), r.Reversed.ToString(), r.Adjustments.ToString()));
        return LiuyuCli.Ok;
    }
}
