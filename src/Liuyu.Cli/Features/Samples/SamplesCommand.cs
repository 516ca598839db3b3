using System.CommandLine;
using System.Text.Json;
using Liuyu.Data.Contracts;
using Liuyu.Data.Samples;
using Liuyu.Domain;
using Liuyu.Domain.Quality;
using Spectre.Console;

namespace Liuyu.Cli.Features.Samples;

/// <summary>
/// <c>liuyu samples import|disagreements</c>: measured samples (监测样品) into the store with their provenance, the
/// monthly classes computed from them (R-DATA-3), and the section-months where a computed class and an imported
/// result differ. The imported result wins in the accounting (<see cref="Domain.Accounting.ResultPrecedence"/>).
/// </summary>
public static class SamplesCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("samples", "measured samples: import them with provenance, list where computed and imported classes disagree");
        cmd.Subcommands.Add(Import(ctx));
        cmd.Subcommands.Add(Disagreements(ctx));
        return cmd;
    }

    private static Command Import(CliContext ctx)
    {
        var store = CliOptions.Store();
        var samples = new Option<FileInfo>("--samples")
        {
            Description = "samples.csv, or an .xlsx workbook with a 'samples' sheet (gb3838.md; optional measured_by and source columns)",
            Required = true,
        };
        var sections = new Option<FileInfo>("--sections")
        {
            Description = "sections.csv giving each section's water_body (river, lake) and tn opt-in; sections not listed keep their earlier profile, else river without TN",
        };
        var who = CliOptions.Who();
        var cmd = new Command("import", "store samples with their provenance, all or nothing, and recompute the classes of the section-months they touch") { store, samples, sections, who };
        var limits = new ReadLimitOptions(cmd);
        cmd.SetAction(p =>
        {
            using var bounds = limits.Enter(p);
            var file = p.GetValue(samples)!;
            var profiles = p.GetValue(sections) is { } sf ? SectionProfileReader.Read(sf) : null;
            // Streamed into the store as it is read (issue 10): a bad row still refuses the whole file, and nothing is written.
            var feed = SampleFeed.Of(file, new SampleProvenance(null, SampleSource.Unspecified));
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var report = Application.UseCases.ImportSamples.Run(s, feed, file.FullName, p.GetValue(who)!, profiles);
            foreach (var w in report.Warnings) ctx.Error.WriteLine($"warning: {w}");
            ctx.Out.WriteLine($"samples: {report.Read} read, {report.Stored} stored, {report.AlreadyStored} already stored");
            ctx.Out.WriteLine($"section-months recomputed: {report.Recomputed} ({report.Changed} new or changed)");
            ctx.Out.WriteLine($"import batch {report.BatchId} committed from {report.Source}");
            var disagreements = s.Disagreements().Count;
            if (disagreements > 0)
                ctx.Out.WriteLine($"{disagreements} section-month(s) where the computed class differs from the imported result: liuyu samples disagreements");
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    private static Command Disagreements(CliContext ctx)
    {
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var cmd = new Command("disagreements", "section-months whose imported result and computed class differ (the imported result is the one accounted)") { store, json };
        cmd.SetAction(p =>
        {
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var list = s.Disagreements();
            if (p.GetValue(json)) WriteJson(ctx, list);
            else WriteTable(ctx, list);
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    /// <summary>
    /// <c>{"disagreements": [{"section", "month", "imported": {"class", "source", "revision", "note"},
    /// "computed": {"class", "deciding", "samples"}}]}</c>; an imported class is null when the imported result says
    /// there is no valid result (R-DATA-4).
    /// </summary>
    public static void WriteJson(CliContext ctx, IReadOnlyList<ResultDisagreement> list)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, AccountingJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("disagreements");
            foreach (var d in list)
            {
                w.WriteStartObject();
                w.WriteString("section", d.Section.Value);
                w.WriteString("month", d.Month.ToString());
                w.WriteStartObject("imported");
                WriteImported(w, d.ImportedClass, d.ImportedSource, d.ImportedRevision);
                if (d.ImportedNote is { Length: > 0 } n) w.WriteString("note", n); else w.WriteNull("note");
                w.WriteEndObject();
                w.WriteStartObject("computed");
                w.WriteString("class", d.ComputedClass.Code);
                w.WriteStartArray("deciding");
                foreach (var k in d.ComputedDeciding) w.WriteStringValue(k);
                w.WriteEndArray();
                w.WriteNumber("samples", d.ComputedSampleCount);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        ctx.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteTable(CliContext ctx, IReadOnlyList<ResultDisagreement> list)
    {
        var console = ctx.Console();
        var table = new Table().AddColumn("断面 section").AddColumn("月份 month").AddColumn("导入 imported (accounted)").AddColumn("来源 source")
            .AddColumn("计算 computed").AddColumn("决定指标 deciding").AddColumn(new TableColumn("样品 samples").RightAligned());
        foreach (var d in list)
            table.AddRow(Markup.Escape(d.Section.Value), d.Month.ToString(),
                Markup.Escape(d.ImportedClass?.Display ?? $"none{(d.ImportedNote is { Length: > 0 } n ? ": " + n : "")}") + (d.ImportedRevision > 0 ? $" (revision {d.ImportedRevision})" : ""),
                SourceName(d.ImportedSource), d.ComputedClass.Display, Markup.Escape(string.Join(", ", d.ComputedDeciding)), d.ComputedSampleCount.ToString());
        console.Write(table);
        console.WriteLine($"{list.Count} disagreement(s)");
    }

    /// <summary>The imported result's class, source and revision, as both disagreement lists write them (samples, stations).</summary>
    internal static void WriteImported(Utf8JsonWriter w, WaterClass? cls, ResultSource source, int revision)
    {
        if (cls is { } c) w.WriteString("class", c.Code); else w.WriteNull("class");
        w.WriteString("source", SourceName(source));
        w.WriteNumber("revision", revision);
    }

    /// <summary>The source as results.csv writes it (formats.md): national, municipal, monitoring_centre, joint, computed.</summary>
    public static string SourceName(ResultSource source) => source switch
    {
        ResultSource.National => "national",
        ResultSource.Municipal => "municipal",
        ResultSource.MonitoringCentre => "monitoring_centre",
        ResultSource.Joint => "joint",
        ResultSource.Computed => "computed",
        ResultSource.Unspecified => "",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
