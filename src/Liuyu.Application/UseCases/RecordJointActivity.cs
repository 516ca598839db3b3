using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Governance;

namespace Liuyu.Application.UseCases;

/// <summary>
/// R-JOINT-1 联防共治: the Ecology Bureau, or a district taking part, records a joint-governance activity. A district
/// records only activities it takes part in (<paramref name="actingFor"/>); one it records naming other districts
/// counts once each of them has confirmed it (<see cref="ConfirmJointActivity"/>).
/// </summary>
public static class RecordJointActivity
{
    public static JointActivity Run(ILiuyuStore store, JointActivity activity, PartyId? actingFor = null)
    {
        if (actingFor is { } a && !activity.Parties.Contains(a))
            throw new NotAllowedException(ErrorCodes.ActivityNotParticipant);
        return store.RecordJointActivity(activity with { RecordedBy = actingFor });
    }
}

/// <summary>R-JOINT-1: a district named by another district's record confirms that it took part (only its own confirmation).</summary>
public static class ConfirmJointActivity
{
    public static JointActivity Run(ILiuyuStore store, long id, PartyId party)
    {
        var activity = store.JointActivity(id) ?? throw new NotFoundException(ErrorCodes.ActivityUnknown, ("id", id));
        if (!activity.Awaiting.Contains(party))
            throw new NotAllowedException(ErrorCodes.ActivityNotAwaiting, ("party", party), ("date", activity.Date.ToString("yyyy-MM-dd")));
        return store.ConfirmJointActivity(id, party);
    }
}
