using System.CommandLine;
using System.Text.Json;
using Liuyu.Data.Contracts;
using Liuyu.Domain;
using Spectre.Console;

namespace Liuyu.Cli.Features.Explain;

/// <summary>
/// <c>liuyu explain --section S --month YYYY-MM</c>: the baseline and where it came from, the result and its
/// source (with revisions), the rule and parameters applied, any exemption, the amount, and the ledger history.
/// </summary>
public static class ExplainCommand
{
    public static Command Create(CliContext ctx)
    {
        var store = CliOptions.Store();
        var section = new Option<string>("--section") { Description = "section id", Required = true };
        var month = new Option<string>("--month", "-m") { Description = "month, YYYY-MM", Required = true };
        var json = CliOptions.Json();
        var cmd = new Command("explain", "explain one section-month: baseline, result, rule, exemption, amount, ledger history") { store, section, month, json };
        cmd.SetAction(p =>
        {
            var m = CliOptions.ParseMonth(p.GetValue(month), "--month");
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var e = s.Explain(new SectionId(p.GetValue(section)!), m);
            // Issue 14: the automatic station's month, if its stations sent hourly data: which source and how complete.
            var station = s.StationMonths(e.Section.Id, m.Year).FirstOrDefault(x => x.Evaluation.Month == m)?.Evaluation;
            if (p.GetValue(json)) WriteJson(ctx, e, station);
            else Render(ctx.Console(), e, station);
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    public static IEnumerable<(string Label, string Value)> Facts(Explanation e)
    {
        var o = e.Outcome;
        var p = e.Policy.Parameters;
        yield return ("河流 river", $"{e.River.Name} ({e.River.Id})");
        yield return ("断面 section", $"{e.Section.Name} ({e.Section.Id}), {Kind(e.Section.Kind)}, {e.Section.DistanceKm} km, {(e.Section.Approved ? "已认可 approved" : "未认可 not approved (R-SEC-2)")}");
        yield return ("上游 upstream", $"{e.Upstream.Name} ({e.Upstream.Id})");
        yield return ("下游 downstream", $"{e.Downstream.Name} ({e.Downstream.Id})");
        yield return ("月份 month", o.Month.ToString());
        yield return ("基准 baseline", o.BaselineDetail?.Explain() ?? "none");
        var result = o.Result is { } r ? $"{r.Display} from {o.Source} (revision {o.ResultRevision})" : $"none: {Data.Wording.NoteWording.Describe(o.Note, CliOptions.English)}";
        yield return ("结果 result", result);
        foreach (var rev in e.ResultRevisions.Where(x => x.Revision != o.ResultRevision))
            yield return ("  earlier revision", $"#{rev.Revision}: {rev.Class?.Display ?? "none"} from {rev.Source}{(rev.Note is null ? "" : " — " + rev.Note)}");
        if (e.Computed is { } c) yield return ("计算结果 computed", Computed(e, c));
        if (o.ClassDifference is { } d) yield return ("差 d = b − r", d.ToString());
        yield return ("规则族 rule family", o.RuleFamily + (o.Parameters is { IsEmpty: false } fp ? $" ({Domain.Accounting.RuleFamilies.Describe(Domain.Accounting.RuleFamilies.Get(o.RuleFamily), fp)})" : ""));
        yield return ("标准 tiers", $"1 class {CliOptions.Yuan(o.Tiers.Tier1)} 元, ≥2 classes {CliOptions.Yuan(o.Tiers.Tier2)} 元" + (e.Agreement is { } a ? $" (agreement {a.EffectiveFrom:yyyy-MM-dd}…{a.EffectiveTo:yyyy-MM-dd})" : " (statutory, R-AMT-1)"));
        yield return ("参数版本 policy", $"{e.Policy.Id}: good ≤ {WaterClass.FromOrdinal(p.GoodThresholdOrdinal).Display}, tie → {p.BaselineTieBreak}");
        yield return ("免除 exemption", e.Exemption is { } ex ? $"{ex.Reason}: finance {(ex.FinanceApproved ? "approved" : "not approved")}, ecology {(ex.EcologyApproved ? "approved" : "not approved")}{(ex.IsApproved ? " → effective" : " → not effective")}" : "none");
        yield return ("规则 rule", o.Rule);
        yield return ("金额 amount", o.Payer is null ? "0 (no payment)" : $"{e.Outcome.Payer} → {e.Outcome.Payee}: {CliOptions.Yuan(o.Amount)} 元");
        // R-EXT-1: the quantity line beside the water-quality line.
        if (e.Quantity is { } q && q.Parameters is { } qt)
        {
            var terms = QuantityTerms.FromParameters(qt);
            yield return ("水量 quantity", $"lowest daily mean flow {(q.Flow is { } f ? QuantityRule.Canonical(f) + " m³/s" : "none")} against base flow {QuantityRule.Canonical(q.FlowTarget ?? 0)} m³/s; " +
                $"{CliOptions.Yuan(terms.Amount)} 元 {QuantityTerms.ModeName(terms.Mode)} → {q.Rule}" + (q.Payer is null ? ", no payment" : $", {q.Payer} → {q.Payee}: {CliOptions.Yuan(q.Amount)} 元"));
        }
        var posted = e.History.LastOrDefault(l => l.Kind == Domain.Ledger.LedgerLineKind.Posting && l.Purpose == o.Purpose);
        yield return ("台账 ledger", posted is null ? "not yet accounted"
            : posted.InputDigest == o.InputDigest ? $"line {posted.Sequence} is current" : $"line {posted.Sequence} differs from the inputs now: account again to post the correction{(e.YearClosed ? " (as an adjustment: the year is closed)" : "")}");
    }

    /// <summary>The class computed from samples, and whether it is the one accounted (imported results win, ResultPrecedence).</summary>
    private static string Computed(Explanation e, ComputedResult c)
    {
        var what = c.Class is { } cls
            ? $"{cls.Display} from {c.SampleCount} samples, deciding {string.Join(", ", c.Deciding)} ({c.Participating.Count} indicators took part)"
            : $"no valid sample of a class indicator among {c.SampleCount} samples";
        var imported = e.ResultRevisions.LastOrDefault();
        var role = imported is null
            ? "accounted: no result was imported"
            : imported.Class == c.Class
                ? $"agrees with the imported result ({imported.Source})"
                : $"DISAGREES with the imported {imported.Class?.Display ?? "no valid result"} ({imported.Source}), which is accounted";
        return $"{what}; {role}";
    }

    private static string Kind(SectionKind k) => k switch
    {
        SectionKind.National => "国控考核断面",
        SectionKind.Municipal => "市控考核断面",
        _ => "非考核断面",
    };

    /// <summary>
    /// The station's month (issue 14, R-DATA-3): its class, the valid hours against the month's hours and the policy's
    /// threshold, and which source the month's computed class takes (an imported result still wins over both).
    /// </summary>
    public static string Station(Domain.Quality.StationMonthEvaluation m) =>
        $"{m.Evaluation.Class?.Display ?? "no class"} from {m.ValidHours} of {m.HoursInMonth} hours valid "
        + $"({m.Completeness:P1}, {m.Required:P0} required); {(m.UsesStation ? "the station is the computed source" : "the lab samples are the computed source")}";

    private static void Render(IAnsiConsole console, Explanation e, Domain.Quality.StationMonthEvaluation? station)
    {
        var grid = new Table().HideHeaders().AddColumn("").AddColumn("");
        foreach (var (label, value) in Facts(e)) grid.AddRow(Markup.Escape(label), Markup.Escape(value));
        if (station is not null) grid.AddRow(Markup.Escape("自动站 station"), Markup.Escape(Station(station)));
        console.Write(grid);
        if (e.History.Count == 0) return;
        var h = new Table().Title("ledger history").AddColumn("#").AddColumn("kind").AddColumn("posted in").AddColumn("rule").AddColumn("payer → payee").AddColumn(new TableColumn("amount").RightAligned()).AddColumn("policy").AddColumn("note");
        foreach (var l in e.History)
            h.AddRow(l.Sequence.ToString(), l.Kind.ToString() + (l.IsAdjustment ? " (adjustment)" : ""), l.PostedYear.ToString(), l.Rule,
                Markup.Escape(l.Payer is null ? "—" : $"{l.Payer} → {l.Payee}"), CliOptions.Yuan(l.Amount), Markup.Escape(l.PolicyVersion), Markup.Escape(Data.Wording.NoteWording.Describe(l, CliOptions.English)));
        console.Write(h);
    }

    private static void WriteJson(CliContext ctx, Explanation e, Domain.Quality.StationMonthEvaluation? station)
    {
        var o = e.Outcome;
        var doc = new Dictionary<string, object?>
        {
            ["river"] = e.River.Id.Value,
            ["section"] = e.Section.Id.Value,
            ["month"] = o.Month.ToString(),
            ["approved"] = e.Section.Approved,
            ["baseline"] = o.Baseline?.Code,
            ["baseline_from"] = o.BaselineDetail?.From.Value,
            ["baseline_basis"] = o.BaselineDetail?.Basis.ToString(),
            ["result"] = o.Result?.Code,
            ["source"] = o.Source?.ToString(),
            ["revision"] = o.ResultRevision,
            ["rule"] = o.Rule,
            ["rule_family"] = o.RuleFamily,
            ["policy_version"] = o.PolicyVersion,
            ["tier1"] = o.Tiers.Tier1.Yuan,
            ["tier2"] = o.Tiers.Tier2.Yuan,
            ["exemption"] = o.ExemptionReference,
            ["payer"] = o.Payer?.Value,
            ["payee"] = o.Payee?.Value,
            ["amount"] = o.Amount.Yuan,
            ["note"] = o.Note?.English,
            ["note_code"] = o.Note?.Code,
            ["note_args"] = o.Note?.Args,
            ["computed"] = e.Computed is { } c
                ? new Dictionary<string, object?>
                {
                    ["class"] = c.Class?.Code,
                    ["deciding"] = c.Deciding,
                    ["participating"] = c.Participating,
                    ["samples"] = c.SampleCount,
                    ["computed_at"] = c.ComputedAt,
                    ["batch"] = c.BatchId,
                }
                : null,
            ["station"] = station is null ? null : new Dictionary<string, object?>
            {
                ["class"] = station.Evaluation.Class?.Code,
                ["deciding"] = station.Evaluation.Deciding.Select(i => i.Key).ToList(),
                ["valid_hours"] = station.ValidHours,
                ["hours"] = station.HoursInMonth,
                ["completeness"] = Math.Round(station.Completeness, 4),
                ["required"] = station.Required,
                ["source"] = station.UsesStation ? "station" : "samples",
            },
            ["facts"] = Facts(e).Select(f => new { label = f.Label, value = f.Value }).ToList(),
            ["history"] = e.History.Select(l => new { sequence = l.Sequence, kind = l.Kind.ToString(), posted_year = l.PostedYear, rule = l.Rule, amount = l.Amount.Yuan, digest = l.InputDigest }).ToList(),
        };
        ctx.Out.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, Encoder = AccountingJson.WriterOptions.Encoder }));
    }
}
