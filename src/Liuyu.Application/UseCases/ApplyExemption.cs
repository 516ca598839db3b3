using Liuyu.Data.Csv;
using Liuyu.Domain;

namespace Liuyu.Application.UseCases;

/// <summary>
/// R-EXEMPT-1 申请免除: the paying upstream party applies for a section-month's exemption with its reason. A
/// district applies only for itself (<paramref name="applicant"/>); a bureau acting through the CLI passes null.
/// </summary>
public static class ApplyExemption
{
    public static Exemption Run(ILiuyuStore store, SectionId section, YearMonth month, string reason, PartyId? applicant)
    {
        var upstream = UpstreamOf(store, section) ?? throw new NotFoundException(ErrorCodes.SectionUnknown, ("section", section.Value));
        if (applicant is { } a && a != upstream)
            throw new NotAllowedException(ErrorCodes.ApplyNotUpstream, ("section", section.Value), ("party", upstream.Value));
        return store.ApplyExemption(section, month, reason);
    }

    /// <summary>The upstream party of a section (who may apply and attach), or null for an unknown section.</summary>
    public static PartyId? UpstreamOf(ILiuyuStore store, SectionId section) => store.FindSection(section)?.Upstream;
}
