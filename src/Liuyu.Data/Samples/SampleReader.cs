using System.Globalization;
using Liuyu.Data.Csv;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Samples;

/// <summary>Samples read from one file, all valid, with the reader's warnings (unknown columns).</summary>
public sealed record SampleFile(IReadOnlyList<Sample> Samples, IReadOnlyList<InputError> Warnings);

/// <summary>
/// Reads <c>samples.csv</c> or a <c>samples</c> sheet of an .xlsx workbook (gb3838.md "Sample data format").
/// All-or-nothing: every bad row is collected, then one <see cref="InputException"/> names each file, row and column.
/// </summary>
public static class SampleReader
{
    public static IReadOnlyList<ColumnSpec> Columns { get; } =
    [
        new("section", "断面"),
        new("sampled_at", "采样时间"),
        new("indicator", "指标"),
        new("value", "浓度"),
        new("unit", "单位", Required: false),
        new("flag", "标识", Required: false),
        new("detection_limit", "检出限", Required: false),
        new("saturation", "饱和率", Required: false),
        // Provenance, optional: who measured and which kind of monitoring (R-DATA-2).
        new("measured_by", "监测单位", Required: false),
        new("source", "来源", Required: false),
    ];

    /// <summary>Reads a file by its extension: .xlsx/.xls as a workbook, anything else as CSV.</summary>
    public static SampleFile Read(FileInfo file, SampleProvenance defaults, IndicatorCatalog? catalog = null, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Current;
        if (!file.Exists) throw new InputException(new InputError(file.Name, null, null, ErrorCodes.FileNotFound, ("path", file.FullName)));
        // One row per section and time, a column per indicator, as labs publish: read cell by cell by the same rules.
        if (WideSamples.IsWide(file.FullName, catalog ?? IndicatorCatalog.Gb3838)) return WideSamples.Read(file.FullName, defaults, catalog);
        if (Spreadsheets.Workbook.IsWorkbookPath(file.FullName))
        {
            // .xlsx and legacy .xls alike: the sheet named samples, else the first.
            using var workbook = Spreadsheets.Workbook.Open(file.FullName);
            return FromTable(Spreadsheets.SheetTable.Read(workbook, workbook.Sheet("samples") ?? workbook.SheetNames[0], Columns), defaults, catalog);
        }
        return SampleCsv.ReadAll(file.Name, SampleCsv.Source.OfFile(file.Name, file.FullName, limits), defaults, catalog ?? IndicatorCatalog.Gb3838, limits);
    }

    /// <summary>Reads CSV bytes row by row (never as a table of strings); all-or-nothing as <see cref="FromTable"/>.</summary>
    public static SampleFile ReadCsv(string file, byte[] bytes, SampleProvenance defaults, IndicatorCatalog? catalog = null, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Current;
        return SampleCsv.ReadAll(file, SampleCsv.Source.OfBytes(file, bytes, limits), defaults, catalog ?? IndicatorCatalog.Gb3838, limits);
    }

    /// <summary>Reads the sheet named <c>samples</c>, or the first sheet when none has that name.</summary>
    public static SampleFile ReadXlsx(string file, Stream stream, SampleProvenance defaults, IndicatorCatalog? catalog = null) =>
        FromTable(XlsxSheet.ReadTable(file, stream, "samples", Columns), defaults, catalog);

