using System.Reflection;
using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;

namespace Liuyu.Data.Reference;

/// <summary>How sure we are that a river belongs to the 2023 scheme (the plan's attachment is not public).</summary>
public enum Membership
{
    /// <summary>Public reporting names the river as part of the scheme.</summary>
    Confirmed,
    /// <summary>The river meets the criteria and its route is documented; membership is not confirmed.</summary>
    Probable,
}

/// <summary>A river of the reference registry with its chain of districts from upstream to downstream and the evidence.</summary>
public sealed record ReferenceRiver(River River, IReadOnlyList<PartyId> Chain, string End, Membership Membership, string Evidence)
{
    /// <summary>R-HEAD-1: the municipal treasury heads the chain of a river flowing in from another province.</summary>
    public bool MunicipalHead => River.InflowProvince is not null;
}

/// <summary>A section named in public reporting, with what is known of it (often only the name).</summary>
public sealed record ReferenceSection(RiverId River, string Name, PartyId Upstream, PartyId Downstream, SectionKind? Kind, WaterClass? Target, string Status, string Evidence);

/// <summary>
/// The Chongqing reference registry shipped inside Liuyu (users do not have ../shared): the 38 districts and
/// counties, three development zones, the municipal treasury and the five neighbouring provinces; 15 of the
/// 19 rivers with their chains, membership (confirmed / probable) and evidence; the few section names found in
/// public reporting. Sections, targets and the four missing rivers come from the users' agreements.
/// </summary>
public sealed class ChongqingRegistry
{
    public const string DatasetName = "chongqing-registry";

    public IReadOnlyList<Party> Parties { get; }
    public IReadOnlyList<ReferenceRiver> Rivers { get; }
    public IReadOnlyList<ReferenceSection> Sections { get; }

    private ChongqingRegistry(IReadOnlyList<Party> parties, IReadOnlyList<ReferenceRiver> rivers, IReadOnlyList<ReferenceSection> sections)
    {
        Parties = parties;
        Rivers = rivers;
        Sections = sections;
    }

    private static readonly Lazy<ChongqingRegistry> Instance = new(LoadEmbedded);

    public static ChongqingRegistry Load() => Instance.Value;

    private static CsvTable Table(string name, ColumnSpec[] columns)
    {
        var resource = $"Liuyu.Data.Reference.chongqing/{name}.csv";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
                           ?? Assembly.GetExecutingAssembly().GetManifestResourceStream(resource.Replace('/', '.'))
                           ?? throw new InvalidOperationException($"embedded reference data {resource} missing from the build");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return CsvTable.Parse($"reference/chongqing/{name}.csv", ms.ToArray(), columns);
    }

    private static ChongqingRegistry LoadEmbedded()
    {
        var parties = Table("parties", ScenarioReader.Columns.Parties).Rows
            .Select(r => new Party(new PartyId(r["id"]), r["name"], ScenarioReader.ParsePartyKind(r["kind"]) ?? throw Bad(r, "kind")))
            .ToList();
        var rivers = Table("rivers", [new("id"), new("name"), new("chain"), new("inflow_province", null, false), new("end"), new("membership"), new("evidence")]).Rows
            .Select(r => new ReferenceRiver(
                new River(new RiverId(r["id"]), r["name"], r["inflow_province"] is { Length: > 0 } p ? p : null),
                r["chain"].Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => new PartyId(x)).ToList(),
                r["end"],
                r["membership"] == "confirmed" ? Membership.Confirmed : r["membership"] == "probable" ? Membership.Probable : throw Bad(r, "membership"),
                r["evidence"]))
            .ToList();
        var sections = Table("sections", [new("river"), new("name"), new("upstream"), new("downstream"), new("kind", null, false), new("target", null, false), new("status"), new("evidence")]).Rows
            .Select(r => new ReferenceSection(new RiverId(r["river"]), r["name"], new PartyId(r["upstream"]), new PartyId(r["downstream"]),
                r["kind"].Length == 0 ? null : ScenarioReader.ParseSectionKind(r["kind"]),
                WaterClass.TryParse(r["target"], out var t) ? t : null, r["status"], r["evidence"]))
            .ToList();
        var known = parties.Select(p => p.Id).ToHashSet();
        foreach (var river in rivers)
            foreach (var p in river.Chain.Where(p => !known.Contains(p)))
                throw new InvalidOperationException($"reference river {river.River.Id} names unknown party {p}");
        return new ChongqingRegistry(parties, rivers, sections);
    }

    private static InvalidOperationException Bad(CsvRow r, string column) => new($"embedded reference data is broken: {r.Error(column, ErrorCodes.ValueBad, ("value", r[column]))}");

    /// <summary>
    /// The registry as a scenario to import: parties and rivers only. Sections of the real scheme are not
    /// public; they are entered from the agreements (the named ones are listed by <c>liuyu registry</c>).
    /// </summary>
    public ScenarioData ToScenario() =>
        new(Parties, Rivers.Select(r => r.River).ToList(), [], [], [], [], null, [], null, [], [], []);
}
