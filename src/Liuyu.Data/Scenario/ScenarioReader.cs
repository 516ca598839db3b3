using System.Globalization;
using Liuyu.Data.Csv;
using Liuyu.Domain;

namespace Liuyu.Data.Scenario;

/// <summary>
/// Reads a scenario folder (formats.md): CSV files, UTF-8, English keys or Chinese aliases as headers. All
/// files are read and every error is collected before anything is returned: an import is all or nothing.
/// </summary>
public static class ScenarioReader
{
    public static class Columns
    {
        public static readonly ColumnSpec[] Parties = [new("id", "编码|代码"), new("name", "名称"), new("kind", "类型"), new("province", "省份", false)];
        public static readonly ColumnSpec[] Rivers = [new("id", "编码|代码"), new("name", "名称"), new("inflow_province", "入境省份", false)];
        public static readonly ColumnSpec[] Sections =
        [
            new("id", "编码|代码"), new("name", "名称"), new("river", "河流"), new("upstream", "上游"), new("downstream", "下游"),
            new("kind", "断面类型"), new("km", "里程"), new("approved", "是否认可"), new("reference_section", "参照断面", false),
        ];
        public static readonly ColumnSpec[] Targets = [new("section", "断面"), new("year", "年度"), new("class", "目标类别")];
        public static readonly ColumnSpec[] Results = [new("section", "断面"), new("month", "月份"), new("class", "水质类别"), new("source", "来源"), new("note", "备注", false)];
        public static readonly ColumnSpec[] Agreements =
        [
            new("river", "河流"), new("effective_from", "生效日期"), new("effective_to", "截止日期|到期日期"),
            new("tier1", "一档标准", false), new("tier2", "二档标准", false), new("rule_family", "规则族", false),
            .. Domain.Accounting.RuleFamilies.ParameterKeys.Select(k => new ColumnSpec(k, FamilyAlias(k), false)),
            new("quantity_amount", "水量补偿金额", false), new("quantity_mode", "水量补偿方式", false),
        ];

        /// <summary>The Chinese headers of the rule families' parameter columns (R-FAM); a family to come adds its own.</summary>
        private static string FamilyAlias(string key) => key switch
        {
            "target_class" => "固定目标类别",
            "step" => "每级金额",
            "reward_step" => "每级奖励",
            _ => key,
        };

        public static readonly ColumnSpec[] QuantityTargets = [new("section", "断面"), new("year", "年度"), new("min_flow", "生态基流")];
        public static readonly ColumnSpec[] Flows = [new("section", "断面"), new("month", "月份"), new("min_daily_flow", "最小日均流量")];
        public static readonly ColumnSpec[] Signatures = [new("river", "河流"), new("party", "签署方|区县"), new("signed_on", "签署日期")];
        public static readonly ColumnSpec[] Exemptions =
        [
            new("section", "断面"), new("month", "月份"), new("finance_approved", "财政局审批|市财政局认可"),
            new("ecology_approved", "生态环境局审批|市生态环境局认可"), new("reason", "原因|理由", false),
        ];
        public static readonly ColumnSpec[] Payments = [new("year", "年度"), new("payer", "付款方"), new("payee", "收款方"), new("amount", "金额"), new("paid_on", "支付日期")];
        public static readonly ColumnSpec[] Substitutes =
        [
            new("river", "河流"), new("year", "年度"), new("payer", "付款方"), new("payee", "收款方"), new("kind", "方式"),
            new("replaces", "替代金额"), new("assessed_value", "评估价值"), new("description", "说明", false),
        ];
        public static readonly ColumnSpec[] JointActivities =
        [
            new("river", "河流"), new("kind", "类型|事项"), new("date", "日期"), new("parties", "参与方|区县"), new("description", "说明|内容", false),
        ];
        public static readonly ColumnSpec[] Policy = [new("key", "参数"), new("value", "值"), new("effective_from", "生效日期", false)];
        /// <summary>Issue 14: automatic stations (HJ 212 MN, the section, the PW they send, a name, optionally their codes).</summary>
        public static readonly ColumnSpec[] Stations =
        [
            new("mn", "MN|设备编码|站点编码"), new("section", "断面"), new("password", "密码|访问密码"), new("name", "名称|站名"), new("indicators", "监测因子|因子", false),
        ];
    }

    /// <summary>Reads the folder. Throws <see cref="InputException"/> with every error found.</summary>
    public static ScenarioData ReadFolder(string folder, KnownRegistry? known = null) => ReadFolder(folder, known, resultsAhead: true);

    /// <param name="resultsAhead">
    /// false: every table is read in order on this thread, as a workbook's are (tests hold the two ways together).
    /// </param>
    /// <param name="started">the results file already being read (<see cref="StartReading"/>), taken as the read ahead</param>
    internal static ScenarioData ReadFolder(string folder, KnownRegistry? known, bool resultsAhead, Task<CsvTable?>? started = null)
    {
        if (!Directory.Exists(folder))
            throw new InputException(new InputError(folder, null, null, ErrorCodes.FolderNotFound));
        var source = new FolderSource(folder, resultsAhead);
        return started is null ? Read(source, known ?? KnownRegistry.Empty) : ReadTaking(source, known ?? KnownRegistry.Empty, started);
    }

    /// <summary>
    /// Reads a scenario workbook (formats.md: one sheet per file name without <c>.csv</c>), .xlsx or legacy .xls,
    /// validated exactly like a folder; errors name <c>book.xlsx[sheet]</c>, row and column.
    /// </summary>
    public static ScenarioData ReadWorkbook(string path, KnownRegistry? known = null)
    {
        using var workbook = Spreadsheets.Workbook.Open(path);
        return Read(new Spreadsheets.WorkbookSource(workbook), known ?? KnownRegistry.Empty);
    }

    /// <summary>A folder, or a workbook when the path names an .xlsx/.xls file.</summary>
    public static ScenarioData ReadAny(string path, KnownRegistry? known = null) => ReadAny(path, known, ahead: null);

