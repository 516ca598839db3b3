using System.Security.Cryptography;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Governance;
using Liuyu.Domain.Quality;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

/// <summary>
/// The workflow steps of the web application (issue 4): payments (拨付, R-SET-1/R-PEN-1), exemption rejection and
/// attachments (R-EXEMPT-1), joint-governance records (R-JOINT-1), and the samples of a section evaluated by month.
/// Every change is checked here, whoever calls, and written with its audit entry in one SaveChanges.
/// </summary>
public sealed partial class LiuyuStore
{
    /// <summary>Largest attachment accepted.</summary>
    public const int MaxAttachmentBytes = Limits.MaxAttachmentBytes;

    // ---------------------------------------------------------------- payments (拨付)

    /// <summary>The payments recorded for a year, by date paid.</summary>
    public IReadOnlyList<RecordedPayment> Payments(int year) =>
        Db.Payments.AsNoTracking().Where(p => p.Year == year).OrderBy(p => p.PaidOn).ThenBy(p => p.Id).AsEnumerable()
            .Select(p => new RecordedPayment(p.Id, p.ToDomain())).ToList();

    /// <summary>
    /// R-SET-1 拨付: the Finance Bureau records a transfer made for a settled year. The year must have ledger lines
    /// and be open; payer and payee are two known parties; the amount is positive; the date lies after the year's
    /// end and not in the future. Payments become tracked (<c>payments_tracked</c>), so R-PEN-1 is computed from
    /// then on. A later import of <c>payments.csv</c> covering the year replaces its payments, these included.
    /// </summary>
    public RecordedPayment RecordPayment(Payment payment)
    {
        // One transaction under the write lock (or the caller's, joined): the checks, the switch (set at once in plain SQL),
        // the payment and its audit entry.
        using var tx = CurrentTransaction is null ? BeginWrite() : null;
        if (tx is null) LockForWrite();
        var errors = new List<InputError>();
        void Bad(string field, string code, params (string, object?)[] args) => errors.Add(new InputError(field, null, null, code, args));
        var parties = Db.Parties.AsNoTracking().Select(p => p.Id).ToHashSet();
        if (!parties.Contains(payment.Payer.Value)) Bad("payer", ErrorCodes.PartyUnknown, ("party", payment.Payer));
        if (!parties.Contains(payment.Payee.Value)) Bad("payee", ErrorCodes.PartyUnknown, ("party", payment.Payee));
        if (payment.Payer == payment.Payee) Bad("payee", ErrorCodes.PayeeIsPayer);
        if (payment.Amount <= Fen.Zero) Bad("amount", ErrorCodes.AmountNotPositive);
        if (!Db.LedgerLines.Any(l => l.PostedYear == payment.Year)) Bad("year", ErrorCodes.YearNoLinesDue, ("year", payment.Year));
        else if (Db.ClosedYears.Any(c => c.Year == payment.Year)) Bad("year", ErrorCodes.YearClosed, ("year", payment.Year));
        var today = DateOnly.FromDateTime(_clock.GetLocalNow().DateTime);
        if (payment.PaidOn < new DateOnly(payment.Year + 1, 1, 1))
            Bad("paidOn", ErrorCodes.PaidBeforeYearEnd, ("year", payment.Year), ("from", new DateOnly(payment.Year + 1, 1, 1)));
        else if (payment.PaidOn > today) Bad("paidOn", ErrorCodes.DateInFuture, ("date", payment.PaidOn));
        if (errors.Count > 0) throw new InputException(errors);

        var row = new PaymentRow { Year = payment.Year, Payer = payment.Payer.Value, Payee = payment.Payee.Value, AmountFen = payment.Amount.Value, PaidOn = payment.PaidOn };
        Db.Payments.Add(row);
        SetSetting("payments_tracked", "true");
        Audit("settlement.payment", $"{payment.Year} {payment.Payer}→{payment.Payee}", null,
            new { payment.Year, Payer = payment.Payer.Value, Payee = payment.Payee.Value, AmountFen = payment.Amount.Value, PaidOn = payment.PaidOn.ToString("yyyy-MM-dd") });
        Db.SaveChanges();
        tx?.Commit();
        ClearTracked();
        return new RecordedPayment(row.Id, row.ToDomain());
    }

