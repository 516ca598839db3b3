using Liuyu.Data.Reference;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;

namespace Liuyu.Data.Demo;

/// <summary>
/// A demonstration scheme generated from the Chongqing registry, so that a newcomer sees two full years at once:
/// one section per consecutive pair of each river's chain plus the municipal head (R-HEAD-1) and tail (R-TAIL-1)
/// sections; plausible targets; 24 months of synthetic results; agreements, signatures (one late, one missing),
/// exemptions and first-year payments (one short, so a penalty shows). Every river and section name is marked
/// 示例 and every section id starts with DEMO-: it is never to be mistaken for the real registry, and the store
/// refuses to mix the two (see <c>LiuyuStore.Import</c>). Deterministic for a given seed.
/// </summary>
public static class DemoDataset
{
    public const string DatasetName = "demo";
    public const string Marker = "示例";

    public static ScenarioData Generate(ChongqingRegistry registry, int firstYear = 2023, int years = 2, int seed = 2023)
    {
        var rng = new Random(seed);
        var city = new PartyId("CITY");
        var rivers = new List<River>();
        var sections = new List<Section>();
        var targets = new List<Target>();
        var results = new List<MonthlyResult>();
        var agreements = new List<Agreement>();
        var signatures = new List<Signature>();
        var exemptions = new List<Exemption>();
        var tiers = new Tiers(Fen.FromYuan(1_000_000m), Fen.FromYuan(2_000_000m));

        foreach (var rr in registry.Rivers)
        {
            var river = rr.River with { Name = $"{rr.River.Name}（{Marker}）" };
            rivers.Add(river);
            var chain = new List<PartyId>();
            if (rr.MunicipalHead) chain.Add(city);
            chain.AddRange(rr.Chain);
            chain.Add(city);
            var km = 0m;
            for (var i = 0; i + 1 < chain.Count; i++)
            {
                km += rng.Next(15, 60) + rng.Next(0, 10) / 10m;
                var head = i == 0 && rr.MunicipalHead;
                var tail = i + 2 == chain.Count;
                var kind = head || tail ? SectionKind.National : i % 2 == 0 ? SectionKind.Municipal : SectionKind.None;
                var id = new SectionId($"DEMO-{rr.River.Id}-{i + 1}");
                var name = head ? "入境断面" : tail ? "出境断面" : $"{i + 1}号交界断面";
                sections.Add(new Section(id, $"{Marker}·{rr.River.Name}{name}", river.Id, chain[i], chain[i + 1], kind, km, Approved: true, null));

                var target = WaterClass.FromOrdinal(rng.Next(10) < 7 ? 3 : 2);
                for (var y = firstYear; y < firstYear + years; y++)
                    if (kind != SectionKind.None) targets.Add(new Target(id, y, target));
                var level = target.Ordinal;
                for (var y = firstYear; y < firstYear + years; y++)
                    foreach (var m in YearMonth.MonthsOf(y))
                    {
                        // Dry-season months (Jan–Mar) sometimes have no flow; quality drifts around the target, improving in year 2.
                        if (m.Month <= 3 && rng.Next(30) == 0) { results.Add(new MonthlyResult(id, m, null, ResultSource.MonitoringCentre, "断流")); continue; }
                        var roll = rng.Next(100) - (y - firstYear) * 8;
                        var cls = Math.Clamp(level + (roll < 25 ? -1 : roll < 72 ? 0 : roll < 93 ? 1 : 2), 1, 6);
                        var source = kind == SectionKind.National ? ResultSource.National : kind == SectionKind.Municipal ? ResultSource.Municipal : rng.Next(3) == 0 ? ResultSource.Joint : ResultSource.MonitoringCentre;
                        results.Add(new MonthlyResult(id, m, WaterClass.FromOrdinal(cls), source, null));
                    }
            }
            agreements.Add(new Agreement(river.Id, new DateOnly(firstYear, 1, 1), new DateOnly(firstYear + 2, 12, 31), tiers));
        }

        // Signatures: districts sign before the filing deadline, except one late and one missing, to show R-FUND-1.
        var districts = sections.SelectMany(s => new[] { (s.River, s.Upstream), (s.River, s.Downstream) }).Where(x => x.Item2 != city).Distinct().ToList();
        for (var i = 0; i < districts.Count; i++)
        {
            var (river, party) = districts[i];
            if (i == 3) continue;
            var signedOn = i == 7 ? new DateOnly(firstYear, 10, 15) : new DateOnly(firstYear, 7, 20 + i % 8);
            signatures.Add(new Signature(river, party, signedOn));
        }

        // Exemptions on worse months: two approved by both bureaus, one still awaiting the Ecology Bureau.
        var worse = sections.SelectMany(s => results.Where(r => r.Section == s.Id && r.Class is { } c && targets.Any(t => t.Section == s.Id && t.Year == r.Month.Year && c > t.Class)))
            .Take(40).ToList();
        for (var i = 0; i < Math.Min(3, worse.Count); i++)
        {
            var r = worse[i * 13 % worse.Count];
            exemptions.Add(new Exemption(r.Section, r.Month, true, i < 2, i < 2 ? "特大暴雨引发山洪（示例）" : "上游突发污染事故（示例，待生态环境局审批）"));
        }
        exemptions = exemptions.DistinctBy(e => (e.Section, e.Month)).ToList();

        // R-JOINT-1: most rivers have a joint meeting system of their districts; a few other activities.
        var joint = new List<JointActivity>();
        foreach (var (rr, i) in registry.Rivers.Select((r, i) => (r, i)))
        {
            if (i % 4 != 3) joint.Add(new JointActivity(rr.River.Id, JointActivityKind.JointMeetingSystem, new DateOnly(firstYear, 3, 1 + i), rr.Chain.ToList(), $"{rr.River.Name}流域联席会议制度（示例）"));
            if (i % 3 == 0) joint.Add(new JointActivity(rr.River.Id, JointActivityKind.JointEnforcement, new DateOnly(firstYear, 6, 5 + i), rr.Chain.Take(2).ToList(), "跨界联合执法检查（示例）"));
        }

        var data = new ScenarioData(registry.Parties, rivers, sections, targets, results, agreements, signatures, exemptions, [], [], [], []) { JointActivities = joint };
        return data with { Payments = FirstYearPayments(data, firstYear) };
    }

    /// <summary>
    /// Payments for the first year: every pair net paid by the end of May, except one paid half by then and the rest
    /// in August, after the deadline: a late payer, whose overdue half carries the penalty (R-PEN-1).
    /// </summary>
    private static List<Payment> FirstYearPayments(ScenarioData data, int year)
    {
        var scheme = data.ToScheme();
        var lines = LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), MonthlyAccounting.AccountYear(scheme, year), _ => false)
            .Select((l, i) => l with { Sequence = i + 1 }).ToList();
        // With nothing paid yet, every amount owed (netted across rivers, R-PEN-1) shows as overdue: pay those.
        var owed = YearlySettlement.Settle(scheme, year, lines).Penalties;
        var payments = owed.Select((o, i) => new Payment(year, o.Payer, o.Payee, i == 1 ? new Fen(o.Owed.Value / 2) : o.Owed, new DateOnly(year + 1, 5, 20))).ToList();
        if (owed.Count > 1) payments.Add(new Payment(year, owed[1].Payer, owed[1].Payee, owed[1].Owed - new Fen(owed[1].Owed.Value / 2), new DateOnly(year + 1, 8, 15)));
        return payments;
    }
}