    /// <summary>
    /// As <see cref="ReadAny(string, KnownRegistry?)"/>, taking the results file <paramref name="ahead"/> began reading
    /// (<see cref="StartReading"/>) when it is of this folder: what it read is used only as the read ahead of
    /// <see cref="Read(ITableSource, KnownRegistry)"/> is, when it added nothing to report.
    /// </summary>
    public static ScenarioData ReadAny(string path, KnownRegistry? known, ReadAhead? ahead)
    {
        if (Spreadsheets.Workbook.IsWorkbookPath(path) && !Directory.Exists(path)) return ReadWorkbook(path, known);
        return ReadFolder(path, known, resultsAhead: true, ahead?.Folder == Path.GetFullPath(path) ? ahead.Results : null);
    }

    /// <summary>
    /// Begins reading a scenario folder's results file (most of a national folder) on another core, before what the
    /// folder is read against is known: <c>liuyu import</c> starts it before it opens the store, which takes longer than
    /// the file. Null for a workbook or a folder that is not there (their reading reports it). Disposing waits for the
    /// file, so that nothing is left reading a folder its caller may delete.
    /// </summary>
    public static ReadAhead? StartReading(string path)
    {
        if (!Directory.Exists(path)) return null; // a workbook, or nothing there
        var folder = Path.GetFullPath(path);
        var source = new FolderSource(folder, concurrently: true);
        return new ReadAhead(folder, Task.Run(() => source.Table("results", Columns.Results, optional: true)));
    }

    /// <summary>A folder's results file being read ahead of its reader (<see cref="StartReading"/>).</summary>
    public sealed class ReadAhead : IDisposable
    {
        internal ReadAhead(string folder, Task<CsvTable?> results) => (Folder, Results) = (folder, results);

        internal string Folder { get; }

        internal Task<CsvTable?> Results { get; }

        public void Dispose()
        {
            try { Results.Wait(); } catch (AggregateException) { } // the reading in order reports any failure
        }
    }

    /// <summary>A place tables come from: a folder of CSV files, or the sheets of one workbook.</summary>
    public interface ITableSource
    {
        /// <summary>
        /// The table, or null when the file (sheet) is absent. An empty <paramref name="optional"/> file reads as a
        /// table without rows (present, so e.g. signatures are tracked), not as an error.
        /// </summary>
        CsvTable? Table(string name, IReadOnlyList<ColumnSpec> columns, bool optional = false);

        /// <summary>How an error about a missing table names it.</summary>
        InputError Missing(string name) => new(name + ".csv", null, null, ErrorCodes.FileRequired);

        /// <summary>
        /// Whether two tables may be read at once (files of a folder may; the sheets of one open workbook may not): the
        /// results table is then read on another core while the others are read and checked.
        /// </summary>
        bool ReadsConcurrently => false;
    }

    /// <summary>Tables whose presence is recorded: an empty file means there are none.</summary>
    private static readonly HashSet<string> NoneWhenEmpty = new(StringComparer.Ordinal) { "signatures", "payments" };

    /// <summary>Tables that a file holds for its rows alone: a file with a header and no rows is a mistake.</summary>
    private static readonly HashSet<string> RowsRequired = new(StringComparer.Ordinal) { "parties", "rivers", "sections" };

    private sealed class FolderSource(string folder, bool concurrently) : ITableSource
    {
        public bool ReadsConcurrently => concurrently;

        public CsvTable? Table(string name, IReadOnlyList<ColumnSpec> columns, bool optional = false)
        {
            var path = Path.Combine(folder, name + ".csv");
            if (!File.Exists(path)) return null;
            if (!IsBlankFile(path)) return CsvTable.Read(path, columns);
            // An empty signatures or payments file says "none" (their presence is tracked); any other empty file is a
            // file that lost its content, and importing it would record a batch of nothing.
            if (optional && NoneWhenEmpty.Contains(name)) return CsvTable.Empty(path, columns);
            throw new InputException(new InputError(path, 1, columns[0].Key, ErrorCodes.FileEmpty,
                ("columns", string.Join(", ", columns.Where(c => c.Required).Select(c => c.Key)))));
        }
    }

    public static ScenarioData Read(ITableSource source, KnownRegistry known)
    {
        // A national folder is mostly its results file (7 of 9 MB, 240,000 of 280,000 rows). Where the source allows it,
        // that file is read on another core while the other tables are read and the registry rows checked, and the read is
        // used only when it added nothing to report: any error, warning or failure there and the folder is read again
        // in order, so errors come in the same order and with the same counts either way.
        if (!source.ReadsConcurrently) return Read(source, known, resultsAhead: null)!;
        return ReadTaking(source, known, Task.Run(() => source.Table("results", Columns.Results, optional: true)));
    }

    /// <summary><see cref="Read(ITableSource, KnownRegistry)"/> with the results file already being read by <paramref name="ahead"/>.</summary>
    private static ScenarioData ReadTaking(ITableSource source, KnownRegistry known, Task<CsvTable?> ahead)
    {
        try
        {
            return Read(source, known, ahead) ?? Read(source, known, resultsAhead: null)!;
        }
        finally
        {
            // Never leave a file being read behind: a caller may delete the folder as soon as this returns. A failure there
            // is the reading in order's to report.
            try { ahead.Wait(); } catch (AggregateException) { }
        }
    }

    /// <summary>
    /// Whether <see cref="Read(ITableSource, KnownRegistry, Task{CsvTable?}?)"/>'s <c>Load</c> would add nothing to report
    /// for the results table: it was read (or is absent) without an error, a warning, a cell error or too many columns.
    /// </summary>
    private static bool IsClean(Task<CsvTable?> ahead, out CsvTable? table)
    {
        table = null;
        try
        {
            table = ahead.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            return false;
        }
        return table is null || (table.Warnings.Count == 0 && table.CellErrors.Count == 0 && Columns.Results.Length <= ReadLimits.Current.MaxColumns);
    }

