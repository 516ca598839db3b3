using Liuyu.Data.Csv;
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
        RequireApplicant(store, section, applicant);
        return store.AttachToExemption(section, month, fileName, content);
    }

    /// <summary>
    /// R-EXEMPT-1: only the applying (upstream) district attaches documents. Asked by <see cref="Attach"/> and, before an
    /// upload is read at all, by the web endpoint, so that nobody else can make the server read 10 MB.
    /// </summary>
    public static void RequireApplicant(ILiuyuStore store, SectionId section, PartyId? applicant)
    {
        var upstream = ApplyExemption.UpstreamOf(store, section)
                       ?? throw new NotFoundException(ErrorCodes.SectionUnknown, ("section", section.Value));
        if (applicant is { } a && a != upstream)
            throw new NotAllowedException(ErrorCodes.AttachNotApplicant, ("section", section.Value), ("party", upstream.Value));
    }
}
