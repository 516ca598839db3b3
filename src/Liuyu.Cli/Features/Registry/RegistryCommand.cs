using System.CommandLine;
using Liuyu.Data.Reference;
using Spectre.Console;

namespace Liuyu.Cli.Features.Registry;

/// <summary>
/// <c>liuyu registry</c>: the shipped Chongqing reference registry with its evidence, showing which facts are
/// unconfirmed; <c>--import</c> loads its parties and rivers into a store (real data, never the demo store).
/// </summary>
public static class RegistryCommand
{
    public static Command Create(CliContext ctx)
    {
        var import = new Option<bool>("--import") { Description = "import the registry's parties and rivers into the store" };
        var store = CliOptions.Store();
        var who = CliOptions.Who();
        var cmd = new Command("registry", "the Chongqing reference registry (parties, 15 of 19 rivers, known sections) with its evidence") { import, store, who };
        cmd.SetAction(p =>
        {
            var reg = ChongqingRegistry.Load();
            var console = ctx.Console();
            if (p.GetValue(import))
            {
                using var s = CliOptions.OpenStore(p.GetValue(store)!);
                var report = s.Import(reg.ToScenario(), "reference registry: Chongqing", p.GetValue(who)!);
                console.WriteLine($"registry imported: parties +{report.Inserted.GetValueOrDefault("parties")}, rivers +{report.Inserted.GetValueOrDefault("rivers")}");
                return LiuyuCli.Ok;
            }
            var names = reg.Parties.ToDictionary(x => x.Id, x => x.Name);
            var rivers = new Table().Title($"河流 rivers ({reg.Rivers.Count} of 19; the plan's list is not public)")
                .AddColumn("id").AddColumn("河流").AddColumn("上下游 chain").AddColumn("入境").AddColumn("membership").AddColumn("evidence");
            foreach (var r in reg.Rivers)
                rivers.AddRow(r.River.Id.Value, Markup.Escape(r.River.Name),
                    Markup.Escape((r.MunicipalHead ? "市级 → " : "") + string.Join(" → ", r.Chain.Select(c => names[c])) + " → 市级"),
                    Markup.Escape(r.River.InflowProvince is { } prov ? names.GetValueOrDefault(new Domain.PartyId(prov), prov) : "—"),
                    r.Membership == Membership.Confirmed ? "confirmed" : "[yellow]probable[/]", Markup.Escape(r.Evidence));
            console.Write(rivers);
            static string Facts(IEnumerable<ReferenceFact> facts) => string.Join("\n", facts.Select(f => $"[{f.Confidence}; {(f.Sources.Count == 0 ? "geography only" : string.Join(", ", f.Sources))}] {f.Evidence}"));
            var corrections = new Table().Title("更正 corrections from public sources (December 2026), with confidence and sources").AddColumn("id").AddColumn("河流").AddColumn("facts");
            foreach (var r in reg.Rivers.Where(r => r.Corrections.Count > 0))
                corrections.AddRow(r.River.Id.Value, Markup.Escape(r.River.Name), Markup.Escape(Facts(r.Corrections)));
            console.Write(corrections);
            var sections = new Table().Title("已知断面 sections named in public reporting").AddColumn("河流").AddColumn("断面").AddColumn("上游").AddColumn("下游").AddColumn("status").AddColumn("confidence").AddColumn("sources").AddColumn("evidence");
            foreach (var x in reg.Sections)
                sections.AddRow(x.River.Value, Markup.Escape(x.Name), Markup.Escape(names[x.Upstream]), Markup.Escape(names[x.Downstream]), Markup.Escape(x.Status),
                    Markup.Escape(x.Confidence.Length > 0 ? x.Confidence : "—"), Markup.Escape(string.Join(", ", x.Sources ?? [])), Markup.Escape(x.Evidence));
            console.Write(sections);
            var candidates = new Table().Title("候选河流 candidates for the four missing rivers (never imported)").AddColumn("id").AddColumn("河流").AddColumn("chain").AddColumn("facts");
            foreach (var r in reg.Candidates)
                candidates.AddRow(r.River.Id.Value, Markup.Escape(r.River.Name), Markup.Escape(r.Chain.Count == 0 ? "—" : string.Join(" → ", r.Chain.Select(c => names[c]))), Markup.Escape(Facts(r.Corrections)));
            console.Write(candidates);
            var sources = new Table().Title("来源 sources").AddColumn("id").AddColumn("title").AddColumn("url");
            foreach (var x in reg.Sources.Values) sources.AddRow(x.Id, Markup.Escape(x.Title), Markup.Escape(x.Url));
            console.Write(sources);
            console.WriteLine($"{reg.Parties.Count} parties. Sections, targets and the four missing rivers must be entered from the agreements.");
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
