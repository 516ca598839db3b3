using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;

namespace Liuyu.Data.Bulletins;

/// <summary>
/// The monthly results (and, when asked, the targets) of a published table, every row matched to a registered section or
/// reported as skipped; <see cref="Warnings"/> holds every note the preview shows (how each spelling was read, rows
/// skipped, sections with no result in the file, columns ignored), each a code with its file, row and column.
/// </summary>
public sealed record BulletinFile(string File, IReadOnlyList<MonthlyResult> Results, IReadOnlyList<InputError> Warnings)
{
    /// <summary>The target column imported as the year's targets (<see cref="BulletinOptions.ImportTargets"/>).</summary>
    public IReadOnlyList<Target> Targets { get; init; } = [];

    /// <summary>Rows whose section is not in the registry (不在补偿断面名录中): listed among the warnings, not stored.</summary>
    public int Skipped { get; init; }

    /// <summary>Whether the table is a year table (one row per section, a column per month).</summary>
    public bool YearTable { get; init; }
}

/// <summary>A published name recorded for a registered section (断面别名): the Ecology Bureau or the monitoring centre records it once.</summary>
public sealed record SectionAlias(string Name, SectionId Section);

/// <param name="Month">The bulletin's month when the sheet has no month column (<c>--month</c>); when both are given they must agree.</param>
/// <param name="Year">A year table's year (<c>--year</c>) when its title does not name it; when both do they must agree.</param>
/// <param name="ImportTargets">Import the target column (考核水质类别, 目标…) as the year's targets.</param>
/// <param name="Source">Where the classes come from when the sheet has no source column.</param>
public sealed record BulletinOptions(YearMonth? Month = null, int? Year = null, bool ImportTargets = false, ResultSource Source = ResultSource.Municipal);

/// <summary>
/// Reads a water-quality table as a bureau publishes it: a monthly bulletin (one row per section with its class) or a year
/// table (one row per section, a column per month 1月…12月). Headers are read by their printed synonyms (监测结果,
/// 水质类别, 本月水质 …), columns the accounting does not need (序号, 断面属性, 水域功能, 主要污染指标 …) are ignored with a note,
/// merged river cells are filled down, every class spelling of <see cref="PublishedClass"/> is read and shown as read,
/// and "not monitored" markers are stored as no valid result with the marker as reason (R-DATA-4).
/// Sections are matched by id, exact name, or a recorded alias, on the row's river (or, without a river column, by a name
/// unique in the registry). A section not in the registry is skipped and listed; a name one letter from a registered
/// section is refused with the suggestion and never guessed. All or nothing.
/// </summary>
public static class BulletinReader
{
    /// <summary>The columns read, with the synonyms bureaus print (compared without white space).</summary>
    public static IReadOnlyList<ColumnSpec> Columns { get; } =
    [
        new("section", "断面名称|断面|断面编码|断面名称或编码|监测断面|监测断面名称|点位|点位名称|监测点位|断面(点位)名称"),
        new("river", "河流|河流名称|所在河流|所属河流|河流(湖库)名称|水体|水体名称|流域", Required: false),
        new("month", "月份|监测月份|通报月份|监测时间|时间", Required: false),
        new("class", "水质类别|类别|本月水质类别|本月水质|水质|监测结果|实测类别|实测水质|水质现状|现状水质|本月类别|水质状况|本月水质状况|实测水质类别|本月实测", Required: false),
        new("target", "考核水质类别|目标|水质目标|考核目标|目标水质|目标类别|考核类别|水质目标类别|考核要求", Required: false),
        new("source", "来源", Required: false),
        new("note", "备注|说明", Required: false),
    ];

    /// <summary>Columns a bulletin prints that the accounting does not use: ignored with a note, never an error.</summary>
    public static IReadOnlySet<string> IgnoredColumns { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "序号", "编号", "断面属性", "断面性质", "断面类型", "断面级别", "断面类别", "水域功能", "水域功能类别", "功能区类别", "水环境功能区类别",
        "主要污染指标", "主要污染物", "超标指标", "超标项目", "超标因子", "超标倍数", "所在区县", "区县", "所属区县", "考核区县", "责任区县",
        "达标情况", "是否达标", "上月水质", "上月类别", "同比", "环比", "水质变化", "变化情况", "年均值", "累计", "年度", "全年",
    };

