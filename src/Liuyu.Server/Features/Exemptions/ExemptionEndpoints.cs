using System.Security.Claims;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Exemptions;

public sealed record ExemptionView(string Section, string Month, string Upstream, string Reason, bool FinanceApproved, bool EcologyApproved, bool Approved, string Reference);
public sealed record ApplyRequest(string? Section, string? Month, string? Reason);

/// <summary>
/// 免责 (R-EXEMPT-1): the upstream (paying) district applies for a section-month; the Finance and the Ecology Bureau
/// each approve; with both approvals the month is accounted again. A district sees only its own applications until
/// they are approved (its drafts are its own); the bureaus and the auditor see all.
/// </summary>
public static class ExemptionEndpoints
{
    public static void MapExemptions(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/exemptions").WithTags("Exemptions").RequireAuthorization();
        g.MapGet("/", List);
        g.MapPost("/", Apply).AddEndpointFilter<AntiforgeryFilter>().RequireAuthorization(p => p.RequireRole(Roles.District));
        g.MapPost("/{section}/{month}/approve", Approve).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.FinanceBureau, Roles.EcologyBureau));
    }

    private static Ok<List<ExemptionView>> List(ClaimsPrincipal user, StoreAccess store) => TypedResults.Ok(store.Read(s =>
    {
        var scheme = s.LoadScheme();
        var own = user.IsInRole(Roles.District) ? user.Party() : null;
        return s.Exemptions()
            .Where(e => scheme.HasSection(e.Section))
            .Select(e => (e, up: scheme.Section(e.Section).Upstream))
            .Where(x => !user.IsInRole(Roles.District) || x.e.IsApproved || x.up == own)
            .Select(x => new ExemptionView(x.e.Section.Value, x.e.Month.ToString(), x.up.Value, x.e.Reason, x.e.FinanceApproved, x.e.EcologyApproved, x.e.IsApproved, x.e.Reference))
            .ToList();
    }));

    private static Results<Created<ExemptionView>, ValidationProblem, ProblemHttpResult> Apply(ApplyRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        if (string.IsNullOrWhiteSpace(request.Section)) return Problem.Invalid("section", "Name the section.");
        if (!YearMonth.TryParse(request.Month, out var month)) return Problem.Invalid("month", $"'{request.Month}' is not a month (expected YYYY-MM).");
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problem.Invalid("reason", "Give the reason (the natural disaster or other objective cause).");
        var id = new SectionId(request.Section);
        var section = store.Read(s => { var sc = s.LoadScheme(); return sc.HasSection(id) ? sc.Section(id) : null; });
        if (section is null) return Problem.Invalid("section", $"There is no section '{request.Section}'.");
        // R-EXEMPT-1: the paying upstream party applies; a district applies only for itself.
        if (user.Party() != section.Upstream) return Problem.Forbidden($"Only the upstream district of {section.Id} ({section.Upstream}) can apply for its exemption.");
        try
        {
            var e = store.Write(user, s => s.ApplyExemption(id, month.Value, request.Reason));
            return TypedResults.Created($"/api/exemptions/{e.Section}/{e.Month}",
                new ExemptionView(e.Section.Value, e.Month.ToString(), section.Upstream.Value, e.Reason, e.FinanceApproved, e.EcologyApproved, e.IsApproved, e.Reference));
        }
        catch (InputException e) { return Problem.Rejected(e); }
    }

    private static Results<Ok<ExemptionView>, ValidationProblem, ProblemHttpResult> Approve(string section, string month, ClaimsPrincipal user, StoreAccess store)
    {
        if (!YearMonth.TryParse(month, out var m)) return Problem.Invalid("month", $"'{month}' is not a month (expected YYYY-MM).");
        var id = new SectionId(section);
        try
        {
            var e = store.Write(user, s => s.ApproveExemption(id, m.Value, finance: user.IsInRole(Roles.FinanceBureau), ecology: user.IsInRole(Roles.EcologyBureau)));
            var up = store.Read(s => s.LoadScheme().Section(id).Upstream);
            return TypedResults.Ok(new ExemptionView(e.Section.Value, e.Month.ToString(), up.Value, e.Reason, e.FinanceApproved, e.EcologyApproved, e.IsApproved, e.Reference));
        }
        catch (InputException e) { return Problem.Rejected(e); }
    }
}
