using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Governance;

namespace Liuyu.Application.UseCases;

/// <summary>
/// R-JOINT-1 联防共治: the Ecology Bureau, or a district taking part, records a joint-governance activity. A district
/// records only activities it takes part in (<paramref name="actingFor"/>).
/// </summary>
public static class RecordJointActivity
{
    public static JointActivity Run(ILiuyuStore store, JointActivity activity, PartyId? actingFor = null)
    {
        if (actingFor is { } a && !activity.Parties.Contains(a))
            throw new NotAllowedException(ErrorCodes.ActivityNotParticipant);
        return store.RecordJointActivity(activity);
    }
}