    public static BulletinFile Read(string path, IReadOnlyList<River> rivers, IReadOnlyList<Section> sections, YearMonth? month = null,
        ResultSource source = ResultSource.Municipal) =>
        Read(path, new BulletinRegistry(rivers, sections), new BulletinOptions(month, Source: source));

    public static BulletinFile Read(string path, BulletinRegistry registry, BulletinOptions options) =>
        FromTable(PublishedTable.Read(path), registry, options);

    /// <summary>
    /// The label of the table (<c>book.xlsx[sheet]</c>) and the data rows it has after its header, for the preview's
    /// counts; no rows when the table cannot be read or has no header (its error is reported by the import).
    /// </summary>
    public static (string Label, IReadOnlyList<int>? Rows) DataRows(string path)
    {
        try
        {
            var table = PublishedTable.Read(path);
            var (header, _) = FindHeader(table);
            return (table.Label, header is null ? null : table.Rows.Skip(header.Value + 1).Select(r => r.Row).ToList());
        }
        catch (InputException) { return (Path.GetFileName(path), null); }
    }

    private static string? KeyOf(string header)
    {
        var h = PublishedTable.Fold(header);
        foreach (var c in Columns)
            if (Matches(c, h) || Matches(c, PublishedTable.WithoutParenthesis(h))) return c.Key;
        return null;

        static bool Matches(ColumnSpec c, string h) =>
            h.Length > 0 && (string.Equals(c.Key, h, StringComparison.OrdinalIgnoreCase) || c.Alias!.Split('|').Any(a => PublishedTable.Fold(a) == h));
    }

    /// <summary>The header row: among the first rows, the one that names a section column and the most other columns (month columns count once).</summary>
    private static (int? Index, int Score) FindHeader(PublishedTable table)
    {
        (int? Index, int Score) best = (null, 0);
        for (var i = 0; i < Math.Min(PublishedTable.HeaderSearchRows, table.Rows.Count); i++)
        {
            var cells = table.Rows[i].Cells;
            var keys = cells.Select(KeyOf).Where(k => k is not null).Distinct().ToList();
            if (!keys.Contains("section")) continue;
            var months = cells.Count(c => PublishedTable.TryMonthColumn(c, out _, out _));
            var score = keys.Count + (months >= 2 ? 2 : 0);
            if (score > best.Score) best = (i, score);
        }
        return best;
    }

