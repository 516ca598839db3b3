using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Liuyu.Data.Contracts;
using Liuyu.Data.Samples;
using Liuyu.Domain;
using Liuyu.Domain.Quality;
using Spectre.Console;

namespace Liuyu.Cli.Features.Evaluate;

/// <summary>
/// <c>liuyu evaluate --samples FILE [--sections FILE] [--json]</c>: the monthly class of each section from measured
/// concentrations (gb3838.md). With <c>--json</c> it prints the JSON contract of gb3838.md; otherwise a table.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create(CliContext ctx)
    {
        var samples = new Option<FileInfo>("--samples")
        {
            Description = "samples.csv, or an .xlsx workbook with a 'samples' sheet (section, sampled_at, indicator, value, unit, flag, detection_limit, saturation)",
            Required = true,
        };
        var sections = new Option<FileInfo>("--sections")
        {
            Description = "sections.csv giving each section's water_body (river, lake) and tn opt-in; sections not listed are rivers without TN",
        };
        var json = new Option<bool>("--json") { Description = "print the JSON of gb3838.md instead of a table" };

        var cmd = new Command("evaluate", "Water-quality class of each section and month from measured concentrations (GB 3838-2002 single-factor evaluation)");
        cmd.Options.Add(samples);
        cmd.Options.Add(sections);
        cmd.Options.Add(json);
        var limits = new ReadLimitOptions(cmd);
        cmd.SetAction(parse =>
        {
            using var bounds = limits.Enter(parse);
            var samplesFile = parse.GetValue(samples)!;
            var sectionsFile = parse.GetValue(sections);
            var months = Run(samplesFile, sectionsFile, ctx);
            if (parse.GetValue(json)) ctx.WriteUtf8Line(stream => WriteJson(months.Count, i => months[i], stream));
            else WriteTable(months.EvaluateAll().Results, ctx.Out);
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    /// <summary>
    /// Streams the samples (only per section-month-indicator totals are kept), so a national file fits in memory; the
    /// months are evaluated as they are written.
    /// </summary>
    private static SampleMonths Run(FileInfo samplesFile, FileInfo? sectionsFile, CliContext ctx)
    {
        var profiles = sectionsFile is null
            ? new Dictionary<string, SectionProfile>()
            : SectionProfileReader.Read(sectionsFile);
        // The totals (per section, month and indicator) are about all the reading allocates, whatever the file's size,
        // all of it live to the end, which collections would only copy. So the reading goes without a collection for its
        // first 192 MB; past them, or where the runtime cannot promise that much, collections run as usual and memory
        // still does not grow with the file. Measured side by side at 4 M samples: 1.62 -> 1.51 s when the region also
        // covered the evaluation; now that the months are evaluated while written (with their own collections), the
        // reading alone gains less: 1.21 -> 1.18 s (medians of 5), within the machine's noise.
        SampleMonths months;
        using (NoCollections.Try(192L << 20)) months = StreamingEvaluation.Months(samplesFile, profiles);
        foreach (var w in months.Warnings) ctx.Error.WriteLine($"warning: {w}");
        return months;
    }

    /// <summary>A stretch of allocation without collections, where the runtime grants it; ended (if still on) when disposed.</summary>
    private sealed class NoCollections : IDisposable
    {
        public static IDisposable? Try(long bytes)
        {
            try { return GC.TryStartNoGCRegion(bytes) ? new NoCollections() : null; }
            catch (ArgumentOutOfRangeException) { return null; } // more than this runtime's heap allows (a small container)
            catch (InvalidOperationException) { return null; } // already in such a region (another evaluation in the same process)
        }

        public void Dispose()
        {
            // The region ends by itself once its bytes are used up; then there is nothing to end.
            if (System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion) return;
            try { GC.EndNoGCRegion(); }
            catch (InvalidOperationException) { } // it ended between the check and the call
        }
    }

    /// <summary>
    /// The JSON contract of gb3838.md; months without a result (R-DATA-4) are not listed. Written as UTF-8 straight into
    /// <paramref name="output"/> (standard output), so a national file's 40 MB of JSON is never held whole nor decoded
    /// into text and encoded again. The months are evaluated on demand (<paramref name="month"/> must be safe to call from
    /// several threads): runs of <paramref name="chunk"/> months are evaluated and written in parallel
    /// (<see cref="JsonItems"/>), with the bytes of one writer over every month, and each month's evaluation is garbage as
    /// soon as it is written.
    /// </summary>
    public static void WriteJson(int count, Func<int, MonthlyEvaluation> month, Stream output, int? parallelism = null, int chunk = 256)
    {
        using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartObject();
        w.WriteStartArray("results");
        // What a wave's months were evaluated into is garbage once written (a few MB). Collected after each wave, the next
        // allocates into the same, already touched memory; left to the runtime, whose budget after the reading is large,
        // the evaluations of a national file spread over some 80 MB of fresh pages, and a page touched for the first time
        // costs more than the collection (4 M samples, side by side: 1.25 -> 1.12-1.19 s, peak 182 -> 122 MB).
        JsonItems.Write(w, Options, depth: 2, count, (writer, i) => WriteMonth(writer, month(i)), parallelism, chunk, afterWave: () => GC.Collect(0));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One month of the contract; false (nothing written) for a month without a result (R-DATA-4).</summary>
    private static bool WriteMonth(Utf8JsonWriter w, MonthlyEvaluation r)
    {
        if (!r.HasResult) return false;
        w.WriteStartObject();
        w.WriteString("section", r.SectionId);
        w.WriteString("month", r.Month.ToString());
        w.WriteString("class", r.Class!.Value.Code);
        w.WriteString("grade", r.Grade!.NameZh);
        w.WriteStartArray("deciding");
        foreach (var d in r.Deciding) w.WriteStringValue(d.Key);
        w.WriteEndArray();
        w.WriteStartArray("indicators");
        foreach (var e in r.Indicators)
        {
            w.WriteStartObject();
            w.WriteString("indicator", e.Indicator.Key);
            w.WriteNumberValue("value", e.Value);
            w.WriteString("class", e.Class.Code);
            w.WriteNumber("samples", e.SampleCount);
            WriteNullableNumber(w, "exceedance", e.Exceedance);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("main_pollutants");
        foreach (var m in r.MainPollutants)
        {
            w.WriteStartObject();
            w.WriteString("indicator", m.Indicator.Key);
            w.WriteString("class", m.Class.Code);
            WriteNullableNumber(w, "exceedance", m.Exceedance);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return true;
    }

    /// <summary>Writes the rounded value with its evaluation decimals (12.0, 0.00067), as the contract shows it.</summary>
    private static void WriteNumberValue(this Utf8JsonWriter w, string name, RoundedValue value)
    {
        w.WritePropertyName(name);
        // Fixed-point digits ("F" format of a non-negative mean) are always a valid JSON number; no string is made.
        Span<byte> utf8 = stackalloc byte[64];
        if (value.TryFormat(utf8, out var written)) w.WriteRawValue(utf8[..written], skipInputValidation: true);
        else w.WriteRawValue(value.ToString());
    }

    private static void WriteNullableNumber(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>One row per indicator; the section's class, grade and colour on the first row of each month.</summary>
    private static void WriteTable(IReadOnlyList<MonthlyEvaluation> results, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 120);
        var table = new Table().Title("GB 3838-2002 single-factor evaluation");
        foreach (var header in new[] { "Section", "Month", "Class", "Grade", "Indicator", "Value", "Ind. class", "Samples", "Exceedance vs Ⅲ", "Role" })
            table.AddColumn(header);
        foreach (var r in results)
        {
            if (!r.HasResult)
            {
                table.AddRow(Markup.Escape(r.SectionId), r.Month.ToString(), "—", "no valid sample (R-DATA-4)", "", "", "", "", "", "");
                continue;
            }
            var first = true;
            foreach (var i in r.Indicators)
            {
                var roles = new List<string>();
                if (r.Deciding.Contains(i.Indicator)) roles.Add("deciding");
                var rank = r.MainPollutants.Select(m => m.Indicator).ToList().IndexOf(i.Indicator);
                if (rank >= 0) roles.Add($"main pollutant {rank + 1}");
                if (i.ClassIBySaturation) roles.Add("saturation ≥ 90 %");
                table.AddRow(
                    first ? Markup.Escape(r.SectionId) : "",
                    first ? r.Month.ToString() : "",
                    first ? $"[{MarkupColour(r.Grade!.Colour)}]{Markup.Escape(r.Class!.Value.Display)}[/]" : "",
                    first ? Markup.Escape(r.Grade!.NameZh) : "",
                    Markup.Escape(i.Indicator.Key),
                    i.Value.ToString(),
                    Markup.Escape(i.Class.Display),
                    i.SampleCount.ToString(CultureInfo.InvariantCulture),
                    i.Exceedance is { } e ? Format(e) : "",
                    Markup.Escape(string.Join(", ", roles)));
                first = false;
            }
        }
        console.Write(table);
        var incomplete = results.Count(r => r.HasResult && !r.IsComplete);
        if (incomplete > 0)
            console.WriteLine($"{incomplete} of {results.Count(r => r.HasResult)} months were classified from fewer than all class indicators (Q-IND-3).");
    }

    /// <summary>Q-SEC-2 colours as Spectre.Console names them.</summary>
    private static string MarkupColour(GradeColour colour) => colour switch
    {
        GradeColour.Blue => "blue",
        GradeColour.Green => "green",
        GradeColour.Yellow => "yellow",
        GradeColour.Orange => "orange1",
        _ => "red",
    };

    private static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