    /// <summary>The folder's data, or null when <paramref name="resultsAhead"/> was not clean (<see cref="IsClean"/>).</summary>
    private static ScenarioData? Read(ITableSource source, KnownRegistry known, Task<CsvTable?>? resultsAhead)
    {
        var errors = new List<InputError>();
        var cellErrors = new List<InputError>();
        var warnings = new List<InputError>();

        // The rows of every table pass through here: errors past the bound are counted and let go, so that a million
        // bad rows cost a count, not a million kept errors (the refusal lists the first ones and the total).
        var maxErrors = Math.Max(1, ReadLimits.Current.MaxErrors);
        var dropped = 0;
        IEnumerable<CsvRow> Rows(CsvTable? t)
        {
            if (t is null) yield break;
            foreach (var row in t.Rows)
            {
                if (errors.Count > maxErrors)
                {
                    dropped += errors.Count - maxErrors;
                    errors.RemoveRange(maxErrors, errors.Count - maxErrors);
                }
                yield return row;
            }
        }

        CsvTable? Load(string name, ColumnSpec[] cols, bool required)
        {
            try
            {
                var t = source.Table(name, cols, optional: !required);
                if (t is null && required) errors.Add(source.Missing(name));

                // A header of more columns than any table has (a million unknown ones) is refused, not warned about column by column.
                var unknown = t?.Warnings.Count(w => w.Code == ErrorCodes.ColumnUnknown) ?? 0;
                if (t is not null && unknown + cols.Length > ReadLimits.Current.MaxColumns)
                {
                    var max = ReadLimits.Current.MaxColumns;
                    errors.Add(new InputError(t.File, 1, Spreadsheets.Workbook.ColumnLetters(max), ErrorCodes.SheetColumnsTooMany,
                        ("column", Spreadsheets.Workbook.ColumnLetters(max)), ("number", max + 1), ("max", max)));
                    return null;
                }
                if (t is not null) { warnings.AddRange(t.Warnings); cellErrors.AddRange(t.CellErrors); }
                if (t is { Rows.Count: 0 } && RowsRequired.Contains(name))
                    errors.Add(new InputError(t.File, 2, cols[0].Key, ErrorCodes.TableNoRows, ("table", name)));
                return t;
            }
            catch (InputException ex)
            {
                errors.AddRange(ex.Errors);
                return null;
            }
        }

        var partiesT = Load("parties", Columns.Parties, required: known.Parties.Count == 0);
        var riversT = Load("rivers", Columns.Rivers, required: known.Rivers.Count == 0);
        var sectionsT = Load("sections", Columns.Sections, required: known.Sections.Count == 0);
        var targetsT = Load("targets", Columns.Targets, required: false);
        var resultsT = resultsAhead is null ? Load("results", Columns.Results, required: false) : null;
        var agreementsT = Load("agreements", Columns.Agreements, required: false);
        var signaturesT = Load("signatures", Columns.Signatures, required: false);
        var exemptionsT = Load("exemptions", Columns.Exemptions, required: false);
        var paymentsT = Load("payments", Columns.Payments, required: false);
        var substitutesT = Load("substitutes", Columns.Substitutes, required: false);
        var policyT = Load("policy", Columns.Policy, required: false);
        var jointT = Load("joint_activities", Columns.JointActivities, required: false);
        var quantityTargetsT = Load("quantity_targets", Columns.QuantityTargets, required: false);
        var flowsT = Load("flows", Columns.Flows, required: false);
        var stationsT = Load("stations", Columns.Stations, required: false);

        // Policy first: the statutory tiers that agreements are checked against come from it (R-AMT-2).
        var policy = new List<PolicyOverride>();
        foreach (var row in Rows(policyT))
        {
            var key = row["key"];
            var value = row["value"];
            DateOnly? from = null;
            if (row["effective_from"] is { Length: > 0 } f)
            {
                if (TryDate(f, out var d)) from = d;
                else { errors.Add(row.Error("effective_from", ErrorCodes.DateInvalid, ("value", f))); continue; }
            }
            new PolicyParameters().With(key, value, out var err);
            if (err is null) policy.Add(new PolicyOverride(from, key.Trim().ToLowerInvariant(), value));
            else if (err.StartsWith("unknown policy key", StringComparison.Ordinal))
                warnings.Add(new InputError(row.Table.File, row.Number, null, ErrorCodes.PolicyKeyUnknown, ("key", key), ("keys", string.Join(", ", PolicyParameters.Keys.Keys))));
            else errors.Add(row.Error("value", ErrorCodes.PolicyValueInvalid, ("value", value), ("reason", err)));
        }
        var schedule = ScenarioData.BuildSchedule(policy);

        var parties = new List<Party>();
        var partyKinds = new Dictionary<PartyId, PartyKind>(known.Parties);
        var seenParties = new HashSet<string>();
        foreach (var row in Rows(partiesT))
        {
            var ok = Required(row, "id", errors, out var id) & Required(row, "name", errors, out var name) & SafeId(row, "id", errors);
            var kind = ParsePartyKind(row["kind"]);
            if (kind is null) { errors.Add(row.Error("kind", ErrorCodes.PartyKindInvalid, ("value", row["kind"]))); ok = false; }
            if (ok && !seenParties.Add(id)) { errors.Add(row.Error("id", ErrorCodes.PartyDuplicate, ("party", id))); ok = false; }
            if (!ok) continue;
            parties.Add(new Party(new PartyId(id), name, kind!.Value) { Province = row["province"] is { Length: > 0 } province ? province : Party.HomeProvince });
            partyKinds[new PartyId(id)] = kind.Value;
        }

        var rivers = new List<River>();
        var riverIds = new HashSet<RiverId>(known.Rivers);
        var seenRivers = new HashSet<string>();
        foreach (var row in Rows(riversT))
        {
            var ok = Required(row, "id", errors, out var id) & Required(row, "name", errors, out var name) & SafeId(row, "id", errors);
            if (ok && !seenRivers.Add(id)) { errors.Add(row.Error("id", ErrorCodes.RiverDuplicate, ("river", id))); ok = false; }
            if (!ok) continue;
            rivers.Add(new River(new RiverId(id), name, row["inflow_province"] is { Length: > 0 } p ? p : null));
            riverIds.Add(new RiverId(id));
        }

        var sections = new List<Section>();
        var sectionKinds = new Dictionary<SectionId, SectionKind>(known.Sections);
        var seenSections = new HashSet<string>();
        var references = new List<(CsvRow Row, SectionId Ref)>();
        foreach (var row in Rows(sectionsT))
        {
            var ok = Required(row, "id", errors, out var id) & Required(row, "name", errors, out var name) & SafeId(row, "id", errors);
            ok &= KnownId(row, "river", riverIds.Contains(new RiverId(row["river"])), "river", errors);
            ok &= KnownId(row, "upstream", partyKinds.ContainsKey(new PartyId(row["upstream"])), "party", errors);
            ok &= KnownId(row, "downstream", partyKinds.ContainsKey(new PartyId(row["downstream"])), "party", errors);
            if (ok && row["upstream"] == row["downstream"]) { errors.Add(row.Error("downstream", ErrorCodes.DownstreamIsUpstream)); ok = false; }
            var kind = ParseSectionKind(row["kind"]);
            if (kind is null) { errors.Add(row.Error("kind", ErrorCodes.SectionKindInvalid, ("value", row["kind"]))); ok = false; }
            if (!TryDecimal(row["km"], out var km) || km < 0) { errors.Add(row.Error("km", ErrorCodes.DistanceInvalid, ("value", row["km"]))); ok = false; }
            var approved = ParseBool(row["approved"]);
            if (approved is null) { errors.Add(row.Error("approved", ErrorCodes.BooleanInvalid, ("value", row["approved"]))); ok = false; }
            if (ok && !seenSections.Add(id)) { errors.Add(row.Error("id", ErrorCodes.SectionDuplicate, ("section", id))); ok = false; }
            if (!ok) continue;
            SectionId? reference = row["reference_section"] is { Length: > 0 } r ? new SectionId(r) : null;
            if (reference is { } rs) references.Add((row, rs));
            sections.Add(new Section(new SectionId(id), name, new RiverId(row["river"]), new PartyId(row["upstream"]), new PartyId(row["downstream"]),
                kind!.Value, km, approved!.Value, reference));
            sectionKinds[new SectionId(id)] = kind.Value;
        }
        RefuseLoops(sectionsT, sections, partyKinds, errors);
        foreach (var (row, reference) in references)
        {
            if (!sectionKinds.TryGetValue(reference, out var refKind))
                errors.Add(row.Error("reference_section", ErrorCodes.SectionUnknown, ("section", reference)));
            else if (refKind == SectionKind.None)
                errors.Add(row.Error("reference_section", ErrorCodes.ReferenceNotAssessment, ("section", reference)));
        }

        var targets = new List<Target>();
        var seenTargets = new HashSet<(string, int)>();
        foreach (var row in Rows(targetsT))
        {
            var ok = KnownId(row, "section", sectionKinds.ContainsKey(new SectionId(row["section"])), "section", errors);
            if (!TryYear(row["year"], out var year)) { errors.Add(row.Error("year", ErrorCodes.YearInvalid, ("value", row["year"]))); ok = false; }
            if (!WaterClass.TryParse(row["class"], out var cls)) { errors.Add(row.Error("class", ErrorCodes.ClassInvalid, ("value", row["class"]))); ok = false; }
            if (ok && sectionKinds[new SectionId(row["section"])] == SectionKind.None)
            {
                // Harmless but meaningless: a non-assessment section takes its baseline from an assessment section (R-BASE-2).
                warnings.Add(new InputError(row.Table.File, row.Number, null, ErrorCodes.TargetIgnored, ("section", row["section"])));
                continue;
            }
            if (ok && !seenTargets.Add((row["section"], year))) { errors.Add(row.Error("section", ErrorCodes.TargetDuplicate, ("section", row["section"]), ("year", year))); ok = false; }
            if (ok) targets.Add(new Target(new SectionId(row["section"]), year, cls!.Value));
        }

        if (resultsAhead is not null && !IsClean(resultsAhead, out resultsT)) return null;

        // Sized once: a national results table has hundreds of thousands of rows, and growing by doubling rehashes each time.
        var results = new List<MonthlyResult>(resultsT?.Rows.Count ?? 0);
        var seenResults = new HashSet<(string, YearMonth)>(resultsT?.Rows.Count ?? 0);
        foreach (var row in Rows(resultsT))
        {
            // Each cell read once (a national year has 240,000 rows).
            string section = row["section"], monthText = row["month"], classText = row["class"], sourceText = row["source"];
            var ok = KnownId(row, "section", sectionKinds.ContainsKey(new SectionId(section)), "section", errors);
            if (!YearMonth.TryParse(monthText, out var month)) { errors.Add(row.Error("month", ErrorCodes.MonthInvalid, ("value", monthText))); ok = false; }
            WaterClass? cls = null;
            if (classText.Length > 0)
            {
                if (WaterClass.TryParse(classText, out var c)) cls = c;
                else { errors.Add(row.Error("class", ErrorCodes.ClassInvalid, ("value", classText))); ok = false; }
            }
            var src = sourceText.Length == 0 && classText.Length == 0 ? ResultSource.Unspecified : ParseSource(sourceText);
            if (src is null) { errors.Add(row.Error("source", ErrorCodes.SourceInvalid, ("value", sourceText))); ok = false; }
            if (ok && !seenResults.Add((section, month!.Value))) { errors.Add(row.Error("month", ErrorCodes.ResultDuplicate, ("section", section), ("month", month))); ok = false; }
            if (ok) results.Add(new MonthlyResult(new SectionId(section), month!.Value, cls, src!.Value, row["note"] is { Length: > 0 } n ? n : null));
        }

        var agreements = new List<Agreement>();
        foreach (var row in Rows(agreementsT))
        {
            var ok = KnownId(row, "river", riverIds.Contains(new RiverId(row["river"])), "river", errors);
            if (!TryDate(row["effective_from"], out var from)) { errors.Add(row.Error("effective_from", ErrorCodes.DateInvalid, ("value", row["effective_from"]))); ok = false; }
            if (!TryDate(row["effective_to"], out var to)) { errors.Add(row.Error("effective_to", ErrorCodes.DateInvalid, ("value", row["effective_to"]))); ok = false; }
            if (ok && to < from) { errors.Add(row.Error("effective_to", ErrorCodes.TermReversed)); ok = false; }
            var statutory = ok ? schedule.For(from).Parameters : schedule.Versions[0].Parameters;
            var tier1 = Amount(row, "tier1", statutory.Tier1, errors, ref ok);
            var tier2 = Amount(row, "tier2", statutory.Tier2, errors, ref ok);
            var family = row["rule_family"] is { Length: > 0 } fam ? fam : Chongqing2023Rule.FamilyId;
            if (!Domain.Accounting.RuleFamilies.Exists(family)) { errors.Add(row.Error("rule_family", ErrorCodes.RuleFamilyUnknown, ("family", family), ("known", string.Join(", ", Domain.Accounting.RuleFamilies.Ids)))); ok = false; }
            var parameters = Domain.Accounting.RuleFamilies.Exists(family) ? FamilyParameters(row, Domain.Accounting.RuleFamilies.Get(family), errors, ref ok) : null;
            var quantity = QuantityTermsOf(row, errors, ref ok);
            if (!ok) continue;
            var rule = Domain.Accounting.RuleFamilies.Get(family);
            var tiers = new Tiers(tier1, tier2);
            // R-AMT-2: never lower than the statutory amounts, rejected when the agreement is registered (cq2023 only, R-FAM-1).
            if (rule.StatutoryTiersBind && Agreement.CheckTiers(tiers, statutory) is not null)
            {
                var (tier, amount, minimum) = tiers.Tier1 < statutory.Tier1 ? ("tier1", tiers.Tier1, statutory.Tier1) : ("tier2", tiers.Tier2, statutory.Tier2);
                errors.Add(row.Error(tier, ErrorCodes.TierBelowMinimum, ("tier", tier), ("value", amount), ("minimum", minimum)));
                continue;
            }
            var agreement = new Agreement(new RiverId(row["river"]), from, to, tiers, rule.Id) { Parameters = parameters!, Quantity = quantity };
            if (!agreement.TermIsLongEnough(statutory.MinimumTermYears))
                warnings.Add(new InputError(row.Table.File, row.Number, null, ErrorCodes.TermShort, ("years", statutory.MinimumTermYears)));
            agreements.Add(agreement);
        }

        List<Signature>? signatures = signaturesT is null ? null : [];
        var seenSignatures = new HashSet<(string, string)>();
        foreach (var row in Rows(signaturesT))
        {
            var ok = KnownId(row, "river", riverIds.Contains(new RiverId(row["river"])), "river", errors);
            ok &= KnownId(row, "party", partyKinds.ContainsKey(new PartyId(row["party"])), "party", errors);
            if (!TryDate(row["signed_on"], out var d)) { errors.Add(row.Error("signed_on", ErrorCodes.DateInvalid, ("value", row["signed_on"]))); ok = false; }
            if (ok && !seenSignatures.Add((row["river"], row["party"]))) { errors.Add(row.Error("party", ErrorCodes.SignatureDuplicate, ("party", row["party"]), ("river", row["river"]))); ok = false; }
            if (ok) signatures!.Add(new Signature(new RiverId(row["river"]), new PartyId(row["party"]), d));
        }

        var exemptions = new List<Exemption>();
        var seenExemptions = new HashSet<(string, YearMonth)>();
        foreach (var row in Rows(exemptionsT))
        {
            var ok = KnownId(row, "section", sectionKinds.ContainsKey(new SectionId(row["section"])), "section", errors);
            if (!YearMonth.TryParse(row["month"], out var month)) { errors.Add(row.Error("month", ErrorCodes.MonthInvalid, ("value", row["month"]))); ok = false; }
            var fin = ParseBool(row["finance_approved"]);
            if (fin is null) { errors.Add(row.Error("finance_approved", ErrorCodes.BooleanInvalid, ("value", row["finance_approved"]))); ok = false; }
            var eco = ParseBool(row["ecology_approved"]);
            if (eco is null) { errors.Add(row.Error("ecology_approved", ErrorCodes.BooleanInvalid, ("value", row["ecology_approved"]))); ok = false; }
            if (ok && !seenExemptions.Add((row["section"], month!.Value))) { errors.Add(row.Error("month", ErrorCodes.ExemptionDuplicate, ("section", row["section"]), ("month", month))); ok = false; }
            if (ok) exemptions.Add(new Exemption(new SectionId(row["section"]), month!.Value, fin!.Value, eco!.Value, row["reason"]));
        }

        List<Payment>? payments = paymentsT is null ? null : [];
        foreach (var row in Rows(paymentsT))
        {
            var ok = TryYear(row["year"], out var year);
            if (!ok) errors.Add(row.Error("year", ErrorCodes.YearInvalid, ("value", row["year"])));
            ok &= KnownId(row, "payer", partyKinds.ContainsKey(new PartyId(row["payer"])), "party", errors);
            ok &= KnownId(row, "payee", partyKinds.ContainsKey(new PartyId(row["payee"])), "party", errors);
            if (ok && row["payer"] == row["payee"]) { errors.Add(row.Error("payee", ErrorCodes.PayeeIsPayer)); ok = false; }
            var amount = Amount(row, "amount", null, errors, ref ok);
            if (!TryDate(row["paid_on"], out var paidOn)) { errors.Add(row.Error("paid_on", ErrorCodes.DateInvalid, ("value", row["paid_on"]))); ok = false; }
            if (ok) payments!.Add(new Payment(year, new PartyId(row["payer"]), new PartyId(row["payee"]), amount, paidOn));
        }

        var substitutes = new List<Substitute>();
        foreach (var row in Rows(substitutesT))
        {
            var ok = KnownId(row, "river", riverIds.Contains(new RiverId(row["river"])), "river", errors);
            if (!TryYear(row["year"], out var year)) { errors.Add(row.Error("year", ErrorCodes.YearInvalid, ("value", row["year"]))); ok = false; }
            ok &= KnownId(row, "payer", partyKinds.ContainsKey(new PartyId(row["payer"])), "party", errors);
            ok &= KnownId(row, "payee", partyKinds.ContainsKey(new PartyId(row["payee"])), "party", errors);
            var kind = ParseSubstituteKind(row["kind"]);
            if (kind is null) { errors.Add(row.Error("kind", ErrorCodes.SubstituteKindInvalid, ("value", row["kind"]))); ok = false; }
            var replaces = Amount(row, "replaces", null, errors, ref ok);
            var assessed = Amount(row, "assessed_value", null, errors, ref ok);
            if (ok) substitutes.Add(new Substitute(new RiverId(row["river"]), year, new PartyId(row["payer"]), new PartyId(row["payee"]), kind!.Value, replaces, assessed, row["description"]));
        }

        var joint = new List<JointActivity>();
        foreach (var row in Rows(jointT))
        {
            var ok = KnownId(row, "river", riverIds.Contains(new RiverId(row["river"])), "river", errors);
            var kind = ParseJointKind(row["kind"]);
            if (kind is null) { errors.Add(row.Error("kind", ErrorCodes.ActivityKindInvalid, ("value", row["kind"]))); ok = false; }
            if (!TryDate(row["date"], out var date)) { errors.Add(row.Error("date", ErrorCodes.DateInvalid, ("value", row["date"]))); ok = false; }
            var members = row["parties"].Split([';', '；', '、', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => new PartyId(x)).ToList();
            if (members.Count == 0) { errors.Add(row.Error("parties", ErrorCodes.PartiesNone)); ok = false; }
            foreach (var m in members.Where(m => !partyKinds.ContainsKey(m))) { errors.Add(row.Error("parties", ErrorCodes.PartyUnknown, ("party", m))); ok = false; }
            if (ok) joint.Add(new JointActivity(new RiverId(row["river"]), kind!.Value, date, members, row["description"]));
        }

        // R-EXT-1: ecological base flows per section and year, and the months' lowest daily mean flows.
        var quantityTargets = new List<QuantityTarget>();
        var seenQuantityTargets = new HashSet<(string, int)>();
        foreach (var row in Rows(quantityTargetsT))
        {
            var ok = KnownId(row, "section", sectionKinds.ContainsKey(new SectionId(row["section"])), "section", errors);
            if (!TryYear(row["year"], out var year)) { errors.Add(row.Error("year", ErrorCodes.YearInvalid, ("value", row["year"]))); ok = false; }
            if (!TryDecimal(row["min_flow"], out var minFlow) || minFlow < 0) { errors.Add(row.Error("min_flow", ErrorCodes.FlowInvalid, ("value", row["min_flow"]))); ok = false; }
            if (ok && !seenQuantityTargets.Add((row["section"], year))) { errors.Add(row.Error("section", ErrorCodes.QuantityTargetDuplicate, ("section", row["section"]), ("year", year))); ok = false; }
            if (ok) quantityTargets.Add(new QuantityTarget(new SectionId(row["section"]), year, minFlow));
        }

        var flows = new List<MonthlyFlow>();
        var seenFlows = new HashSet<(string, YearMonth)>();
        foreach (var row in Rows(flowsT))
        {
            var ok = KnownId(row, "section", sectionKinds.ContainsKey(new SectionId(row["section"])), "section", errors);
            if (!YearMonth.TryParse(row["month"], out var month)) { errors.Add(row.Error("month", ErrorCodes.MonthInvalid, ("value", row["month"]))); ok = false; }
            decimal? flow = null;
            if (row["min_daily_flow"].Length > 0)
            {
                // An empty cell is a month without a figure (R-EXT-1d); anything else must be a flow.
                if (TryDecimal(row["min_daily_flow"], out var f) && f >= 0) flow = f;
                else { errors.Add(row.Error("min_daily_flow", ErrorCodes.FlowInvalid, ("value", row["min_daily_flow"]))); ok = false; }
            }
            if (ok && !seenFlows.Add((row["section"], month!.Value))) { errors.Add(row.Error("month", ErrorCodes.FlowDuplicate, ("section", row["section"]), ("month", month))); ok = false; }
            if (ok) flows.Add(new MonthlyFlow(new SectionId(row["section"]), month!.Value, flow));
        }

        var stations = new List<Liuyu.Data.Stations.Station>();
        var seenStations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Rows(stationsT))
        {
            var ok = KnownId(row, "section", sectionKinds.ContainsKey(new SectionId(row["section"])), "section", errors);
            var mn = row["mn"].Trim();
            if (!Liuyu.Data.Stations.StationRules.IsMn(mn)) { errors.Add(row.Error("mn", ErrorCodes.StationMnInvalid, ("value", mn))); ok = false; }
            else if (!seenStations.Add(mn)) { errors.Add(row.Error("mn", ErrorCodes.StationDuplicate, ("mn", mn))); ok = false; }
            if (!Liuyu.Data.Stations.StationRules.IsPassword(row["password"])) { errors.Add(row.Error("password", ErrorCodes.StationPasswordInvalid)); ok = false; }
            if (Liuyu.Data.Stations.Station.ParseIndicators(row["indicators"]) is null) { errors.Add(row.Error("indicators", ErrorCodes.StationIndicatorsInvalid, ("value", row["indicators"]))); ok = false; }
            if (ok) stations.Add(Liuyu.Data.Stations.Station.Create(mn, row["section"], row["password"], row["name"], row["indicators"]));
        }

        CsvTable.MergeCellErrors(errors, cellErrors);
        if (errors.Count > 0) throw new InputException(errors, errors.Count + dropped);
        return new ScenarioData(parties, rivers, sections, targets, results, agreements, signatures, exemptions, payments, substitutes, policy, warnings)
        { JointActivities = joint, QuantityTargets = quantityTargets, Flows = flows, Stations = stations };
    }