    public static BulletinFile FromTable(PublishedTable table, BulletinRegistry registry, BulletinOptions options)
    {
        var file = table.Label;
        var errors = new List<InputError>();
        var notes = new List<InputError>();
        if (table.Rows.Count == 0)
            throw new InputException(new InputError(file, 1, null, ErrorCodes.FileEmpty, ("columns", "断面名称, 河流名称, 水质类别")));
        var (headerIndex, _) = FindHeader(table);
        if (headerIndex is not { } hi)
            throw new InputException(new InputError(file, table.Rows[0].Row, "section", ErrorCodes.ColumnMissingAlias, ("column", "section"), ("alias", Columns[0].Alias)));
        var (headerRow, header) = table.Rows[hi];

        // Titles above the header: "2023年1-12月…" gives a year table its year.
        int? titleYear = null;
        foreach (var (_, cells) in table.Rows.Take(hi))
            titleYear ??= PublishedTable.TitleDate(string.Join(" ", cells)).Year;

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var months = new List<(int Column, int Month, int? Year)>();
        for (var c = 0; c < header.Length; c++)
        {
            var h = header[c].Trim();
            if (h.Length == 0) continue;
            if (PublishedTable.TryMonthColumn(h, out var month, out var monthYear)) { months.Add((c, month, monthYear)); continue; }
            var key = KeyOf(h);
            if (key is not null)
            {
                if (!index.TryAdd(key, c)) errors.Add(new InputError(file, headerRow, h, ErrorCodes.ColumnTwice, ("column", key)));
                continue;
            }
            var folded = PublishedTable.Fold(h);
            notes.Add(IgnoredColumns.Contains(folded) || IgnoredColumns.Contains(PublishedTable.WithoutParenthesis(folded))
                ? new InputError(file, headerRow, h, ErrorCodes.BulletinColumnIgnored, ("column", h))
                : new InputError(file, null, null, ErrorCodes.ColumnUnknown, ("column", h)));
        }
        var yearTable = months.Count > 0;
        string Header(string key) => index.TryGetValue(key, out var i) ? header[i].Trim() : key;
        if (yearTable && index.TryGetValue("class", out var classColumn))
        {
            notes.Add(new InputError(file, headerRow, header[classColumn].Trim(), ErrorCodes.BulletinColumnIgnored, ("column", header[classColumn].Trim())));
            index.Remove("class");
        }
        if (!yearTable && !index.ContainsKey("class"))
            errors.Add(new InputError(file, headerRow, "class", ErrorCodes.ColumnMissingAlias, ("column", "class"), ("alias", Columns.First(c => c.Key == "class").Alias)));
        if (months.GroupBy(m => m.Month).FirstOrDefault(g => g.Count() > 1) is { } twice)
            errors.Add(new InputError(file, headerRow, header[twice.Skip(1).First().Column].Trim(), ErrorCodes.ColumnTwice, ("column", header[twice.Skip(1).First().Column].Trim())));
        if (errors.Count > 0) throw new InputException(errors);

        // The period: a year table's year, a bulletin's month.
        int? year = null;
        if (yearTable)
        {
            var headerYears = months.Where(m => m.Year is not null).Select(m => m.Year!.Value).Distinct().ToList();
            var stated = new List<(int Year, string From)>();
            if (options.Year is { } given) stated.Add((given, "--year"));
            if (titleYear is { } ty) stated.Add((ty, "title"));
            stated.AddRange(headerYears.Select(y => (y, "header")));
            if (stated.Count == 0) throw new InputException(new InputError(file, headerRow, null, ErrorCodes.BulletinNoYear));
            if (stated.Select(s => s.Year).Distinct().Count() > 1)
                throw new InputException(new InputError(file, headerRow, null, ErrorCodes.BulletinYearDiffers,
                    ("years", string.Join(", ", stated.Select(s => $"{s.Year} ({s.From})")))));
            year = stated[0].Year;
        }
        else if (!index.ContainsKey("month") && options.Month is null)
            throw new InputException(new InputError(file, headerRow, "month", ErrorCodes.BulletinNoMonth));
        // A bulletin's month is its month column or --month, never read from its title: a title such as "2024年1月…通报"
        // may be a template's, and the month decides the money.
        var bulletinMonth = options.Month;

        var matcher = new SectionMatcher(registry);
        var results = new List<MonthlyResult>();
        var targets = new List<Target>();
        var seen = new Dictionary<(SectionId, YearMonth), int>();
        var targetSeen = new Dictionary<(SectionId, int), int>();
        var mentioned = new HashSet<SectionId>();
        var spellings = new Dictionary<string, (WaterClass Class, int Count, int Row, string Column)>(StringComparer.Ordinal);
        var markers = new Dictionary<string, (int Count, int Row, string Column)>(StringComparer.Ordinal);
        var aliasesUsed = new HashSet<string>(StringComparer.Ordinal);
        string? previousRiver = null;
        var continued = 0;
        var skipped = 0;

        string Cell(string[] cells, int column) => column < cells.Length ? cells[column].Trim() : "";
        string Get(string[] cells, string key) => index.TryGetValue(key, out var c) ? Cell(cells, c) : "";

        foreach (var (rowNo, cells) in table.Rows.Skip(hi + 1))
        {
            InputError Error(string column, string code, params (string Name, object? Value)[] args) => new(file, rowNo, column, code, args);
            var used = index.Values.Concat(months.Select(m => m.Column)).Where(c => c < cells.Length && PublishedTable.IsErrorValue(cells[c])).ToList();
            if (used.Count > 0)
            {
                errors.AddRange(used.Select(c => Error(header[c].Trim(), ErrorCodes.CellError, ("value", cells[c].Trim()))));
                continue;
            }

            var sectionText = Get(cells, "section");
            var riverText = Get(cells, "river");
            if (index.ContainsKey("river"))
            {
                // A river printed once over the rows of its sections: merged in a workbook (filled from the merged range),
                // blank below the first row in CSV (continued here).
                if (riverText.Length == 0 && !table.FromMergedRanges && previousRiver is not null && sectionText.Length > 0)
                {
                    riverText = previousRiver;
                    continued++;
                }
                if (riverText.Length > 0) previousRiver = riverText;
            }
            if (sectionText.Length == 0)
            {
                errors.Add(Error(Header("section"), ErrorCodes.ValueEmpty, ("column", Header("section"))));
                continue;
            }
            if (index.ContainsKey("river") && riverText.Length == 0)
            {
                errors.Add(Error(Header("river"), ErrorCodes.ValueEmpty, ("column", Header("river"))));
                continue;
            }

            var match = matcher.Match(index.ContainsKey("river") ? riverText : null, sectionText);
            if (match.Error is { } me) { errors.Add(Error(me.Column == "river" ? Header("river") : Header("section"), me.Code, me.Args)); continue; }
            if (match.Section is not { } section)
            {
                skipped++;
                notes.Add(Error(Header("section"), ErrorCodes.BulletinSectionSkipped, ("name", sectionText), ("river", riverText)));
                continue;
            }
            mentioned.Add(section.Id);
            if (match.Alias is { } alias && aliasesUsed.Add(alias))
                notes.Add(Error(Header("section"), ErrorCodes.BulletinSectionAlias, ("name", alias), ("section", section.Id), ("sectionName", section.Name)));

            var ok = true;
            var src = options.Source;
            if (Get(cells, "source") is { Length: > 0 } st)
            {
                if (ScenarioReader.ParseSource(st) is { } parsed) src = parsed;
                else { errors.Add(Error(Header("source"), ErrorCodes.SourceInvalid, ("value", st))); ok = false; }
            }
            var note = Get(cells, "note") is { Length: > 0 } n ? n : null;

            // (month, class cell, column) of the row: one for a bulletin, one per filled month column for a year table.
            var cellsOfRow = new List<(YearMonth Month, string Text, string Column)>();
            if (yearTable)
            {
                foreach (var (c, m, _) in months)
                    if (Cell(cells, c) is { Length: > 0 } t) cellsOfRow.Add((new YearMonth(year!.Value, m), t, header[c].Trim()));
            }
            else
            {
                YearMonth? when = bulletinMonth;
                if (index.ContainsKey("month"))
                {
                    var text = Get(cells, "month");
                    if (text.Length == 0 && bulletinMonth is not null) when = bulletinMonth;
                    else if (!TryMonth(text, out var m)) { errors.Add(Error(Header("month"), ErrorCodes.MonthInvalid, ("value", text))); ok = false; }
                    else if (bulletinMonth is { } given && m != given) { errors.Add(Error(Header("month"), ErrorCodes.MonthDiffers, ("month", m), ("given", given))); ok = false; }
                    else when = m;
                }
                if (when is { } w) cellsOfRow.Add((w, Get(cells, "class"), Header("class")));
            }

            var rowResults = new List<MonthlyResult>();
            foreach (var (when, text, column) in cellsOfRow)
            {
                if (text.Length == 0) { rowResults.Add(new MonthlyResult(section.Id, when, null, src, note)); continue; }
                var read = PublishedClass.Read(text);
                switch (read.Kind)
                {
                    case ClassCellKind.Class:
                        if (read.Unusual)
                            spellings[text] = spellings.TryGetValue(text, out var s) ? s with { Count = s.Count + 1 } : (read.Class!.Value, 1, rowNo, column);
                        rowResults.Add(new MonthlyResult(section.Id, when, read.Class, src, note));
                        break;
                    case ClassCellKind.NotMonitored:
                        markers[text] = markers.TryGetValue(text, out var k) ? k with { Count = k.Count + 1 } : (1, rowNo, column);
                        // R-DATA-4: no valid result, the marker is its reason.
                        rowResults.Add(new MonthlyResult(section.Id, when, null, src, note is null ? text : $"{text}；{note}"));
                        break;
                    default:
                        errors.Add(Error(column, ErrorCodes.BulletinClassInvalid, ("value", text), ("forms", PublishedClass.AcceptedForms)));
                        ok = false;
                        break;
                }
            }

            if (index.ContainsKey("target") && options.ImportTargets && Get(cells, "target") is { Length: > 0 } targetText)
            {
                var read = PublishedClass.Read(targetText);
                var targetYear = year ?? cellsOfRow.Select(c => c.Month.Year).FirstOrDefault(bulletinMonth?.Year ?? 0);
                if (read.Kind == ClassCellKind.Invalid) { errors.Add(Error(Header("target"), ErrorCodes.BulletinClassInvalid, ("value", targetText), ("forms", PublishedClass.AcceptedForms))); ok = false; }
                else if (read.Kind == ClassCellKind.Class && targetYear > 0)
                {
                    if (read.Unusual)
                        spellings[targetText] = spellings.TryGetValue(targetText, out var s) ? s with { Count = s.Count + 1 } : (read.Class!.Value, 1, rowNo, Header("target"));
                    if (targetSeen.TryGetValue((section.Id, targetYear), out var firstRow))
                    {
                        if (targets.First(t => t.Section == section.Id && t.Year == targetYear).Class != read.Class)
                            { errors.Add(Error(Header("target"), ErrorCodes.TargetDuplicate, ("section", section.Id), ("year", targetYear))); ok = false; }
                    }
                    else
                    {
                        targetSeen[(section.Id, targetYear)] = rowNo;
                        targets.Add(new Target(section.Id, targetYear, read.Class!.Value));
                    }
                }
            }

            if (!ok) continue;
            foreach (var r in rowResults)
            {
                if (seen.TryGetValue((section.Id, r.Month), out var first))
                {
                    errors.Add(Error(Header("section"), ErrorCodes.ResultTwice, ("sectionName", section.Name), ("section", section.Id), ("month", r.Month), ("row", first)));
                    continue;
                }
                seen[(section.Id, r.Month)] = rowNo;
                results.Add(r);
            }
        }

        if (index.TryGetValue("target", out var targetColumn) && !options.ImportTargets)
            notes.Add(new InputError(file, headerRow, header[targetColumn].Trim(), ErrorCodes.BulletinTargetsNotImported, ("column", header[targetColumn].Trim())));
        if (continued > 0) notes.Add(new InputError(file, null, Header("river"), ErrorCodes.BulletinRiverContinued, ("count", continued), ("column", Header("river"))));
        if (table.MergedCellsFilled > 0) notes.Add(new InputError(file, null, null, ErrorCodes.BulletinMergedFilled, ("count", table.MergedCellsFilled)));
        foreach (var (text, (cls, count, row, column)) in spellings)
            notes.Add(new InputError(file, row, column, ErrorCodes.BulletinClassRead, ("value", text), ("class", PublishedClass.Name(cls)), ("count", count)));
        foreach (var (text, (count, row, column)) in markers)
            notes.Add(new InputError(file, row, column, ErrorCodes.BulletinNotMonitored, ("value", text), ("count", count)));

        if (errors.Count > 0) throw new InputException(errors);
        if (results.Count == 0 && targets.Count == 0)
            throw new InputException(new InputError(file, null, null, skipped > 0 ? ErrorCodes.BulletinNoRegisteredSection : ErrorCodes.BulletinEmpty, ("count", skipped)));

        foreach (var s in matcher.NotMentioned(mentioned))
            notes.Add(new InputError(file, null, null, ErrorCodes.BulletinSectionNotMentioned, ("section", s.Id), ("name", s.Name), ("river", registry.RiverName(s.River))));
        return new BulletinFile(file, results, notes) { Targets = targets, Skipped = skipped, YearTable = yearTable };
    }

    /// <summary>A month cell: <c>2025-01</c>, <c>2025年1月</c>, or a date (a workbook's date cell) of that month.</summary>
    private static bool TryMonth(string text, out YearMonth month)
    {
        month = default;
        if (YearMonth.TryParse(text, out var m)) { month = m.Value; return true; }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
        {
            month = new YearMonth(d.Year, d.Month);
            return true;
        }
        // A workbook's date cell without a date format: Excel serial days (1950 … 2100).
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var serial) && serial is >= 18264 and <= 73415)
        {
            var date = DateTime.FromOADate(serial);
            month = new YearMonth(date.Year, date.Month);
            return true;
        }
        return false;
    }
}