    // ---------------------------------------------------------------- exemptions: rejection and attachments

    /// <summary>
    /// R-EXEMPT-1: a bureau rejects an application, with its reason. Final: a rejected application is neither
    /// approved nor applied for again, and never waives the month. An application both bureaus approved can no
    /// longer be rejected (its month is already waived in the ledger).
    /// </summary>
    public Exemption RejectExemption(SectionId section, YearMonth month, string bureau, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InputException(new InputError("reason", null, null, ErrorCodes.RejectionReasonMissing));
        if (string.IsNullOrWhiteSpace(bureau))
            throw new InputException(new InputError("bureau", null, null, ErrorCodes.BureauMissing));
        var row = Db.Exemptions.SingleOrDefault(e => e.SectionId == section.Value && e.Month == month.Key)
                  ?? throw new InputException(new InputError("section", null, null, ErrorCodes.ExemptionNotApplied, ("section", section), ("month", month)));
        if (row.RejectedBy is not null)
            throw new InputException(new InputError("month", null, null, ErrorCodes.ExemptionAlreadyRejected, ("section", section), ("month", month)));
        if (row.FinanceApproved && row.EcologyApproved)
            throw new InputException(new InputError("month", null, null, ErrorCodes.ExemptionApprovedFinal, ("section", section), ("month", month)));
        var before = row.ToDomain();
        row.RejectedBy = bureau;
        row.RejectionReason = reason.Trim();
        var after = row.ToDomain();
        Audit("exemption.reject", $"{section} {month}", ExemptionState(before), ExemptionState(after));
        Db.SaveChanges();
        ClearTracked();
        return after;
    }

    private static object ExemptionState(Exemption e) =>
        new { e.FinanceApproved, e.EcologyApproved, e.Reason, Status = e.Status.ToString(), e.RejectedBy, e.RejectionReason };

    /// <summary>The exemption of a section-month, or null when none was applied for.</summary>
    public Exemption? ExemptionOf(SectionId section, YearMonth month) =>
        Db.Exemptions.AsNoTracking().Where(e => e.SectionId == section.Value && e.Month == month.Key).AsEnumerable().Select(e => e.ToDomain()).SingleOrDefault();

    /// <summary>
    /// R-EXEMPT-1: attaches a document to a pending application (neither rejected nor approved by both). At most
    /// <see cref="MaxAttachmentBytes"/>; PDF, JPEG, PNG, DOCX or XLSX, recognised by content (a .docx or .xlsx is
    /// a ZIP named so). The stored content type is the recognised one, never the one the client claimed.
    /// </summary>
    public ExemptionAttachment AttachToExemption(SectionId section, YearMonth month, string fileName, byte[] content)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        if (name.Length == 0) throw new InputException(new InputError("file", null, null, ErrorCodes.FileNoName));
        if (name.Length > 200) throw new InputException(new InputError("file", null, null, ErrorCodes.FileNameTooLong, ("max", 200)));
        if (content.Length == 0) throw new InputException(new InputError("file", null, null, ErrorCodes.FileEmptyUpload, ("name", name)));
        if (content.Length > MaxAttachmentBytes)
            throw new InputException(new InputError("file", null, null, ErrorCodes.FileTooLarge, ("name", name), ("sizeMb", (content.Length / 1024.0 / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)), ("maxMb", MaxAttachmentBytes / 1024 / 1024)));
        var type = AttachmentType(name, content)
                   ?? throw new InputException(new InputError("file", null, null, ErrorCodes.FileTypeRefused, ("name", name)));
        var exemption = ExemptionOf(section, month)
                        ?? throw new InputException(new InputError("section", null, null, ErrorCodes.ExemptionNotApplied, ("section", section), ("month", month)));
        if (exemption.Status != ExemptionStatus.Pending)
            throw new InputException(new InputError("month", null, null, exemption.IsRejected ? ErrorCodes.AttachRejected : ErrorCodes.AttachApproved, ("section", section), ("month", month)));

