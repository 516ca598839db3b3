using Liuyu.Application.UseCases;
using System.Security.Claims;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.JointGovernance;

/// <summary>A record; <c>awaiting</c>: the named districts that have not confirmed one another district recorded (it counts once empty).</summary>
public sealed record ActivityView(string River, string Kind, string Date, IReadOnlyList<string> Parties, string Description, long Id, string? RecordedBy,
    IReadOnlyList<string> Awaiting, bool Counts)
{
    public static ActivityView Of(JointActivity a) => new(a.River.Value, a.Kind.ToString(), a.Date.ToString("yyyy-MM-dd"), [.. a.Parties.Select(p => p.Value)], a.Description,
        a.Id, a.RecordedBy?.Value, [.. a.Awaiting.Select(p => p.Value)], a.Counts);
}
/// <summary>Kind as the domain names it (JointMeetingSystem, JointEnforcement, JointEmergencyResponse, ProjectConsultation; snake_case accepted).</summary>
public sealed record JointRequest(string? River, string? Kind, string? Date, IReadOnlyList<string>? Parties, string? Description);
public sealed record MeetingSystemView(string River, IReadOnlyList<string> With, IReadOnlyList<string> Without);
public sealed record JointView(IReadOnlyList<MeetingSystemView> MeetingSystems, IReadOnlyList<ActivityView> Activities);

/// <summary>联防共治 (R-JOINT-1): the recorded joint-governance activities and which districts have a joint meeting system on each river.</summary>
public static class JointGovernanceEndpoints
{
    public static void MapJointGovernance(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/joint", Get).WithTags("JointGovernance").RequireAuthorization().CachedPerStoreVersion();
        app.MapPost("/api/joint/activities", Record).WithTags("JointGovernance").AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.EcologyBureau, Roles.District));
        app.MapPost("/api/joint/activities/{id:long}/confirm", Confirm).WithTags("JointGovernance").AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.District));
    }

    /// <summary>R-JOINT-1: a district named by another district's record confirms that it took part, for its own party only.</summary>
    private static Results<Ok<ActivityView>, ProblemHttpResult> Confirm(long id, ClaimsPrincipal user, StoreAccess store)
    {
        var party = user.Party() ?? new PartyId("");
        try { return TypedResults.Ok(ActivityView.Of(store.Write(user, s => ConfirmJointActivity.Run(s, id, party)))); }
        catch (NotFoundException) { return Problem.NotFound(ErrorCodes.ActivityUnknown, ("id", id)); }
        catch (NotAllowedException e) { return Problem.Refused(e); }
    }

    /// <summary>
    /// R-JOINT-1: the Ecology Bureau, or a district that took part, records an activity on a river. The parties must
    /// be parties of the river (checked by the store); a district records only activities it takes part in.
    /// </summary>
    private static Results<Created<ActivityView>, ValidationProblem, ProblemHttpResult> Record(JointRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        var errors = new List<InputError>();
        void Bad(string field, string code, params (string, object?)[] args) => errors.Add(new InputError(field, null, null, code, args));
        if (string.IsNullOrWhiteSpace(request.River)) Bad("river", ErrorCodes.RiverMissing);
        JointActivityKind kind = default;
        if (string.IsNullOrWhiteSpace(request.Kind) || !Enum.TryParse(request.Kind.Replace("_", ""), ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
            Bad("kind", ErrorCodes.ActivityKindUnknown, ("value", request.Kind), ("kinds", string.Join(", ", Enum.GetNames<JointActivityKind>())));
        if (!DateOnly.TryParseExact(request.Date, "yyyy-MM-dd", out var date)) Bad("date", ErrorCodes.DateInvalid, ("value", request.Date));
        var parties = (request.Parties ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new PartyId(p.Trim())).Distinct().ToList();
        if (parties.Count == 0) Bad("parties", ErrorCodes.PartiesMissing);
        if (string.IsNullOrWhiteSpace(request.Description)) Bad("description", ErrorCodes.DescriptionMissing);
        if (errors.Count > 0) return Problem.Invalid(errors);
        // A district records only the activities it takes part in (the use case's rule); the Ecology Bureau records any.
        // A user bound to no party acts for the empty party, among no activity's parties: refused by the use case.
        var actingFor = user.IsInRole(Roles.EcologyBureau) ? (PartyId?)null : user.Party() ?? new PartyId("");
        try
        {
            var a = store.Write(user, s => RecordJointActivity.Run(s, new JointActivity(new RiverId(request.River!.Trim()), kind, date, parties, request.Description!), actingFor));
            return TypedResults.Created($"/api/joint?river={Uri.EscapeDataString(a.River.Value)}", ActivityView.Of(a));
        }
        catch (NotAllowedException e) { return Problem.Refused(e); }
        catch (InputException e) { return Problem.Invalid(e.Errors); }
    }

    private static Results<Ok<JointView>, ProblemHttpResult> Get(StoreAccess store, string? river = null)
    {
        RiverId? id = river is { Length: > 0 } ? new RiverId(river) : null;
        if (id is { } r && !store.Read(s => s.Known().Rivers.Contains(r))) return Problem.NotFound(ErrorCodes.RiverUnknown, ("river", river));
        return TypedResults.Ok(store.Read(s => new JointView(
            [.. s.MeetingSystems().Where(m => id is null || m.River == id)
                .Select(m => new MeetingSystemView(m.River.Value, [.. m.WithMeetingSystem.Select(p => p.Value)], [.. m.Without.Select(p => p.Value)]))],
            [.. s.JointActivities(id).Select(ActivityView.Of)])));
    }
}