    public static SampleFile FromTable(CsvTable table, SampleProvenance defaults, IndicatorCatalog? catalog = null)
    {
        catalog ??= IndicatorCatalog.Gb3838;
        var errors = new List<InputError>();
        var samples = new List<Sample>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var sample = ParseRow(table.File, row.Number, key => row[key], key => table.HeaderOf(key), defaults, catalog, errors);
            if (sample is not null) samples.Add(sample);
        }
        CsvTable.MergeCellErrors(errors, table.CellErrors.ToList());
        if (errors.Count > 0) throw new InputException(errors);
        return new SampleFile(samples, table.Warnings);
    }

    /// <summary>
    /// One row by the rules of gb3838.md: the sample when the row is valid, else null with every error of the row added
    /// to <paramref name="errors"/> (a column that failed to parse is not reported twice, e.g. 'abc' is not also "missing").
    /// <paramref name="cell"/> gives a column's trimmed text ("" when absent), <paramref name="header"/> its header as written.
    /// </summary>
    internal static Sample? ParseRow(string file, int rowNumber, Func<string, string> cell, Func<string, string> header,
        SampleProvenance defaults, IndicatorCatalog catalog, List<InputError> errors)
    {
        var before = errors.Count;
        InputError Error(string key, string code, params (string Name, object? Value)[] args) => new(file, rowNumber, header(key), code, args);
        decimal? OptionalNumber(string key)
        {
            var text = cell(key);
            if (text.Length == 0) return null;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            errors.Add(Error(key, ErrorCodes.NumberInvalid, ("value", text)));
            return null;
        }

        var section = cell("section");
        var at = cell("sampled_at");
        if (!SampleDates.TryParse(at, out var sampledAt))
            errors.Add(Error("sampled_at", ErrorCodes.SampledAtInvalid, ("value", at)));

        var indicatorText = cell("indicator");
        // Names as labs print them (总磷, NH3-N, 氨氮(mg/L)) as well as gb3838.csv's; a unit in the name stands for an empty unit cell.
        if (!IndicatorNames.TryFind(catalog, indicatorText, out var indicator, out var unitInName))
            errors.Add(Error("indicator", ErrorCodes.IndicatorUnknown, ("value", indicatorText)));

        // ND, 未检出, <0.01 and 0.01L are below the detection limit (the limit from the value itself where it gives one).
        var belowInValue = IndicatorNames.TryBelowLimit(cell("value"), out var limitInValue);
        var value = belowInValue ? null : OptionalNumber("value");
        var limit = OptionalNumber("detection_limit") ?? limitInValue;
        var saturation = OptionalNumber("saturation");

        var flag = cell("flag");
        var below = belowInValue;
        if (flag.Equals("L", StringComparison.OrdinalIgnoreCase)) below = true;
        else if (flag.Length > 0) errors.Add(Error("flag", ErrorCodes.FlagUnknown, ("value", flag)));

        var source = defaults.Source;
        var sourceText = cell("source");
        if (sourceText.Length > 0 && !TryParseSource(sourceText, out source))
            errors.Add(Error("source", ErrorCodes.SampleSourceInvalid, ("value", sourceText)));

        if (indicator is null) return null;
        var measuredBy = cell("measured_by");
        var provenance = defaults with
        {
            MeasuredBy = measuredBy.Length > 0 ? measuredBy : defaults.MeasuredBy,
            Source = source,
            ImportedFrom = file,
            ImportedRow = rowNumber,
        };
        var unit = cell("unit") is { Length: > 0 } u ? u : unitInName ?? "";
        var problems = new List<SampleProblem>();
        var sample = Sample.Create(new SampleInput(section, sampledAt, indicator, value, unit.Length > 0 ? unit : null, below, limit, saturation, provenance), problems);
        if (problems.Count > 0)
        {
            var failed = new HashSet<string?>();
            for (var i = before; i < errors.Count; i++) failed.Add(errors[i].Column);
            foreach (var p in problems)
            {
                var e = Error(ColumnOf(p.Field), ErrorCodes.SampleInvalid, ("reason", p.Message));
                if (!failed.Contains(e.Column)) errors.Add(e);
            }
        }
        return sample is not null && errors.Count == before ? sample : null;
    }

    internal static bool TryParseSource(string text, out SampleSource source)
    {
        source = text.Trim().ToLowerInvariant() switch
        {
            "monitoring_centre" or "monitoring_center" or "市监测中心" or "监测中心" => SampleSource.MonitoringCentre,
            "joint" or "联合监测" => SampleSource.Joint,
            "district" or "区县" => SampleSource.District,
            "automatic" or "自动站" => SampleSource.Automatic,
            _ => SampleSource.Unspecified,
        };
        return source != SampleSource.Unspecified;
    }

    private static string ColumnOf(SampleField field) => field switch
    {
        SampleField.Section => "section",
        SampleField.SampledAt => "sampled_at",
        SampleField.Indicator => "indicator",
        SampleField.Value => "value",
        SampleField.Unit => "unit",
        SampleField.Flag => "flag",
        SampleField.DetectionLimit => "detection_limit",
        SampleField.Saturation => "saturation",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
