using System.CommandLine;
using Liuyu.Cli.Features.Settlement;
using Liuyu.Data.Demo;
using Liuyu.Data.Reference;
using Spectre.Console;

namespace Liuyu.Cli.Features.Demo;

/// <summary>
/// <c>liuyu demo</c>: the main job on the embedded store for a newcomer. Loads the demo dataset (generated from
/// the Chongqing registry, every name marked 示例) into its own SQLite store on first use, accounts both years
/// and shows both settlements. <c>--export DIR</c> writes the demo as a scenario folder instead.
/// </summary>
public static class DemoCommand
{
    public const int FirstYear = 2023;
    public const int Years = 2;

    public static Command Create(CliContext ctx)
    {
        var store = new Option<string>("--store", "-s") { Description = "the demo store", DefaultValueFactory = _ => Path.Combine(".data", "demo.db") };
        var export = new Option<string?>("--export") { Description = "write the demo scenario here instead: a folder (CSV), or a workbook when the path ends in .xlsx" };
        var cmd = new Command("demo", "load the demo dataset (示例) into its own store, account 2023–2024 and show the settlements") { store, export };
        cmd.SetAction(p =>
        {
            var data = DemoDataset.Generate(ChongqingRegistry.Load(), FirstYear, Years);
            if (p.GetValue(export) is { } target)
            {
                var path = Path.GetFullPath(target);
                if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)) Data.Scenario.ScenarioWriter.WriteWorkbook(data, path);
                else Data.Scenario.ScenarioWriter.WriteFolder(data, path);
                ctx.Out.WriteLine($"demo scenario written to {path} ({data.Sections.Count} sections, {data.Results.Count} results)");
                return LiuyuCli.Ok;
            }
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var console = ctx.Console();
            if (s.Dataset() is null)
            {
                s.Import(data, Data.Csv.ErrorCodes.Templates[Data.Csv.ErrorCodes.SourceDemo], Data.Csv.ErrorCodes.Templates[Data.Csv.ErrorCodes.ActorDemo], demo: true);
                console.WriteLine($"demo dataset loaded into {s.Display}: {data.Rivers.Count} rivers, {data.Sections.Count} sections, {data.Results.Count} monthly results");
            }
            else if (s.Dataset() != Datasets.Demo)
                throw new Data.Csv.InputException(new Data.Csv.InputError("--store", null, null, Data.Csv.ErrorCodes.DemoNeedsOwnStore));
            var scheme = s.LoadScheme();
            for (var y = FirstYear; y < FirstYear + Years; y++)
            {
                var r = s.Account(scheme, y);
                console.WriteLine($"{y}: {r.Outcomes} section-months accounted, {r.Posted} lines posted, {r.Reversed} reversed");
                StatementView.Render(console, scheme, s.Settle(scheme, y));
            }
            console.WriteLine("Try: liuyu ledger --store .data/demo.db --river longxihe   ·   liuyu explain --store .data/demo.db --section DEMO-longxihe-1 --month 2023-03");
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
