using Liuyu.Domain;

namespace Liuyu.Application.UseCases;

/// <summary>
/// R-EXEMPT-1 审批: a bureau approves (both must; the month is then re-accounted in the same transaction) or rejects
/// with its reason (final).
/// </summary>
public static class ReviewExemption
{
    public static Exemption Approve(ILiuyuStore store, SectionId section, YearMonth month, bool finance, bool ecology) =>
        store.ApproveExemption(section, month, finance, ecology);

    public static Exemption Reject(ILiuyuStore store, SectionId section, YearMonth month, string bureau, string reason) =>
        store.RejectExemption(section, month, bureau, reason);

    /// <summary>R-EXEMPT-1: the applying district attaches a document while its application is pending.</summary>
    public static ExemptionAttachment Attach(ILiuyuStore store, SectionId section, YearMonth month, PartyId? applicant, string fileName, byte[] content)
    {
        var upstream = ApplyExemption.UpstreamOf(store, section)
                       ?? throw new NotFoundException("section-unknown", new Dictionary<string, string> { ["section"] = section.Value }, $"There is no section '{section}'.");
        if (applicant is { } a && a != upstream)
            throw new NotAllowedException("exemption-attach-not-upstream", new Dictionary<string, string> { ["section"] = section.Value, ["upstream"] = upstream.Value },
                $"Only the applying district of {section} ({upstream}) attaches documents to its application.");
        return store.AttachToExemption(section, month, fileName, content);
    }
}
