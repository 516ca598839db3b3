using Liuyu.Application.UseCases;
using System.Security.Claims;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Exemptions;

public sealed record ExemptionView(string Section, string Month, string Upstream, string Reason, bool FinanceApproved, bool EcologyApproved, bool Approved, string Reference)
{
    /// <summary>Pending (待审), Approved (已批准) or Rejected (已驳回).</summary>
    public string Status { get; init; } = "Pending";
    public string? AppliedBy { get; init; }
    public string? RejectedBy { get; init; }
    public string? RejectionReason { get; init; }
    /// <summary>The section's name, for the list a person reads (the id alone says little).</summary>
    public string? SectionName { get; init; }

    public static ExemptionView Of(Exemption e, PartyId upstream) =>
        new(e.Section.Value, e.Month.ToString(), upstream.Value, e.Reason, e.FinanceApproved, e.EcologyApproved, e.IsApproved, e.Reference)
        { Status = e.Status.ToString(), AppliedBy = e.AppliedBy, RejectedBy = e.RejectedBy, RejectionReason = e.RejectionReason };
}
public sealed record ApplyRequest(string? Section, string? Month, string? Reason);
public sealed record RejectRequest(string? Reason);
public sealed record AttachmentView(long Id, string FileName, string ContentType, long SizeBytes, string Sha256, DateTimeOffset UploadedAt, string UploadedBy, string Url)
{
    public static AttachmentView Of(ExemptionAttachment a) => new(a.Id, a.FileName, a.ContentType, a.SizeBytes, a.Sha256, a.UploadedAt, a.UploadedBy,
        $"/api/exemptions/{Uri.EscapeDataString(a.Section.Value)}/{a.Month}/attachments/{a.Id}");
}

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
        g.MapGet("/", List).CachedPerStoreVersion();
        g.MapPost("/", Apply).AddEndpointFilter<AntiforgeryFilter>().RequireAuthorization(p => p.RequireRole(Roles.District));
        g.MapPost("/{section}/{month}/approve", Approve).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.FinanceBureau, Roles.EcologyBureau));
        g.MapPost("/{section}/{month}/reject", Reject).AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.FinanceBureau, Roles.EcologyBureau));
        g.MapPost("/{section}/{month}/attachments", Attach)
            // The form's own overhead on top of the largest document; the store checks the document itself.
            .LimitUploadTo(Limits.MaxAttachmentBytes + 64 * 1024, ErrorCodes.UploadTooLargeAttachment)
            .AddEndpointFilter<AntiforgeryFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.District));
        g.MapGet("/{section}/{month}/attachments", Attachments);
        g.MapGet("/{section}/{month}/attachments/{id:long}", Download);
    }

    /// <summary>
    /// R-EXEMPT-1: a bureau rejects a pending application with its reason. Final: the district does not apply again
    /// for that section-month (the application row keeps the rejection), and it never waives the month.
    /// </summary>
    private static Results<Ok<ExemptionView>, ValidationProblem, ProblemHttpResult> Reject(string section, string month, RejectRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        if (!YearMonth.TryParse(month, out var m)) return Problem.Invalid("month", ErrorCodes.MonthInvalid, ("value", month));
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problem.Invalid("reason", ErrorCodes.RejectionReasonMissing);
        var id = new SectionId(section);
        var up = Upstream(store, id);
        if (up is null) return Problem.NotFound(ErrorCodes.SectionUnknown, ("section", section));
        var bureau = user.IsInRole(Roles.FinanceBureau) ? Roles.FinanceBureau : Roles.EcologyBureau;
        try
        {
            return TypedResults.Ok(ExemptionView.Of(store.Write(user, s => ReviewExemption.Reject(s, id, m.Value, bureau, request.Reason)), up.Value));
        }
        catch (InputException e) { return Problem.Invalid(e.Errors); }
    }

    /// <summary>The applicant of a web user bound to no party: no section's upstream party, so the use case refuses it.</summary>
    private static readonly PartyId NoParty = new("");

    private static PartyId? Upstream(StoreAccess store, SectionId id) => store.Read(s => ApplyExemption.UpstreamOf(s, id));

    /// <summary>
    /// Who may read an application's documents: the bureaus, the auditor and the applying (upstream) district; any
    /// district once the application is approved (as the list shows approved exemptions to all).
    /// </summary>
    private static ProblemHttpResult? CannotRead(ClaimsPrincipal user, PartyId upstream, Exemption exemption)
    {
        if (user.IsInRole(Roles.FinanceBureau) || user.IsInRole(Roles.EcologyBureau) || user.IsInRole(Roles.Auditor)) return null;
        if (user.IsInRole(Roles.District) && (user.Party() == upstream || exemption.IsApproved)) return null;
        return Problem.Forbidden(ErrorCodes.DocumentsForbidden);
    }

    /// <summary>R-EXEMPT-1: the applying district attaches a document (multipart field <c>file</c>) while the application is pending.</summary>
    private static async Task<Results<Created<AttachmentView>, ValidationProblem, ProblemHttpResult>> Attach(string section, string month, HttpRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        if (!YearMonth.TryParse(month, out var m)) return Problem.Invalid("month", ErrorCodes.MonthInvalid, ("value", month));
        var id = new SectionId(section);
        var applicant = user.Party() ?? NoParty;
        try { store.Read(s => { ReviewExemption.RequireApplicant(s, id, applicant); return 0; }); }
        catch (NotFoundException) { return Problem.NotFound(ErrorCodes.SectionUnknown, ("section", section)); }
        catch (NotAllowedException e) { return Problem.Refused(e); }
        if (!request.HasFormContentType) return Problem.Invalid("file", ErrorCodes.UploadNotMultipart, ("field", "file"));
        var form = await request.ReadFormAsync();
        var file = form.Files.GetFile("file");
        if (file is null) return Problem.Invalid("file", ErrorCodes.FileNone, ("field", "file"));
        if (file.Length > Limits.MaxAttachmentBytes) return Problem.Invalid("file", ErrorCodes.FileUploadTooLarge, ("name", file.FileName), ("maxMb", Limits.MaxAttachmentBytes / 1024 / 1024));
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        try
        {
            var a = store.Write(user, s => ReviewExemption.Attach(s, id, m.Value, applicant, file.FileName, buffer.ToArray()));
            var view = AttachmentView.Of(a);
            return TypedResults.Created(view.Url, view);
        }
        catch (InputException e) { return Problem.Invalid(e.Errors); }
    }

    private static Results<Ok<List<AttachmentView>>, ValidationProblem, ProblemHttpResult> Attachments(string section, string month, ClaimsPrincipal user, StoreAccess store)
    {
        if (!YearMonth.TryParse(month, out var m)) return Problem.Invalid("month", ErrorCodes.MonthInvalid, ("value", month));
        var id = new SectionId(section);
        var up = Upstream(store, id);
        var exemption = store.Read(s => s.ExemptionOf(id, m.Value));
        if (up is null || exemption is null) return Problem.NotFound(ErrorCodes.ExemptionNotApplied, ("section", section), ("month", month));
        if (CannotRead(user, up.Value, exemption) is { } forbidden) return forbidden;
        return TypedResults.Ok(store.Read(s => s.ExemptionAttachments(id, m.Value)).Select(AttachmentView.Of).ToList());
    }

    private static Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult> Download(string section, string month, long id, ClaimsPrincipal user, StoreAccess store)
    {
        if (!YearMonth.TryParse(month, out var m)) return Problem.Invalid("month", ErrorCodes.MonthInvalid, ("value", month));
        var sid = new SectionId(section);
        var up = Upstream(store, sid);
        var exemption = store.Read(s => s.ExemptionOf(sid, m.Value));
        if (up is null || exemption is null) return Problem.NotFound(ErrorCodes.ExemptionNotApplied, ("section", section), ("month", month));
        if (CannotRead(user, up.Value, exemption) is { } forbidden) return forbidden;
        var found = store.Read(s => s.ExemptionAttachmentContent(sid, m.Value, id));
        if (found is not { } f) return Problem.NotFound(ErrorCodes.DocumentNotFound, ("section", section), ("month", month), ("id", id));
        // Always a download (attachment), never rendered in the page's origin.
        return TypedResults.File(f.Content, f.Attachment.ContentType, f.Attachment.FileName);
    }

    private static Ok<List<ExemptionView>> List(ClaimsPrincipal user, StoreAccess store) => TypedResults.Ok(store.Read(s =>
    {
        var scheme = s.LoadRegistry();
        var own = user.IsInRole(Roles.District) ? user.Party() : null;
        return s.Exemptions()
            .Where(e => scheme.HasSection(e.Section))
            .Select(e => (e, up: scheme.Section(e.Section).Upstream))
            .Where(x => !user.IsInRole(Roles.District) || x.e.IsApproved || x.up == own)
            .Select(x => ExemptionView.Of(x.e, x.up) with { SectionName = scheme.Section(x.e.Section).Name })
            .ToList();
    }));

    private static Results<Created<ExemptionView>, ValidationProblem, ProblemHttpResult> Apply(ApplyRequest request, ClaimsPrincipal user, StoreAccess store)
    {
        if (string.IsNullOrWhiteSpace(request.Section)) return Problem.Invalid("section", ErrorCodes.SectionMissing);
        if (!YearMonth.TryParse(request.Month, out var month)) return Problem.Invalid("month", ErrorCodes.MonthInvalid, ("value", request.Month));
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problem.Invalid("reason", ErrorCodes.ExemptionReasonMissing);
        var id = new SectionId(request.Section);
        try
        {
            // R-EXEMPT-1 (in the use case): the paying upstream party applies; a district applies only for itself.
            var e = store.Write(user, s => ApplyExemption.Run(s, id, month.Value, request.Reason, user.Party() ?? NoParty));
            return TypedResults.Created($"/api/exemptions/{e.Section}/{e.Month}", ExemptionView.Of(e, store.Read(s => ApplyExemption.UpstreamOf(s, id))!.Value));
        }
        catch (NotFoundException) { return Problem.Invalid("section", ErrorCodes.SectionUnknown, ("section", request.Section)); }
        catch (NotAllowedException e) { return Problem.Refused(e); }
        catch (InputException e) { return Problem.Rejected(e); }
    }

    private static Results<Ok<ExemptionView>, ValidationProblem, ProblemHttpResult> Approve(string section, string month, ClaimsPrincipal user, StoreAccess store)
    {
        if (!YearMonth.TryParse(month, out var m)) return Problem.Invalid("month", ErrorCodes.MonthInvalid, ("value", month));
        var id = new SectionId(section);
        try
        {
            var e = store.Write(user, s => ReviewExemption.Approve(s, id, m.Value, finance: user.IsInRole(Roles.FinanceBureau), ecology: user.IsInRole(Roles.EcologyBureau)));
            var up = store.Read(s => ApplyExemption.UpstreamOf(s, id))!.Value;
            return TypedResults.Ok(ExemptionView.Of(e, up));
        }
        catch (InputException e) { return Problem.Rejected(e); }
    }
}
