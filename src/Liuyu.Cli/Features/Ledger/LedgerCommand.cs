using System.CommandLine;
using System.Text.Json;
using Liuyu.Data.Contracts;
using Liuyu.Domain;
using Spectre.Console;

namespace Liuyu.Cli.Features.Ledger;

/// <summary><c>liuyu ledger</c>: list ledger lines (postings and reversals) filtered by river, party, period and rule.</summary>
public static class LedgerCommand
{
    public static Command Create(CliContext ctx)
    {
        var store = CliOptions.Store();
        var river = new Option<string?>("--river", "-r") { Description = "river id" };
        var party = new Option<string?>("--party", "-p") { Description = "party id: lines it pays, receives, or whose section it borders" };
        var from = new Option<string?>("--from") { Description = "first month, YYYY-MM" };
        var to = new Option<string?>("--to") { Description = "last month, YYYY-MM" };
        var rule = new Option<string?>("--rule") { Description = "rule id, e.g. R-COMP-2" };
        var json = CliOptions.Json();
        var cmd = new Command("ledger", "list the ledger (台账)") { store, river, party, from, to, rule, json };
        cmd.SetAction(p =>
        {
            var q = new LedgerQuery(
                p.GetValue(river) is { } r ? new RiverId(r) : null,
                p.GetValue(party) is { } pa ? new PartyId(pa) : null,
                p.GetValue(from) is { } f ? CliOptions.ParseMonth(f, "--from") : null,
                p.GetValue(to) is { } t ? CliOptions.ParseMonth(t, "--to") : null,
                p.GetValue(rule));
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var scheme = s.LoadScheme();
            if (q.River is { } rv && !scheme.Rivers.Any(x => x.Id == rv)) throw new Data.Csv.InputException(new Data.Csv.InputError("--river", null, null, Data.Csv.ErrorCodes.RiverUnknown, ("river", rv)));
            if (q.Party is { } pv && !scheme.HasParty(pv)) throw new Data.Csv.InputException(new Data.Csv.InputError("--party", null, null, Data.Csv.ErrorCodes.PartyUnknown, ("party", pv)));
            var lines = s.Ledger(q);
            if (p.GetValue(json))
            {
                using var stream = new MemoryStream();
                using (var w = new Utf8JsonWriter(stream, AccountingJson.WriterOptions))
                {
                    w.WriteStartArray();
                    foreach (var l in lines)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("sequence", l.Sequence);
                        w.WriteString("kind", l.Kind.ToString().ToLowerInvariant());
                        w.WriteNumber("posted_year", l.PostedYear);
                        w.WriteBoolean("adjustment", l.IsAdjustment);
                        if (l.Reverses is { } rv2) w.WriteNumber("reverses", rv2); else w.WriteNull("reverses");
                        w.WriteString("river", l.River.Value);
                        w.WriteString("section", l.Section.Value);
                        w.WriteString("month", l.Month.ToString());
                        w.WriteString("rule", l.Rule);
                        if (l.Baseline is { } b) w.WriteString("baseline", b.Code); else w.WriteNull("baseline");
                        if (l.Result is { } res) w.WriteString("result", res.Code); else w.WriteNull("result");
                        if (l.Source is { } src) w.WriteString("source", src.ToString()); else w.WriteNull("source");
                        if (l.Payer is { } pr) w.WriteString("payer", pr.Value); else w.WriteNull("payer");
                        if (l.Payee is { } pe) w.WriteString("payee", pe.Value); else w.WriteNull("payee");
                        w.WriteNumber("amount", l.Amount.Yuan);
                        w.WriteString("policy_version", l.PolicyVersion);
                        w.WriteString("input_digest", l.InputDigest);
                        // The note as a code with arguments, and its English wording (machine output stays English).
                        if (l.EnglishNote is { } n) w.WriteString("note", n); else w.WriteNull("note");
                        if (l.Note is { } code)
                        {
                            w.WriteString("note_code", code.Code);
                            w.WriteStartObject("note_args");
                            foreach (var (k, v) in code.Args) w.WriteString(k, v);
                            w.WriteEndObject();
                        }
                        else { w.WriteNull("note_code"); w.WriteNull("note_args"); }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                ctx.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
                return LiuyuCli.Ok;
            }
            var table = new Table().AddColumn("#").AddColumn("河流").AddColumn("断面").AddColumn("月份").AddColumn("基准").AddColumn("结果").AddColumn("规则")
                .AddColumn("付款方").AddColumn("收款方").AddColumn(new TableColumn("金额 (元)").RightAligned()).AddColumn("备注");
            foreach (var l in lines)
            {
                var sign = l.Kind == Domain.Ledger.LedgerLineKind.Reversal ? "−" : "";
                table.AddRow(l.Sequence.ToString(), Markup.Escape(scheme.River(l.River).Name), Markup.Escape(scheme.HasSection(l.Section) ? scheme.Section(l.Section).Name : l.Section.Value),
                    l.Month.ToString(), l.Baseline?.Display ?? "—", l.Result?.Display ?? "—", l.Rule, Markup.Escape(scheme.Name(l.Payer)), Markup.Escape(scheme.Name(l.Payee)),
                    sign + CliOptions.Yuan(l.Amount), Markup.Escape(Data.Wording.NoteWording.Describe(l, CliOptions.English)));
            }
            var console = ctx.Console();
            console.Write(table);
            console.WriteLine($"{lines.Count} line(s)");
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
