using System.Globalization;
using System.Text;
using Liuyu.Domain;

namespace Liuyu.Data.Scenario;

/// <summary>
/// Writes scenario data as a scenario folder (formats.md): UTF-8 CSV with English headers, RFC 4180 quoting; or as
/// a scenario workbook, one sheet per file with the same headers and text cells.
/// </summary>
public static class ScenarioWriter
{
    public static void WriteFolder(ScenarioData d, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, header, rows) in Tables(d)) Write(folder, name, header, rows);
    }

    /// <summary>Writes an .xlsx workbook with one sheet per table (e.g. <c>results</c>), readable by <see cref="ScenarioReader.ReadWorkbook"/>.</summary>
    public static void WriteWorkbook(ScenarioData d, string path)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var (name, header, rows) in Tables(d))
            sheets[name] = rows.Select(r =>
            {
                var row = new Dictionary<string, object>(header.Length);
                for (var i = 0; i < header.Length; i++) row[header[i]] = r[i];
                return row;
            }).ToList();
        MiniExcelLibs.MiniExcel.SaveAs(path, sheets, overwriteFile: true);
    }

    private static IEnumerable<(string Name, string[] Header, IEnumerable<string[]> Rows)> Tables(ScenarioData d)
    {
        var tables = new List<(string, string[], IEnumerable<string[]>)>();
        void Add(string name, string[] header, IEnumerable<string[]> rows) => tables.Add((name, header, rows));
        var inv = CultureInfo.InvariantCulture;
        Add("parties", ["id", "name", "kind", "province"], d.Parties.Select(p => new[] { p.Id.Value, p.Name, p.Kind.ToString().ToLowerInvariant(), p.Province }));
        Add("rivers", ["id", "name", "inflow_province"], d.Rivers.Select(r => new[] { r.Id.Value, r.Name, r.InflowProvince ?? "" }));
        Add("sections", ["id", "name", "river", "upstream", "downstream", "kind", "km", "approved", "reference_section"], d.Sections.Select(s => new[]
        {
            s.Id.Value, s.Name, s.River.Value, s.Upstream.Value, s.Downstream.Value, s.Kind.ToString().ToLowerInvariant(),
            s.DistanceKm.ToString(inv), s.Approved ? "true" : "false", s.ReferenceSection?.Value ?? "",
        }));
        Add("targets", ["section", "year", "class"], d.Targets.Select(t => new[] { t.Section.Value, t.Year.ToString(inv), t.Class.Code }));
        Add("results", ["section", "month", "class", "source", "note"],
            d.Results.Select(r => new[] { r.Section.Value, r.Month.ToString(), r.Class?.Code ?? "", SourceName(r.Source), r.Note ?? "" }));
        if (d.Agreements.Count > 0)
            Add("agreements", ["river", "effective_from", "effective_to", "tier1", "tier2", "rule_family", .. FamilyColumns, "quantity_amount", "quantity_mode"],
                d.Agreements.Select(a => (string[])
                [
                    a.River.Value, Date(a.EffectiveFrom), Date(a.EffectiveTo), a.Tiers.Tier1.ToString(), a.Tiers.Tier2.ToString(), a.RuleFamily,
                    .. FamilyColumns.Select(k => FamilyValue(a, k)),
                    a.Quantity?.Amount.ToString() ?? "", a.Quantity is { } q ? QuantityTerms.ModeName(q.Mode) : "",
                ]));
        if (d.QuantityTargets.Count > 0)
            Add("quantity_targets", ["section", "year", "min_flow"], d.QuantityTargets.Select(t => new[] { t.Section.Value, t.Year.ToString(inv), t.MinFlow.ToString(inv) }));
        if (d.Flows.Count > 0)
            Add("flows", ["section", "month", "min_daily_flow"], d.Flows.Select(f => new[] { f.Section.Value, f.Month.ToString(), f.MinDailyFlow?.ToString(inv) ?? "" }));
        if (d.Signatures is not null)
            Add("signatures", ["river", "party", "signed_on"], d.Signatures.Select(s => new[] { s.River.Value, s.Party.Value, Date(s.SignedOn) }));
        if (d.Exemptions.Count > 0)
            Add("exemptions", ["section", "month", "finance_approved", "ecology_approved", "reason"],
                d.Exemptions.Select(e => new[] { e.Section.Value, e.Month.ToString(), Bool(e.FinanceApproved), Bool(e.EcologyApproved), e.Reason }));
        if (d.Payments is not null)
            Add("payments", ["year", "payer", "payee", "amount", "paid_on"],
                d.Payments.Select(p => new[] { p.Year.ToString(inv), p.Payer.Value, p.Payee.Value, p.Amount.ToString(), Date(p.PaidOn) }));
        if (d.Substitutes.Count > 0)
            Add("substitutes", ["river", "year", "payer", "payee", "kind", "replaces", "assessed_value", "description"], d.Substitutes.Select(s => new[]
            {
                s.River.Value, s.Year.ToString(inv), s.Payer.Value, s.Payee.Value, Storage(s.Kind), s.Replaces.ToString(), s.AssessedValue.ToString(), s.Description,
            }));
        if (d.JointActivities.Count > 0)
            Add("joint_activities", ["river", "kind", "date", "parties", "description"], d.JointActivities.Select(a => new[]
            {
                a.River.Value, Snake(a.Kind.ToString()), Date(a.Date), string.Join(';', a.Parties.Select(p => p.Value)), a.Description,
            }));
        if (d.Policy.Count > 0)
            Add("policy", ["key", "value", "effective_from"], d.Policy.Select(p => new[] { p.Key, p.Value, p.EffectiveFrom is { } f ? Date(f) : "" }));
        return tables;
    }

    private static readonly string[] FamilyColumns = [.. Domain.Accounting.RuleFamilies.ParameterKeys];

    /// <summary>An agreement's family parameter as the agreements table writes it (yuan, a class code), "" when the family has none.</summary>
    private static string FamilyValue(Agreement a, string key)
    {
        if (!a.Parameters.Values.ContainsKey(key)) return "";
        var spec = Domain.Accounting.RuleFamilies.Get(a.RuleFamily).Parameters.First(p => p.Key == key);
        return spec.Kind == Domain.Accounting.FamilyParameterKind.Money ? a.Parameters.Money(key).ToString() : a.Parameters.Class(key).Code;
    }

    public static string SourceName(ResultSource s) => s switch
    {
        ResultSource.MonitoringCentre => "monitoring_centre",
        ResultSource.Unspecified => "",
        _ => s.ToString().ToLowerInvariant(),
    };

    private static string Storage(SubstituteKind k) => k switch
    {
        SubstituteKind.CounterpartCooperation => "counterpart_cooperation",
        SubstituteKind.IndustryTransfer => "industry_transfer",
        SubstituteKind.TalentTraining => "talent_training",
        _ => "co_built_park",
    };

    /// <summary>JointMeetingSystem → joint_meeting_system, as the readers accept.</summary>
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Bool(bool b) => b ? "true" : "false";

    private static void Write(string folder, string name, string[] header, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', header).Append('\n');
        foreach (var row in rows) sb.AppendJoin(',', row.Select(Quote)).Append('\n');
        File.WriteAllText(Path.Combine(folder, name + ".csv"), sb.ToString(), new UTF8Encoding(false));
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
