using System.Globalization;
using System.Text;
using Liuyu.Domain;

namespace Liuyu.TestSupport;

/// <summary>
/// Random but valid scenarios for property tests, reproducible from a seed: a few rivers with chains of
/// districts, the municipal treasury at head and tail, sections of every kind, targets, results (some
/// missing), exemptions, agreements with raised tiers, signatures and payments.
/// </summary>
public sealed class ScenarioGenerator(int seed)
{
    private readonly Random _rng = new(seed);

    public int Seed { get; } = seed;

    /// <param name="riverCount">Exactly this many rivers (for national-size schemes); by default a random number up to <paramref name="maxRivers"/>.</param>
    public Scheme Generate(int year = 2023, int maxRivers = 3, int maxChain = 5, int? riverCount = null)
    {
        var parties = new List<Party> { new(new PartyId("CITY"), "市级财政", PartyKind.Municipal) };
        var districts = Enumerable.Range(0, 8).Select(i => new Party(new PartyId($"D{i:00}"), $"区县D{i:00}", PartyKind.District)).ToList();
        parties.AddRange(districts);
        var rivers = new List<River>();
        var sections = new List<Section>();
        var targets = new List<Target>();
        var results = new List<MonthlyResult>();
        var exemptions = new List<Exemption>();
        var agreements = new List<Agreement>();
        var signatures = new List<Signature>();
        var n = 0;
        for (var r = 0; r < (riverCount ?? _rng.Next(1, maxRivers + 1)); r++)
        {
            var river = new River(new RiverId($"R{r}"), $"河流{r}", _rng.Next(2) == 0 ? "四川" : null);
            rivers.Add(river);
            var chain = districts.OrderBy(_ => _rng.Next()).Take(_rng.Next(2, maxChain + 1)).Select(d => d.Id).ToList();
            if (river.InflowProvince is not null) chain.Insert(0, new PartyId("CITY"));
            chain.Add(new PartyId("CITY"));
            var km = 0m;
            for (var i = 0; i + 1 < chain.Count; i++)
            {
                for (var k = 0; k < _rng.Next(1, 3); k++)
                {
                    km += _rng.Next(1, 80) + _rng.Next(0, 10) / 10m;
                    var kind = (SectionKind)_rng.Next(3);
                    var id = new SectionId($"S{n++}");
                    sections.Add(new Section(id, $"断面{id}", river.Id, chain[i], chain[i + 1], kind, km, _rng.Next(8) != 0, null));
                    if (kind != SectionKind.None && _rng.Next(10) != 0) targets.Add(new Target(id, year, WaterClass.FromOrdinal(_rng.Next(1, 6))));
                    foreach (var m in YearMonth.MonthsOf(year))
                    {
                        if (_rng.Next(12) == 0) continue;
                        var cls = _rng.Next(10) == 0 ? (WaterClass?)null : WaterClass.FromOrdinal(_rng.Next(1, 7));
                        results.Add(new MonthlyResult(id, m, cls, (ResultSource)_rng.Next(4), cls is null ? "断流" : null));
                        if (_rng.Next(15) == 0) exemptions.Add(new Exemption(id, m, _rng.Next(3) != 0, _rng.Next(3) != 0, "暴雨洪灾"));
                    }
                }
            }
            if (_rng.Next(2) == 0)
                agreements.Add(new Agreement(river.Id, new DateOnly(year, 1, 1), new DateOnly(year + 2, 12, 31),
                    new Tiers(Fen.FromYuan(1_000_000m + _rng.Next(0, 5) * 100_000m), Fen.FromYuan(2_000_000m + _rng.Next(0, 5) * 100_000m))));
            foreach (var p in chain.Distinct().Where(p => p.Value != "CITY"))
                if (_rng.Next(3) != 0) signatures.Add(new Signature(river.Id, p, new DateOnly(year, _rng.Next(1, 13), _rng.Next(1, 28))));
        }
        var payments = new List<Payment>();
        for (var i = 0; i < _rng.Next(0, 4); i++)
        {
            var a = districts[_rng.Next(districts.Count)].Id;
            var b = districts[_rng.Next(districts.Count)].Id;
            if (a != b) payments.Add(new Payment(year, a, b, Fen.FromYuan(_rng.Next(1, 30) * 100_000m), new DateOnly(year + 1, _rng.Next(1, 13), 1)));
        }
        return new Scheme(parties, rivers, sections, targets, results, agreements, signatures, exemptions, payments);
    }

    /// <summary>Writes a scheme as a scenario folder (formats.md), optionally shuffling the rows of every file.</summary>
    public static string WriteFolder(Scheme s, string folder, Random? shuffle = null)
    {
        Directory.CreateDirectory(folder);
        IEnumerable<string> Order(IEnumerable<string> rows) => shuffle is null ? rows : rows.OrderBy(_ => shuffle.Next()).ToList();
        void Write(string name, string header, IEnumerable<string> rows) =>
            File.WriteAllText(Path.Combine(folder, name + ".csv"), header + "\n" + string.Join("\n", Order(rows)) + "\n", new UTF8Encoding(false));
        var inv = CultureInfo.InvariantCulture;
        Write("parties", "id,name,kind", s.Parties.Select(p => $"{p.Id},{p.Name},{p.Kind.ToString().ToLowerInvariant()}"));
        Write("rivers", "id,name,inflow_province", s.Rivers.Select(r => $"{r.Id},{r.Name},{r.InflowProvince}"));
        // Sections keep their order: it is the order of reports (and of the accounting JSON).
        File.WriteAllText(Path.Combine(folder, "sections.csv"), "id,name,river,upstream,downstream,kind,km,approved,reference_section\n" + string.Join("\n",
            s.Sections.Select(x => $"{x.Id},{x.Name},{x.River},{x.Upstream},{x.Downstream},{x.Kind.ToString().ToLowerInvariant()},{x.DistanceKm.ToString(inv)},{(x.Approved ? "true" : "false")},{x.ReferenceSection}"))
            + "\n", new UTF8Encoding(false));
        Write("targets", "section,year,class", s.Targets.Select(t => $"{t.Section},{t.Year},{t.Class.Code}"));
        Write("results", "section,month,class,source,note", s.Results.Select(r => $"{r.Section},{r.Month},{r.Class?.Code},{Source(r.Source)},{r.Note}"));
        Write("exemptions", "section,month,finance_approved,ecology_approved,reason", s.Exemptions.Select(e => $"{e.Section},{e.Month},{B(e.FinanceApproved)},{B(e.EcologyApproved)},{e.Reason}"));
        Write("agreements", "river,effective_from,effective_to,tier1,tier2", s.Agreements.Select(a => $"{a.River},{a.EffectiveFrom:yyyy-MM-dd},{a.EffectiveTo:yyyy-MM-dd},{a.Tiers.Tier1},{a.Tiers.Tier2}"));
        if (s.Signatures is not null) Write("signatures", "river,party,signed_on", s.Signatures.Select(x => $"{x.River},{x.Party},{x.SignedOn:yyyy-MM-dd}"));
        if (s.Payments is not null) Write("payments", "year,payer,payee,amount,paid_on", s.Payments.Select(p => $"{p.Year},{p.Payer},{p.Payee},{p.Amount},{p.PaidOn:yyyy-MM-dd}"));
        return folder;
    }

    private static string B(bool b) => b ? "true" : "false";

    private static string Source(ResultSource s) => s switch
    {
        ResultSource.MonitoringCentre => "monitoring_centre",
        _ => s.ToString().ToLowerInvariant(),
    };

    public static string TempFolder() => Directory.CreateTempSubdirectory("liuyu-test-").FullName;
}
