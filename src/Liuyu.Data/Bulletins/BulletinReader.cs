using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain;

namespace Liuyu.Data.Bulletins;

/// <summary>The monthly results of a bulletin sheet, every row matched to a registered section.</summary>
public sealed record BulletinFile(string File, IReadOnlyList<MonthlyResult> Results, IReadOnlyList<InputError> Warnings);

/// <summary>
/// Reads a monthly water-quality bulletin (水质通报) as the bureau publishes it: one row per section with its name (or
/// id), river, month and class. Sections are matched by id, or by exact name among the sections of that river; a name
/// that matches none or several is reported with its sheet, row and column and never guessed. All or nothing.
/// </summary>
public static class BulletinReader
{
    public static IReadOnlyList<ColumnSpec> Columns { get; } =
    [
        new("section", "断面名称|断面|断面编码|断面名称或编码|监测断面"),
        new("river", "河流|河流名称|所在河流|所属河流"),
        new("month", "月份|监测月份|通报月份", Required: false),
        new("class", "水质类别|类别|本月水质类别|本月水质|水质"),
        new("source", "来源", Required: false),
        new("note", "备注|说明", Required: false),
    ];

    /// <param name="month">The bulletin's month when the sheet has no month column (<c>--month</c>); when both are given they must agree.</param>
    /// <param name="source">Where the classes come from when the sheet has no source column (default: the municipal bulletin).</param>
    public static BulletinFile Read(string path, IReadOnlyList<River> rivers, IReadOnlyList<Section> sections, YearMonth? month = null,
        ResultSource source = ResultSource.Municipal)
    {
        var name = Path.GetFileName(path);
        CsvTable table;
        if (Workbook.IsWorkbookPath(path))
        {
            using var workbook = Workbook.Open(path);
            var sheet = workbook.Sheet("bulletin") ?? workbook.Sheet("通报") ?? workbook.SheetNames[0];
            table = SheetTable.Read(workbook, sheet, Columns);
        }
        else
        {
            if (!File.Exists(path)) throw new InputException(new InputError(name, null, null, ErrorCodes.FileNotFound, ("path", Path.GetFullPath(path))));
            table = CsvTable.Parse(name, File.ReadAllBytes(path), Columns);
        }
        return FromTable(table, rivers, sections, month, source);
    }

    public static BulletinFile FromTable(CsvTable table, IReadOnlyList<River> rivers, IReadOnlyList<Section> sections, YearMonth? month, ResultSource source)
    {
        var errors = new List<InputError>();
        if (!table.Has("month") && month is null)
            throw new InputException(new InputError(table.File, 1, "month", ErrorCodes.BulletinNoMonth));

        var riversById = rivers.ToDictionary(r => r.Id.Value, StringComparer.Ordinal);
        var riversByName = rivers.GroupBy(r => r.Name.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var sectionsOf = sections.GroupBy(s => s.River).ToDictionary(g => g.Key, g => g.ToList());

        var results = new List<MonthlyResult>();
        var seen = new Dictionary<(SectionId, YearMonth), int>();
        foreach (var row in table.Rows)
        {
            var ok = true;

            River? river = null;
            var riverText = row["river"];
            if (riverText.Length == 0) { errors.Add(row.Error("river", ErrorCodes.ValueEmpty, ("column", "river"))); ok = false; }
            else if (riversById.TryGetValue(riverText, out var byId)) river = byId;
            else if (riversByName.TryGetValue(riverText, out var byName) && byName.Count == 1) river = byName[0];
            else if (byName is { Count: > 1 }) { errors.Add(row.Error("river", ErrorCodes.RiverAmbiguous, ("name", riverText), ("ids", string.Join(", ", byName.Select(r => r.Id))))); ok = false; }
            else { errors.Add(row.Error("river", ErrorCodes.RiverNotFound, ("name", riverText))); ok = false; }

            Section? section = null;
            var sectionText = row["section"];
            if (sectionText.Length == 0) { errors.Add(row.Error("section", ErrorCodes.ValueEmpty, ("column", "section"))); ok = false; }
            else if (river is not null)
            {
                var candidates = sectionsOf.GetValueOrDefault(river.Id) ?? [];
                var matches = candidates.Where(s => s.Id.Value == sectionText).ToList();
                if (matches.Count == 0) matches = candidates.Where(s => s.Name.Trim() == sectionText).ToList();
                if (matches.Count == 1) section = matches[0];
                else if (matches.Count > 1) { errors.Add(row.Error("section", ErrorCodes.SectionAmbiguous, ("riverName", river.Name), ("river", river.Id), ("name", sectionText), ("ids", string.Join(", ", matches.Select(s => s.Id))))); ok = false; }
                else
                {
                    var elsewhere = sections.Where(s => s.Id.Value == sectionText || s.Name.Trim() == sectionText).Select(s => $"{s.Id} ({s.River})").ToList();
                    errors.Add(elsewhere.Count > 0
                        ? row.Error("section", ErrorCodes.SectionOnOtherRiver, ("riverName", river.Name), ("river", river.Id), ("name", sectionText), ("found", string.Join(", ", elsewhere)))
                        : row.Error("section", ErrorCodes.SectionNotRegistered, ("riverName", river.Name), ("river", river.Id), ("name", sectionText)));
                    ok = false;
                }
            }

            YearMonth? when = month;
            if (table.Has("month"))
            {
                var text = row["month"];
                if (text.Length == 0 && month is not null) when = month;
                else if (!YearMonth.TryParse(text, out var m)) { errors.Add(row.Error("month", ErrorCodes.MonthInvalid, ("value", text))); ok = false; }
                else if (month is { } given && m != given) { errors.Add(row.Error("month", ErrorCodes.MonthDiffers, ("month", m), ("given", given))); ok = false; }
                else when = m;
            }

            WaterClass? cls = null;
            if (row["class"].Length > 0)
            {
                if (WaterClass.TryParse(row["class"], out var c)) cls = c;
                else { errors.Add(row.Error("class", ErrorCodes.ClassOrEmptyInvalid, ("value", row["class"]))); ok = false; }
            }

            var src = source;
            if (row["source"] is { Length: > 0 } st)
            {
                if (ScenarioReader.ParseSource(st) is { } parsed) src = parsed;
                else { errors.Add(row.Error("source", ErrorCodes.SourceInvalid, ("value", st))); ok = false; }
            }

            if (!ok) continue;
            if (seen.TryGetValue((section!.Id, when!.Value), out var first))
            {
                errors.Add(row.Error("section", ErrorCodes.ResultTwice, ("sectionName", section.Name), ("section", section.Id), ("month", when), ("row", first)));
                continue;
            }
            seen[(section.Id, when.Value)] = row.Number;
            results.Add(new MonthlyResult(section.Id, when.Value, cls, src, row["note"] is { Length: > 0 } n ? n : null));
        }
        CsvTable.MergeCellErrors(errors, table.CellErrors.ToList());
        if (errors.Count > 0) throw new InputException(errors);
        if (results.Count == 0) throw new InputException(new InputError(table.File, null, null, ErrorCodes.BulletinEmpty));
        return new BulletinFile(table.File, results, table.Warnings);
    }
}
