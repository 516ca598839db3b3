namespace Liuyu.Domain.Governance;

/// <summary>R-JOINT-1: for one river, whether each of its districts takes part in a joint meeting system.</summary>
public sealed record MeetingSystemStatus(RiverId River, IReadOnlyList<PartyId> WithMeetingSystem, IReadOnlyList<PartyId> Without);

/// <summary>
/// R-JOINT-1 (联防共治): reports on the joint-governance records. The municipality uses them when rewarding
/// districts; the system reports which districts have a joint meeting system (联席会议制度) on each river.
/// </summary>
public static class JointGovernance
{
    /// <summary>
    /// Per river, the districts with a recorded joint meeting system, and those without. A record still awaiting the
    /// confirmation of a district it names does not count, for any of its parties.
    /// </summary>
    public static IReadOnlyList<MeetingSystemStatus> MeetingSystems(Scheme scheme, IEnumerable<JointActivity> activities)
    {
        var byRiver = activities.Where(a => a.Kind == JointActivityKind.JointMeetingSystem && a.Counts).ToLookup(a => a.River);
        return scheme.RiverOrder().Select(river =>
        {
            var districts = scheme.PartiesOf(river).Where(p => scheme.HasParty(p) && scheme.Party(p).Kind == PartyKind.District).ToList();
            var with = byRiver[river].SelectMany(a => a.Parties).ToHashSet();
            return new MeetingSystemStatus(river, districts.Where(with.Contains).ToList(), districts.Where(d => !with.Contains(d)).ToList());
        }).ToList();
    }

    /// <summary>
    /// Whose confirmation a new record waits for: the other districts it names when a district records it; nobody's
    /// when the Ecology Bureau records it (or it is imported), nor for parties that are not districts (they have no users).
    /// </summary>
    public static IReadOnlyList<PartyId> ConfirmationsNeeded(Scheme scheme, IEnumerable<PartyId> parties, PartyId? recordedBy) =>
        recordedBy is not { } by ? [] : parties.Distinct().Where(p => p != by && scheme.HasParty(p) && scheme.Party(p).Kind == PartyKind.District).ToList();
}
