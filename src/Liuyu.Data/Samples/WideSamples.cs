using Liuyu.Data.Bulletins;
using Liuyu.Data.Csv;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Samples;

/// <summary>
/// The wide layout labs publish (issue 12): one row per section and sampling time, one column per indicator, headed by the
/// indicator's printed name with or without its unit (<c>氨氮(mg/L)</c>, <c>总磷</c>, <c>pH</c>). Each filled indicator cell is
/// one sample, read by exactly the rules of the long layout (<see cref="SampleReader.ParseRow"/>), its errors naming the
/// indicator's column; a cell marked not measured (<c>/ — -</c>) holds no sample.
/// </summary>
public static class WideSamples
{
    private static readonly ColumnSpec Section = new("section", "断面|断面名称|监测断面|监测断面名称|点位|点位名称|监测点位|站点|站点名称|测站名称|断面(点位)名称");
    private static readonly ColumnSpec SampledAt = new("sampled_at", "采样时间|监测时间|采样日期|监测日期|日期|时间");
    private static readonly ColumnSpec MeasuredBy = new("measured_by", "监测单位", Required: false);
    private static readonly ColumnSpec[] Keys = [Section, SampledAt, MeasuredBy];

    private static bool Matches(ColumnSpec c, string header) =>
        string.Equals(c.Key, header, StringComparison.OrdinalIgnoreCase) || c.Alias!.Split('|').Any(a => PublishedTable.Fold(a) == PublishedTable.Fold(header));

    /// <summary>
    /// Whether a file is in the wide layout: a header (among the first rows) with a section and a sampling-time column,
    /// no indicator column [指标] and at least one column named after an indicator. Only the first line of a CSV is read.
    /// </summary>
    public static bool IsWide(string path, IndicatorCatalog catalog)
    {
        if (!File.Exists(path)) return false;
        if (Workbook.IsWorkbookPath(path))
        {
            try { return FindHeader(PublishedTable.Read(path, "samples"), catalog) is not null; }
            catch (InputException) { return false; }
        }
        string? line;
        using (var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
            do line = reader.ReadLine(); while (line is not null && line.Trim().Length == 0);
        if (line is null) return false;
        var header = line.Split(',').Select(h => h.Trim().Trim('"', '\uFEFF').Trim()).ToArray();
        return IsWideHeader(header, catalog);
    }

    private static bool IsWideHeader(string[] header, IndicatorCatalog catalog) =>
        header.Any(h => Matches(Section, h)) && header.Any(h => Matches(SampledAt, h))
        && !header.Any(h => h.Equals("indicator", StringComparison.OrdinalIgnoreCase) || h == "指标")
        && header.Any(h => IndicatorNames.TryFind(catalog, h, out _, out _));

    private static int? FindHeader(PublishedTable table, IndicatorCatalog catalog)
    {
        for (var i = 0; i < Math.Min(PublishedTable.HeaderSearchRows, table.Rows.Count); i++)
            if (IsWideHeader(table.Rows[i].Cells.Select(c => c.Trim()).ToArray(), catalog)) return i;
        return null;
    }

    /// <summary>Reads a wide table, all or nothing, as samples in row order (indicators in column order).</summary>
    public static SampleFile Read(string path, SampleProvenance defaults, IndicatorCatalog? catalog = null)
    {
        catalog ??= IndicatorCatalog.Gb3838;
        var table = PublishedTable.Read(path, "samples");
        var file = table.Label;
        if (FindHeader(table, catalog) is not { } hi)
            throw new InputException(new InputError(file, table.Rows.Count > 0 ? table.Rows[0].Row : 1, null, ErrorCodes.IndicatorColumnsNone));
        var (headerRow, header) = table.Rows[hi];
        var keyColumns = new Dictionary<string, int>(StringComparer.Ordinal);
        var indicators = new List<(int Column, string Header)>();
        var warnings = new List<InputError>();
        var errors = new List<InputError>();
        for (var c = 0; c < header.Length; c++)
        {
            var h = header[c].Trim();
            if (h.Length == 0) continue;
            if (Keys.FirstOrDefault(k => Matches(k, h)) is { } spec)
            {
                if (!keyColumns.TryAdd(spec.Key, c)) errors.Add(new InputError(file, headerRow, h, ErrorCodes.ColumnTwice, ("column", spec.Key)));
            }
            else if (IndicatorNames.TryFind(catalog, h, out _, out _)) indicators.Add((c, h));
            else warnings.Add(new InputError(file, null, null, ErrorCodes.ColumnUnknown, ("column", h)));
        }
        if (errors.Count > 0) throw new InputException(errors);

        var samples = new List<Sample>();
        foreach (var (rowNo, cells) in table.Rows.Skip(hi + 1))
        {
            string Cell(int c) => c < cells.Length ? cells[c].Trim() : "";
            string Key(string key) => keyColumns.TryGetValue(key, out var c) ? Cell(c) : "";
            foreach (var (column, name) in indicators)
            {
                var text = Cell(column);
                if (text.Length == 0 || PublishedClass.Read(text).Kind == ClassCellKind.NotMonitored) continue;
                var sample = SampleReader.ParseRow(file, rowNo,
                    key => key switch
                    {
                        "indicator" => name,
                        "value" => text,
                        "section" or "sampled_at" or "measured_by" => Key(key),
                        _ => "",
                    },
                    key => key is "indicator" or "value" or "unit" or "flag" or "detection_limit" ? name
                        : keyColumns.TryGetValue(key, out var c) ? header[c].Trim() : key,
                    defaults, catalog, errors);
                if (sample is not null) samples.Add(sample);
            }
        }
        if (errors.Count > 0) throw new InputException(errors);
        return new SampleFile(samples, warnings);
    }
}
