using System.CommandLine;
using Spectre.Console;

namespace Liuyu.Cli.Features.Import;

/// <summary><c>liuyu import --data DIR|BOOK.xlsx</c>: import a scenario folder or workbook into a store, all or nothing.</summary>
public static class ImportCommand
{
    public static Command Create(CliContext ctx)
    {
        var store = CliOptions.Store();
        var data = new Option<string>("--data", "-d") { Description = "the scenario folder, or a scenario workbook (.xlsx/.xls, one sheet per file; formats.md)", Required = true };
        var who = CliOptions.Who();
        var cmd = new Command("import", "import a scenario folder or workbook (parties, rivers, sections, targets, results, decisions) into the store") { store, data, who };
        var limits = new ReadLimitOptions(cmd);
        cmd.SetAction(p =>
        {
            using var bounds = limits.Enter(p);
            var folder = Path.GetFullPath(p.GetValue(data)!);
            // The results file (most of a national folder) is read on another core while the store opens (its migration
            // check and EF Core's start take longer than the file); used only as a read ahead is (ScenarioReader.ReadAny).
            using var ahead = Data.Scenario.ScenarioReader.StartReading(folder);
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var console = ctx.Console();
            ImportReport report;
            if (console.Profile.Capabilities.Interactive)
            {
                report = null!;
                console.Progress().Start(pc =>
                {
                    var task = pc.AddTask("importing", maxValue: 100);
                    report = Application.UseCases.ImportScenario.Run(s, folder, p.GetValue(who)!, new Progress<(string Table, int Rows)>(x => { task.Description = $"{x.Table} ({x.Rows} rows)"; task.Increment(10); }), ahead);
                    task.Value = 100;
                });
            }
            else report = Application.UseCases.ImportScenario.Run(s, folder, p.GetValue(who)!, ahead: ahead);
            foreach (var w in report.Warnings) ctx.Error.WriteLine($"warning: {w}");
            var table = new Table().AddColumn("table").AddColumn("inserted").AddColumn("updated");
            foreach (var t in report.Inserted.Keys.Union(report.Updated.Keys).Order())
                table.AddRow(t, report.Inserted.GetValueOrDefault(t).ToString(), report.Updated.GetValueOrDefault(t).ToString());
            console.Write(table);
            console.WriteLine($"import batch {report.BatchId} committed from {folder}");
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