        var row = new ExemptionAttachmentRow
        {
            SectionId = section.Value, Month = month.Key, FileName = name, ContentType = type, Content = content,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), UploadedAt = _clock.GetUtcNow(), UploadedBy = Actor.Name,
        };
        Db.ExemptionAttachments.Add(row);
        Audit("exemption.attach", $"{section} {month}", null, new { FileName = name, ContentType = type, SizeBytes = content.Length, row.Sha256 });
        Db.SaveChanges();
        ClearTracked();
        return ToAttachment(row, content.Length);
    }

    /// <summary>The documents attached to an exemption application, in order of upload.</summary>
    public IReadOnlyList<ExemptionAttachment> ExemptionAttachments(SectionId section, YearMonth month) =>
        Db.ExemptionAttachments.AsNoTracking().Where(a => a.SectionId == section.Value && a.Month == month.Key).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.SectionId, a.Month, a.FileName, a.ContentType, Size = a.Content.Length, a.Sha256, a.UploadedAt, a.UploadedBy })
            .AsEnumerable()
            .Select(a => new ExemptionAttachment(a.Id, new SectionId(a.SectionId), YearMonth.FromKey(a.Month), a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt, a.UploadedBy))
            .ToList();

    /// <summary>One attachment with its content, or null when the section-month has no attachment of that id.</summary>
    public (ExemptionAttachment Attachment, byte[] Content)? ExemptionAttachmentContent(SectionId section, YearMonth month, long id)
    {
        var row = Db.ExemptionAttachments.AsNoTracking().SingleOrDefault(a => a.Id == id && a.SectionId == section.Value && a.Month == month.Key);
        return row is null ? null : (ToAttachment(row, row.Content.Length), row.Content);
    }

    private static ExemptionAttachment ToAttachment(ExemptionAttachmentRow r, long size) =>
        new(r.Id, new SectionId(r.SectionId), YearMonth.FromKey(r.Month), r.FileName, r.ContentType, size, r.Sha256, r.UploadedAt, r.UploadedBy);

    /// <summary>The content type of an accepted attachment, recognised by its first bytes; null when not accepted.</summary>
    public static string? AttachmentType(string fileName, ReadOnlySpan<byte> content)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (content.StartsWith("%PDF-"u8)) return "application/pdf";
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        // DOCX and XLSX are ZIP packages; the name tells which (the package's own parts would need unzipping).
        if (content.StartsWith("PK\u0003\u0004"u8))
            return ext switch
            {
                ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _ => null,
            };
        return null;
    }

    // ---------------------------------------------------------------- joint governance (联防共治)

    /// <summary>
    /// R-JOINT-1: records one joint-governance activity on a river by parties of that river. Each record from the
    /// web gets its own small import batch (source <c>web</c>) so that provenance is kept like an imported one. The
    /// same river, kind, date and parties twice is refused (an import would skip it as already recorded).
    /// </summary>
    public JointActivity RecordJointActivity(JointActivity activity)
    {
        var errors = new List<InputError>();
        void Bad(string field, string code, params (string, object?)[] args) => errors.Add(new InputError(field, null, null, code, args));
        var scheme = LoadScheme();
        var riverKnown = scheme.Rivers.Any(r => r.Id == activity.River);
        if (!riverKnown) Bad("river", ErrorCodes.RiverUnknown, ("river", activity.River));
        if (!Enum.IsDefined(activity.Kind)) Bad("kind", ErrorCodes.ActivityKindUnknown, ("value", activity.Kind), ("kinds", string.Join(", ", Enum.GetNames<JointActivityKind>())));
        var today = DateOnly.FromDateTime(_clock.GetLocalNow().DateTime);
        if (activity.Date > today) Bad("date", ErrorCodes.ActivityInFuture, ("date", activity.Date));
        else if (activity.Date.Year < 2000) Bad("date", ErrorCodes.DateBefore2000, ("date", activity.Date));
        var parties = activity.Parties.Distinct().ToList();
        if (parties.Count == 0) Bad("parties", ErrorCodes.PartiesMissing);
        else if (riverKnown)
        {
            var ofRiver = scheme.PartiesOf(activity.River).ToHashSet();
            var strangers = parties.Where(p => !ofRiver.Contains(p)).ToList();
            if (strangers.Count > 0) Bad("parties", strangers.Count == 1 ? ErrorCodes.PartyNotOfRiver : ErrorCodes.PartiesNotOfRiver, ("parties", string.Join(", ", strangers)), ("river", activity.River));
        }
        if (string.IsNullOrWhiteSpace(activity.Description)) Bad("description", ErrorCodes.DescriptionMissing);
        else if (activity.Description.Length > 2000) Bad("description", ErrorCodes.DescriptionTooLong, ("max", "2,000"));
        if (errors.Count > 0) throw new InputException(errors);

        var partiesText = string.Join(';', parties.Select(p => p.Value));
        var kind = Mapping.Name(activity.Kind);
        if (Db.JointActivities.AsNoTracking().Any(j => j.RiverId == activity.River.Value && j.Kind == kind && j.Date == activity.Date && j.Parties == partiesText))
            throw new InputException(new InputError("date", null, null, ErrorCodes.ActivityExists, ("parties", partiesText.Replace(";", ", ")), ("date", activity.Date)));

        using var tx = BeginWrite();
        var batch = new ImportBatchRow { Source = "web", ImportedBy = Actor.Name, ImportedAt = _clock.GetUtcNow(), Rows = 1, Summary = "joint_activities +1" };
        Db.ImportBatches.Add(batch);
        Db.SaveChanges();
        var awaiting = JointGovernance.ConfirmationsNeeded(scheme, parties, activity.RecordedBy);
        var row = new JointActivityRow
        {
            RiverId = activity.River.Value, Kind = kind, Date = activity.Date, Parties = partiesText, Description = activity.Description.Trim(), ImportBatchId = batch.Id,
            RecordedBy = activity.RecordedBy?.Value, Awaiting = awaiting.Count == 0 ? null : string.Join(';', awaiting.Select(p => p.Value)),
        };
        Db.JointActivities.Add(row);
        Audit("joint.record", $"{activity.River} {activity.Date:yyyy-MM-dd}", null,
            new { River = activity.River.Value, Kind = activity.Kind.ToString(), Date = activity.Date.ToString("yyyy-MM-dd"), Parties = partiesText, row.Description,
                RecordedBy = row.RecordedBy, Awaiting = awaiting.Select(p => p.Value) });
        Db.SaveChanges();
        tx.Commit();
        ClearTracked();
        return Activity(row);
    }

    // ---------------------------------------------------------------- samples of a section

    /// <summary>
    /// The months (of a year, or all) in which a section has stored samples, each evaluated by the domain (GB 3838, R-DATA-3)
    /// with the profile of its computed result: per indicator the monthly value and class, and the deciding ones.
    /// Empty when the section has no samples that year.
    /// </summary>
    public IReadOnlyList<MonthlyEvaluation> EvaluateSamples(SectionId section, int? year = null)
    {
        var (from, to) = year is { } y ? (y * 100 + 1, y * 100 + 12) : (0, int.MaxValue);
        var rows = Db.Samples.AsNoTracking().Where(s => s.SectionId == section.Value && s.Month >= from && s.Month <= to).OrderBy(s => s.Id).ToList();
        // Issue 14: a month whose stations delivered enough valid hours is evaluated from them instead (StationMonths).
        var station = StationMonths(section, year).Where(m => m.Evaluation.UsesStation).ToDictionary(m => m.Evaluation.Month.Key, m => m.Evaluation.Evaluation);
        if (rows.Count == 0 && station.Count == 0) return [];
        var profiles = Db.ComputedResults.AsNoTracking().Where(r => r.SectionId == section.Value && r.Month >= from && r.Month <= to).AsEnumerable()
            .ToDictionary(r => r.Month, ProfileOf);
        var lab = rows.GroupBy(r => r.Month).Where(g => !station.ContainsKey(g.Key))
            .Select(g => SectionEvaluator.Evaluate(section.Value, YearMonth.FromKey(g.Key), profiles.GetValueOrDefault(g.Key) ?? SectionProfile.River, g.Select(ToSample)));
        return lab.Concat(station.Values).OrderBy(e => e.Month.Key).ToList();
    }
}
