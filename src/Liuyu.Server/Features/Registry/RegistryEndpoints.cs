using System.Security.Claims;
using Liuyu.Application.UseCases;
using Liuyu.Data.Csv;
using Liuyu.Data.Reference;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Registry;

public sealed record FactView(string Evidence, string Confidence, IReadOnlyList<string> Sources);
public sealed record ReferenceRiverView(string Id, string Name, IReadOnlyList<string> Chain, string? InflowProvince, string End, string Membership, string Evidence, IReadOnlyList<FactView> Corrections);
public sealed record ReferenceSectionView(string River, string Name, string Upstream, string Downstream, string? Kind, string? Target, string Status, string Confidence, IReadOnlyList<string> Sources, string Evidence);
public sealed record SourceView(string Id, string Title, string Url);
public sealed record TargetOfYear(int Year, string Class);
public sealed record StoredSectionView(string Id, string Name, string River, string Upstream, string Downstream, string Kind, decimal DistanceKm, bool Approved, IReadOnlyList<TargetOfYear> Targets);
/// <param name="Warnings">Years whose assessment sections have results but no target (<c>targets-missing</c>).</param>
/// <param name="Stations">The registered automatic stations (issue 14, stations.csv), never their passwords.</param>
public sealed record RegistryView(IReadOnlyList<StoredSectionView> Sections, IReadOnlyList<Aliases.AliasView> Aliases, IReadOnlyList<CodeView> Warnings,
    IReadOnlyList<ReferenceRiverView> ReferenceRivers, IReadOnlyList<ReferenceSectionView> ReferenceSections, IReadOnlyList<ReferenceRiverView> Candidates, IReadOnlyList<SourceView> Sources,
    IReadOnlyList<RegistryStationView> Stations);
/// <summary>A registered station: its MN, name, section and the indicator codes it sends (empty: every code it knows).</summary>
public sealed record RegistryStationView(string Mn, string Name, string Section, string Indicators);

/// <summary>An assessment section and its class for the year; <see cref="Draft"/> when the class is last year's, not yet entered for this one.</summary>
public sealed record SectionTargetView(string Id, string Name, string River, string Kind, string? Class, bool Draft);
public sealed record YearTargetsView(int Year, IReadOnlyList<SectionTargetView> Sections);
public sealed record TargetsRequest(IReadOnlyList<TargetEntry>? Targets);
/// <summary>What a save stored: targets inserted and changed, and the ledger lines the accounting after it changed.</summary>
public sealed record TargetsSavedView(int Year, long? BatchId, int Inserted, int Updated, int LedgerLinesChanged);

/// <summary>
/// 名录: the store's sections with their kind, km, parties, approval and targets per year, the recorded aliases, and the
/// shipped Chongqing reference registry with each fact's evidence, confidence and sources (what <c>liuyu registry</c> shows).
/// </summary>
public static class RegistryEndpoints
{
    public static void MapRegistry(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/registry", Get).WithTags("Registry").RequireAuthorization().CachedPerStoreVersion();
        // 年度考核目标: read by every signed-in user, entered by the Ecology Bureau alone (as targets.csv is imported).
        var g = app.MapGroup("/api/registry/targets").WithTags("Registry");
        g.MapGet("/{year:int}", Targets).RequireAuthorization().CachedPerStoreVersion();
        g.MapPut("/{year:int}", SaveTargets).AddEndpointFilter<AntiforgeryFilter>().RequireAuthorization(p => p.RequireRole(Roles.EcologyBureau));
    }

    private static Results<Ok<YearTargetsView>, ValidationProblem> Targets(int year, StoreAccess store)
    {
        if (EnterTargets.CheckYear(year) is not null)
            return Problem.Invalid("year", ErrorCodes.TargetYearRange, ("value", year), ("min", EnterTargets.MinYear), ("max", EnterTargets.MaxYear));
        return TypedResults.Ok(new YearTargetsView(year, store.Read(s => EnterTargets.Of(s, year)
            .Select(t => new SectionTargetView(t.Section.Id.Value, t.Section.Name, t.Section.River.Value, t.Section.Kind.ToString(), t.Class?.Code, t.Draft)).ToList())));
    }

    private static Results<Ok<TargetsSavedView>, ValidationProblem> SaveTargets(int year, TargetsRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        var who = user.Identity?.Name ?? ServerWords.Anonymous;
        try
        {
            // The source names what was entered, as an upload names its file: the audit log and the import history show it.
            var r = store.Write(user, s => EnterTargets.Run(s, year, request.Targets, $"targets {year} (registry page)", who));
            return TypedResults.Ok(new TargetsSavedView(year, r.BatchId, r.Inserted.GetValueOrDefault("targets"), r.Updated.GetValueOrDefault("targets"), r.Ledger.Lines.Count));
        }
        catch (InputException e) { return Problem.Invalid(e.Errors); }
    }

    private static Ok<RegistryView> Get(StoreAccess store)
    {
        var reg = ChongqingRegistry.Load();
        static ReferenceRiverView River(ReferenceRiver r) => new(r.River.Id.Value, r.River.Name, [.. r.Chain.Select(p => p.Value)], r.River.InflowProvince, r.End,
            r.Membership.ToString().ToLowerInvariant(), r.Evidence, [.. r.Corrections.Select(f => new FactView(f.Evidence, f.Confidence, f.Sources))]);
        return TypedResults.Ok(store.Read(s =>
        {
            // The registry alone: the page names sections and their targets, and reads no monthly result.
            var scheme = s.LoadRegistry();
            var years = scheme.Targets.Select(t => t.Year).Concat(s.LedgerYears()).Distinct().ToList();
            // Grouped once: the targets of each section looked for among all targets was 286 million comparisons on a national registry.
            var targets = scheme.Targets.ToLookup(t => t.Section);
            return new RegistryView(
                [.. scheme.Sections.Select(x => new StoredSectionView(x.Id.Value, x.Name, x.River.Value, x.Upstream.Value, x.Downstream.Value, x.Kind.ToString(), x.DistanceKm, x.Approved,
                    [.. targets[x.Id].OrderBy(t => t.Year).Select(t => new TargetOfYear(t.Year, t.Class.Code))]))],
                [.. s.SectionAliases().Select(a => new Aliases.AliasView(a.Name, a.Section.Value))],
                [.. Application.UseCases.MissingTargets.Warnings(s, years, "registry").Select(CodeView.Of)],
                [.. reg.Rivers.Select(River)],
                [.. reg.Sections.Select(x => new ReferenceSectionView(x.River.Value, x.Name, x.Upstream.Value, x.Downstream.Value, x.Kind?.ToString(), x.Target?.Code, x.Status,
                    x.Confidence, x.Sources ?? [], x.Evidence))],
                [.. reg.Candidates.Select(River)],
                [.. reg.Sources.Values.Select(x => new SourceView(x.Id, x.Title, x.Url))],
                [.. s.Stations().Select(x => new RegistryStationView(x.Mn, x.Name, x.Section.Value, x.IndicatorsText))]);
        }));
    }
}