    /// <summary>
    /// <see cref="IsBlank"/> of a file's bytes, read only as far as the first byte that is not blank (the first, in any
    /// file with content).
    /// </summary>
    private static bool IsBlankFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        Span<byte> buffer = stackalloc byte[4096];
        var first = true;
        int read;
        while ((read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            // ReadAtLeast fills the first chunk, so a BOM is whole there.
            if (!IsBlank(buffer[..read], atStart: first)) return false;
            first = false;
        }
        return true;
    }

    /// <summary>A file of nothing but a BOM and white space.</summary>
    public static bool IsBlank(byte[] bytes) => IsBlank(bytes, atStart: true);

    /// <summary>Bytes of nothing but white space, after a UTF-8 BOM when they are a file's first.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> bytes, bool atStart)
    {
        if (atStart && bytes is [0xEF, 0xBB, 0xBF, ..]) bytes = bytes[3..];
        foreach (var b in bytes)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    /// <summary>Characters that make a spreadsheet read a cell as a formula (CSV injection): an id never starts with one.</summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n'];

    /// <summary>
    /// Ids end up in every export a finance officer opens in Excel; one starting with a formula character is refused
    /// rather than carried (the export neutralises cells as well, but an id is also a key others type and match).
    /// </summary>
    private static bool SafeId(CsvRow row, string key, List<InputError> errors)
    {
        var value = row[key];
        if (value.Length == 0 || Array.IndexOf(FormulaStarts, value[0]) < 0) return true;
        errors.Add(row.Error(key, ErrorCodes.IdFormulaStart, ("value", value)));
        return false;
    }

    /// <summary>
    /// R-RIVER-1: each river has an ordered chain of parties from upstream to downstream. A section whose downstream
    /// party already lies upstream of its upstream party on that river (through the river's other sections) runs
    /// backwards and makes the chain a loop; it is refused at its row. The municipal treasury is left out: it is the
    /// head and the tail of every chain (R-HEAD-1, R-TAIL-1), which closes the chain by design.
    /// </summary>
    private static void RefuseLoops(CsvTable? table, List<Section> sections, Dictionary<PartyId, PartyKind> kinds, List<InputError> errors)
    {
        if (table is null) return;
        // The rows by id, for the errors: built at the first loop found, which most folders never have.
        Dictionary<string, CsvRow>? rowOf = null;
        foreach (var river in sections.GroupBy(s => s.River))
        {
            var downstreamOf = new Dictionary<PartyId, List<PartyId>>();
            foreach (var s in river)
            {
                if (kinds.GetValueOrDefault(s.Upstream) == PartyKind.Municipal || kinds.GetValueOrDefault(s.Downstream) == PartyKind.Municipal) continue;
                // Does the downstream party already reach the upstream one? Then this section closes a loop.
                // A downstream party with no section below it yet reaches nobody (the usual case, sections listed from the
                // source down): no search needed.
                if ((s.Downstream == s.Upstream || downstreamOf.ContainsKey(s.Downstream)) && ChainPath(downstreamOf, s.Downstream, s.Upstream) is { } path
                    && (rowOf ??= table.Rows.GroupBy(r => r["id"]).ToDictionary(g => g.Key, g => g.First())).TryGetValue(s.Id.Value, out var row))
                {
                    errors.Add(row.Error("downstream", ErrorCodes.SectionLoop, ("section", s.Id.Value), ("river", river.Key.Value),
                        ("chain", string.Join(" → ", path.Prepend(s.Upstream).Select(p => p.Value)))));
                    continue;
                }
                if (!downstreamOf.TryGetValue(s.Upstream, out var next)) downstreamOf[s.Upstream] = next = [];
                next.Add(s.Downstream);
            }
        }
    }

    /// <summary>A path from <paramref name="from"/> to <paramref name="to"/> along the edges, or null (breadth first).</summary>
    private static List<PartyId>? ChainPath(Dictionary<PartyId, List<PartyId>> edges, PartyId from, PartyId to)
    {
        var cameFrom = new Dictionary<PartyId, PartyId> { [from] = from };
        var queue = new Queue<PartyId>([from]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == to)
            {
                var path = new List<PartyId> { at };
                while (at != from) path.Add(at = cameFrom[at]);
                path.Reverse();
                return path;
            }
            foreach (var n in edges.GetValueOrDefault(at) ?? [])
                if (cameFrom.TryAdd(n, at)) queue.Enqueue(n);
        }
        return null;
    }

