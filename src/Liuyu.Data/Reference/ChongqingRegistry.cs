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
    /// <summary>A river that may be one of the four missing ones, from station codes or geography only (never imported).</summary>
    Candidate,
}

/// <summary>A fact added to the registry from a public source, with how sure it is (high, medium, low) and the sources' ids.</summary>
public sealed record ReferenceFact(string Evidence, string Confidence, IReadOnlyList<string> Sources);

/// <summary>A river of the reference registry with its chain of districts from upstream to downstream and the evidence.</summary>
public sealed record ReferenceRiver(River River, IReadOnlyList<PartyId> Chain, string End, Membership Membership, string Evidence)
{
    /// <summary>Corrections from public sources (corrections/rivers.csv), each with its confidence and sources.</summary>
    public IReadOnlyList<ReferenceFact> Corrections { get; init; } = [];

    /// <summary>R-HEAD-1: the municipal treasury heads the chain of a river flowing in from another province.</summary>
    public bool MunicipalHead => River.InflowProvince is not null;
}

/// <summary>A section named in public reporting, with what is known of it (often only the name).</summary>
/// <param name="Confidence">high, medium or low; empty for the base list, whose status says it.</param>
/// <param name="Sources">Ids of <see cref="ChongqingRegistry.Sources"/> the facts come from.</param>
public sealed record ReferenceSection(RiverId River, string Name, PartyId Upstream, PartyId Downstream, SectionKind? Kind, WaterClass? Target, string Status, string Evidence,
    string Confidence = "", IReadOnlyList<string>? Sources = null);

/// <summary>A public source of the corrections: its id (S1 …), title and address.</summary>
public sealed record ReferenceSource(string Id, string Title, string Url);

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

    /// <summary>Rivers that may be among the four missing ones (<see cref="Membership.Candidate"/>): shown, never imported nor in the demo.</summary>
    public IReadOnlyList<ReferenceRiver> Candidates { get; init; } = [];

    /// <summary>The public sources the corrections cite, by id.</summary>
    public IReadOnlyDictionary<string, ReferenceSource> Sources { get; init; } = new Dictionary<string, ReferenceSource>();

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
        // The corrections from public sources (corrections/, December 2026) over the base list, which stays a copy of
        // ../shared/data/chongqing: a section of the same river and name is replaced, any other is added.
        var sources = Table("corrections/sources", [new("id"), new("title"), new("url")]).Rows
            .ToDictionary(r => r["id"], r => new ReferenceSource(r["id"], r["title"], r["url"]), StringComparer.Ordinal);
        IReadOnlyList<string> Cited(CsvRow r) =>
            r["sources"].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(id => sources.ContainsKey(id) ? id : throw Bad(r, "sources")).ToList();
        string Confidence(CsvRow r) => r["confidence"] is "high" or "medium" or "low" ? r["confidence"] : throw Bad(r, "confidence");
        foreach (var r in Table("corrections/sections", [new("river"), new("name"), new("upstream"), new("downstream"), new("kind", null, false), new("target", null, false),
                     new("status"), new("confidence"), new("sources"), new("evidence")]).Rows)
        {
            var section = new ReferenceSection(new RiverId(r["river"]), r["name"], new PartyId(r["upstream"]), new PartyId(r["downstream"]),
                r["kind"].Length == 0 ? null : ScenarioReader.ParseSectionKind(r["kind"]) ?? throw Bad(r, "kind"),
                WaterClass.TryParse(r["target"], out var t) ? t : null, r["status"], r["evidence"], Confidence(r), Cited(r));
            var at = sections.FindIndex(x => x.River == section.River && x.Name == section.Name);
            if (at >= 0) sections[at] = section;
            else sections.Add(section);
        }
        foreach (var r in Table("corrections/rivers", [new("id"), new("confidence"), new("sources"), new("evidence")]).Rows)
        {
            var at = rivers.FindIndex(x => x.River.Id.Value == r["id"]);
            if (at < 0) throw Bad(r, "id");
            rivers[at] = rivers[at] with { Corrections = [.. rivers[at].Corrections, new ReferenceFact(r["evidence"], Confidence(r), Cited(r))] };
        }
        var candidates = Table("corrections/candidates", [new("id"), new("name"), new("chain"), new("inflow_province", null, false), new("end"), new("confidence"), new("sources"), new("evidence")]).Rows
            .Select(r => new ReferenceRiver(
                new River(new RiverId(r["id"]), r["name"], r["inflow_province"] is { Length: > 0 } p ? p : null),
                r["chain"].Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => new PartyId(x)).ToList(),
                r["end"], Membership.Candidate, r["evidence"]) { Corrections = [new ReferenceFact(r["evidence"], Confidence(r), Cited(r))] })
            .ToList();

        var known = parties.Select(p => p.Id).ToHashSet();
        foreach (var river in rivers.Concat(candidates))
            foreach (var p in river.Chain.Where(p => !known.Contains(p)))
                throw new InvalidOperationException($"reference river {river.River.Id} names unknown party {p}");
        foreach (var s in sections.Where(s => !known.Contains(s.Upstream) || !known.Contains(s.Downstream) || rivers.All(r => r.River.Id != s.River)))
            throw new InvalidOperationException($"reference section {s.River}/{s.Name} names an unknown river or party");
        return new ChongqingRegistry(parties, rivers, sections) { Candidates = candidates, Sources = sources };
    }

    private static InvalidOperationException Bad(CsvRow r, string column) => new($"embedded reference data is broken: {r.Error(column, ErrorCodes.ValueBad, ("value", r[column]))}");

    /// <summary>
    /// The registry as a scenario to import: parties and rivers only. Sections of the real scheme are not
    /// public; they are entered from the agreements (the named ones are listed by <c>liuyu registry</c>).
    /// </summary>
    public ScenarioData ToScenario() =>
        new(Parties, Rivers.Select(r => r.River).ToList(), [], [], [], [], null, [], null, [], [], []);
}
