using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.JointGovernance;

public sealed record ActivityView(string River, string Kind, string Date, IReadOnlyList<string> Parties, string Description);
public sealed record MeetingSystemView(string River, IReadOnlyList<string> With, IReadOnlyList<string> Without);
public sealed record JointView(IReadOnlyList<MeetingSystemView> MeetingSystems, IReadOnlyList<ActivityView> Activities);

/// <summary>联防共治 (R-JOINT-1): the recorded joint-governance activities and which districts have a joint meeting system on each river.</summary>
public static class JointGovernanceEndpoints
{
    public static void MapJointGovernance(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/joint", Get).WithTags("JointGovernance").RequireAuthorization();

    private static Results<Ok<JointView>, ProblemHttpResult> Get(StoreAccess store, string? river = null)
    {
        RiverId? id = river is { Length: > 0 } ? new RiverId(river) : null;
        if (id is { } r && !store.Read(s => s.Known().Rivers.Contains(r))) return Problem.NotFound($"There is no river '{river}'.");
        return TypedResults.Ok(store.Read(s => new JointView(
            [.. s.MeetingSystems().Where(m => id is null || m.River == id)
                .Select(m => new MeetingSystemView(m.River.Value, [.. m.WithMeetingSystem.Select(p => p.Value)], [.. m.Without.Select(p => p.Value)]))],
            [.. s.JointActivities(id).Select(a => new ActivityView(a.River.Value, a.Kind.ToString(), a.Date.ToString("yyyy-MM-dd"), [.. a.Parties.Select(p => p.Value)], a.Description))])));
    }
}