    private static bool Required(CsvRow row, string key, List<InputError> errors, out string value)
    {
        value = row[key];
        if (value.Length > 0) return true;
        errors.Add(row.Error(key, ErrorCodes.ValueEmpty, ("column", key)));
        return false;
    }

    private static bool KnownId(CsvRow row, string key, bool known, string what, List<InputError> errors)
    {
        if (known) return true;
        errors.Add(row[key].Length == 0 ? row.Error(key, ErrorCodes.ValueEmpty, ("column", key))
            : row.Error(key, what switch { "party" => ErrorCodes.PartyUnknown, "river" => ErrorCodes.RiverUnknown, _ => ErrorCodes.SectionUnknown }, (what, row[key])));
        return false;
    }

    private static Fen Amount(CsvRow row, string key, Fen? fallback, List<InputError> errors, ref bool ok)
    {
        var text = row[key];
        if (text.Length == 0 && fallback is { } f) return f;
        if (!Fen.TryParseYuan(text, out var fen)) { errors.Add(row.Error(key, ErrorCodes.AmountInvalid, ("value", text))); ok = false; return Fen.Zero; }
        if (fen < Fen.Zero) { errors.Add(row.Error(key, ErrorCodes.AmountNegative, ("value", text))); ok = false; }
        return fen;
    }

    /// <summary>
    /// R-FAM-1: the family's parameters of an agreements row, validated against what the family declares: each value of
    /// its kind (money ≥ 0, a class), a required one present, and no value in another family's column (a
    /// <c>step</c> on a fixed-target agreement is a mistake, not something to ignore). Defaults filled in.
    /// </summary>
    private static Domain.Accounting.FamilyParameters? FamilyParameters(CsvRow row, Domain.Accounting.IMonthlyRuleFamily family, List<InputError> errors, ref bool rowOk)
    {
        var ok = true;
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Domain.Accounting.RuleFamilies.ParameterKeys)
        {
            var text = row[key];
            var spec = family.Parameters.FirstOrDefault(p => p.Key == key);
            if (spec is null)
            {
                if (text.Length > 0)
                {
                    errors.Add(row.Error(key, ErrorCodes.FamilyParameterForeign, ("parameter", key), ("family", family.Id),
                        ("parameters", family.Parameters.Count == 0 ? "—" : string.Join(", ", family.Parameters.Select(p => p.Key)))));
                    ok = false;
                }
                continue;
            }
            if (text.Length == 0)
            {
                if (spec.Required) { errors.Add(row.Error(key, ErrorCodes.FamilyParameterMissing, ("parameter", key), ("family", family.Id))); ok = false; }
                continue;
            }
            switch (spec.Kind)
            {
                case Domain.Accounting.FamilyParameterKind.Money:
                    var valueOk = true;
                    var amount = Amount(row, key, null, errors, ref valueOk);
                    if (valueOk) given[key] = Domain.Accounting.FamilyParameter.Canonical(amount);
                    else ok = false;
                    break;
                case Domain.Accounting.FamilyParameterKind.WaterClass:
                    if (WaterClass.TryParse(text, out var cls)) given[key] = Domain.Accounting.FamilyParameter.Canonical(cls.Value);
                    else { errors.Add(row.Error(key, ErrorCodes.ClassInvalid, ("value", text))); ok = false; }
                    break;
            }
        }
        rowOk &= ok;
        return ok ? Domain.Accounting.FamilyParameters.Resolve(family, given) : null;
    }

    /// <summary>R-EXT-1: an agreement's quantity terms; none without <c>quantity_amount</c> (the plan sets no default).</summary>
    private static QuantityTerms? QuantityTermsOf(CsvRow row, List<InputError> errors, ref bool ok)
    {
        var mode = QuantityTerms.ParseMode(row["quantity_mode"]);
        if (mode is null) { errors.Add(row.Error("quantity_mode", ErrorCodes.QuantityModeInvalid, ("value", row["quantity_mode"]))); ok = false; }
        if (row["quantity_amount"].Length == 0)
        {
            if (row["quantity_mode"].Length > 0)
            {
                errors.Add(row.Error("quantity_amount", ErrorCodes.FamilyParameterMissing, ("parameter", "quantity_amount"), ("family", "R-EXT-1")));
                ok = false;
            }
            return null;
        }
        var amount = Amount(row, "quantity_amount", null, errors, ref ok);
        return ok ? new QuantityTerms(amount, mode!.Value) : null;
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryYear(string text, out int year) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 9999;

    private static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "y" or "是" or "认可" or "同意" => true,
        "false" or "0" or "no" or "n" or "否" or "不认可" or "不同意" => false,
        _ => null,
    };

    public static PartyKind? ParsePartyKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "district" or "区县" or "区" or "县" => PartyKind.District,
        "municipal" or "市级" or "市级财政" => PartyKind.Municipal,
        "province" or "省" or "省级" => PartyKind.Province,
        _ => null,
    };

    public static SectionKind? ParseSectionKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "national" or "国控" or "国控考核断面" => SectionKind.National,
        "municipal" or "市控" or "市控考核断面" => SectionKind.Municipal,
        "none" or "" or "非考核" or "非考核断面" => SectionKind.None,
        _ => null,
    };

    public static ResultSource? ParseSource(string text) => text.Trim().ToLowerInvariant() switch
    {
        "national" or "国家通报" or "国家" => ResultSource.National,
        "municipal" or "市级通报" or "市级" => ResultSource.Municipal,
        "monitoring_centre" or "monitoring_center" or "监测中心" or "市生态环境监测中心" => ResultSource.MonitoringCentre,
        "joint" or "联合监测" => ResultSource.Joint,
        "computed" or "计算" => ResultSource.Computed,
        _ => null,
    };

    public static JointActivityKind? ParseJointKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "joint_meeting_system" or "联席会议制度" or "联席会议" => JointActivityKind.JointMeetingSystem,
        "joint_enforcement" or "联合执法" => JointActivityKind.JointEnforcement,
        "joint_emergency_response" or "联合应急" or "联合应急处置" => JointActivityKind.JointEmergencyResponse,
        "project_consultation" or "环评会商" or "重大项目环评会商" => JointActivityKind.ProjectConsultation,
        _ => null,
    };

    public static SubstituteKind? ParseSubstituteKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "counterpart_cooperation" or "对口协作" => SubstituteKind.CounterpartCooperation,
        "industry_transfer" or "产业转移" => SubstituteKind.IndustryTransfer,
        "talent_training" or "人才培训" => SubstituteKind.TalentTraining,
        "co_built_park" or "共建园区" => SubstituteKind.CoBuiltPark,
        _ => null,
    };
}
