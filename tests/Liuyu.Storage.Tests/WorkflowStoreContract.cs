using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;

namespace Liuyu.Storage.Tests;

/// <summary>
/// The workflow steps of the web application in the store (issue 4): payments (拨付, R-SET-1, R-PEN-1), exemption
/// rejection and attachments (R-EXEMPT-1), joint-governance records (R-JOINT-1). Every accepted change leaves an
/// audit entry; every refused one writes nothing. Runs on SQLite and on a real PostgreSQL cluster.
/// </summary>
public abstract class WorkflowStoreContract
{
    protected abstract LiuyuStore NewStore(TimeProvider clock);

    private static readonly DateTimeOffset Now = new(2024, 8, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly PartyId D03 = new("D03"), D04 = new("D04"), D02 = new("D02"), City = new("CITY");
    private static readonly SectionId S3 = new("S3");
    private static readonly YearMonth July = new(2023, 7);

    /// <summary>Example 2 (one river R0, D04 owes D03 20,000,000 net for 2023, no payments file) accounted for 2023.</summary>
    private LiuyuStore Example2()
    {
        var store = NewStore(new FixedClock(Now));
        store.Actor = new AuditActor("clerk", "FinanceBureau");
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "2"), "test");
        store.Account(2023);
        return store;
    }

    private static string CopyOfExample2()
    {
        var folder = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "2"), "*.csv")) File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        return folder;
    }

    private static IReadOnlyList<AuditEntry> Entries(LiuyuStore store, string action) => store.AuditLog(new AuditQuery(Action: action));

    // ---------------------------------------------------------------- payments

    /// <summary>
    /// A payment recorded inside a caller's transaction joins it: in a dry run it is checked and written, then rolled back
    /// with the switch it sets (<c>payments_tracked</c>, written at once in plain SQL) and its audit entry.
    /// </summary>
    [Fact]
    public void R_PEN_1_a_payment_recorded_in_a_dry_run_joins_it_and_leaves_nothing()
    {
        using var store = Example2();
        var entries = store.AuditLog(new AuditQuery()).Count;
        var rehearsed = store.Rehearse(() => store.RecordPayment(new Payment(2023, D04, D03, Fen.FromYuan(5_000_000m), new DateOnly(2024, 3, 1))));
        Assert.Equal(Fen.FromYuan(5_000_000m), rehearsed.Payment.Amount);
        Assert.Empty(store.Payments(2023));
        Assert.Null(store.LoadScheme().Payments); // the switch rolled back with the payment
        Assert.Equal(entries, store.AuditLog(new AuditQuery()).Count);
        var recorded = store.RecordPayment(new Payment(2023, D04, D03, Fen.FromYuan(5_000_000m), new DateOnly(2024, 3, 1)));
        Assert.Equal(recorded, Assert.Single(store.Payments(2023)));
        Assert.NotNull(store.LoadScheme().Payments);
    }

    [Fact]
    public void R_PEN_1_a_recorded_payment_is_listed_audited_and_counted_by_the_deadline()
    {
        using var store = Example2();
        Assert.Empty(store.Settle(2023).Penalties); // payments not tracked yet: the year is not due (formats.md)

        var recorded = store.RecordPayment(new Payment(2023, D04, D03, Fen.FromYuan(5_000_000m), new DateOnly(2024, 3, 1)));
        Assert.Equal(recorded, Assert.Single(store.Payments(2023)));

        var scheme = store.LoadScheme();
        var statement = store.Settle(scheme, 2023);
        var due = YearlySettlement.Dues(scheme, statement).Single(d => d.Payer == D04 && d.Payee == D03);
        Assert.Equal(Fen.FromYuan(20_000_000m), due.Owed);
        Assert.Equal(Fen.FromYuan(5_000_000m), due.PaidByDeadline);
        Assert.Equal(Fen.FromYuan(15_000_000m), due.Outstanding);
        var penalty = statement.Penalties.Single(p => p.Payer == D04 && p.Payee == D03);
        Assert.Equal(Fen.FromYuan(1_500_000m), penalty.PenaltyAmount); // 10 % of the 15,000,000 overdue

        var entry = Assert.Single(Entries(store, "settlement.payment"));
        Assert.Equal(("clerk", "FinanceBureau", "2023 D04→D03"), (entry.Actor, entry.Role, entry.Subject));
        Assert.Null(entry.Before);
        Assert.Contains("\"amountFen\":500000000", entry.After);
    }

    [Theory]
    [InlineData("NOBODY", "D03", "1000", "2024-03-01", 2023, "payer")]
    [InlineData("D04", "NOBODY", "1000", "2024-03-01", 2023, "payee")]
    [InlineData("D04", "D04", "1000", "2024-03-01", 2023, "payee")]
    [InlineData("D04", "D03", "0", "2024-03-01", 2023, "amount")]
    [InlineData("D04", "D03", "-5", "2024-03-01", 2023, "amount")]
    [InlineData("D04", "D03", "1000", "2023-12-31", 2023, "paidOn")]
    [InlineData("D04", "D03", "1000", "2024-08-02", 2023, "paidOn")]
    [InlineData("D04", "D03", "1000", "2025-03-01", 2024, "year")]
    public void A_refused_payment_names_its_field_and_writes_nothing(string payer, string payee, string yuan, string paidOn, int year, string field)
    {
        using var store = Example2();
        var ex = Assert.Throws<InputException>(() =>
            store.RecordPayment(new Payment(year, new PartyId(payer), new PartyId(payee), Fen.FromYuan(decimal.Parse(yuan)), DateOnly.Parse(paidOn))));
        Assert.Contains(ex.Errors, e => e.File == field);
        Assert.Empty(store.Payments(year));
        Assert.Empty(Entries(store, "settlement"));
        Assert.Empty(store.Settle(2023).Penalties); // payments did not become tracked
    }

    [Fact]
    public void A_payment_for_a_closed_year_is_refused()
    {
        using var store = Example2();
        store.CloseYear(2023, "test", requireClearance: false);
        var ex = Assert.Throws<InputException>(() => store.RecordPayment(new Payment(2023, D04, D03, Fen.FromYuan(1m), new DateOnly(2024, 3, 1))));
        Assert.Equal("year", Assert.Single(ex.Errors).File);
        Assert.Empty(store.Payments(2023));
    }

    [Fact]
    public void R_SET_1_a_payment_after_the_clearance_leaves_the_year_cleared()
    {
        using var store = Example2();
        var scheme = store.LoadScheme();
        foreach (var party in SettlementWorkflow.Required(scheme, store.Settle(scheme, 2023)).Select(x => x.Party).Distinct())
            store.Confirm(2023, party, null, "test");
        Assert.True(store.Clear(2023, "test").Cleared);

        store.RecordPayment(new Payment(2023, D04, D03, Fen.FromYuan(1_000_000m), new DateOnly(2024, 7, 1)));
        var progress = store.Progress(2023);
        Assert.True(progress.Cleared);
        Assert.Empty(progress.Stale);
    }

    [Fact]
    public void An_imported_payments_file_replaces_the_years_recorded_payments()
    {
        using var store = Example2();
        store.RecordPayment(new Payment(2023, D04, D03, Fen.FromYuan(1_000_000m), new DateOnly(2024, 3, 1)));
        var folder = CopyOfExample2();
        File.WriteAllText(Path.Combine(folder, "payments.csv"), "year,payer,payee,amount,paid_on\n2023,D04,D03,7000000,2024-04-01\n");
        store.ImportFolder(folder, "test");
        var payment = Assert.Single(store.Payments(2023)).Payment;
        Assert.Equal(Fen.FromYuan(7_000_000m), payment.Amount);
    }

    // ---------------------------------------------------------------- exemption rejection

    [Fact]
    public void R_EXEMPT_1_a_rejected_exemption_is_final_and_never_waives_the_month()
    {
        using var store = Example2();
        var line = store.Ledger(new LedgerQuery()).Last(l => l.Section == S3 && l.Month == July);
        Assert.NotEqual(RuleIds.Exempted, line.Rule);

        store.Actor = new AuditActor("reviewer", "FinanceBureau");
        var rejected = store.RejectExemption(S3, July, "FinanceBureau", "no disaster was reported that month");
        Assert.Equal(ExemptionStatus.Rejected, rejected.Status);
        Assert.Equal(("FinanceBureau", "no disaster was reported that month"), (rejected.RejectedBy, rejected.RejectionReason));
        Assert.Equal(ExemptionStatus.Rejected, store.Exemptions().Single(e => e.Section == S3 && e.Month == July).Status);

        var entry = Assert.Single(Entries(store, "exemption.reject"));
        Assert.Equal(("reviewer", "S3 2023-07"), (entry.Actor, entry.Subject));
        Assert.Contains("\"status\":\"Pending\"", entry.Before);
        Assert.Contains("\"status\":\"Rejected\"", entry.After);

        // Final: no approval, no second rejection, no new application.
        Assert.Equal("month", Assert.Throws<InputException>(() => store.ApproveExemption(S3, July, finance: true, ecology: false)).Errors[0].File);
        Assert.Throws<InputException>(() => store.RejectExemption(S3, July, "EcologyBureau", "again"));
        Assert.Contains("rejected", Assert.Throws<InputException>(() => store.ApplyExemption(S3, July, "once more")).Message);

        // Even if a file later says both bureaus approved it, the rejected application waives nothing.
        var folder = CopyOfExample2();
        File.WriteAllText(Path.Combine(folder, "exemptions.csv"), "section,month,finance_approved,ecology_approved,reason\nS3,2023-07,true,true,暴雨洪灾\n");
        store.ImportFolder(folder, "test");
        Assert.False(store.LoadScheme().ExemptionOf(S3, July)!.IsApproved);
        var run = store.Account(2023);
        Assert.Equal(0, run.Posted + run.Reversed);
        Assert.Equal(line.Amount, store.Ledger(new LedgerQuery()).Last(l => l.Section == S3 && l.Month == July).Amount);
    }

    [Fact]
    public void An_exemption_approved_by_both_bureaus_cannot_be_rejected_and_a_reason_is_required()
    {
        using var store = Example2();
        Assert.Equal("reason", Assert.Throws<InputException>(() => store.RejectExemption(S3, July, "FinanceBureau", " ")).Errors[0].File);
        Assert.Equal("section", Assert.Throws<InputException>(() => store.RejectExemption(new SectionId("S4"), July, "FinanceBureau", "x")).Errors[0].File);
        store.ApproveExemption(S3, July, finance: true, ecology: false);
        Assert.Throws<InputException>(() => store.RejectExemption(S3, July, "EcologyBureau", "too late"));
        Assert.Empty(Entries(store, "exemption.reject"));
        Assert.True(store.Exemptions().Single(e => e.Section == S3 && e.Month == July).IsApproved);
    }

    [Fact]
    public void Applying_records_who_applied()
    {
        using var store = Example2();
        store.Actor = new AuditActor("d04-clerk", "District");
        var month = store.Ledger(new LedgerQuery()).First(l => l.Section == S3 && l.Payer == D04 && l.Amount > Fen.Zero && l.Month != July).Month;
        store.ApplyExemption(S3, month, "landslide");
        Assert.Equal("d04-clerk", store.ExemptionOf(S3, month)!.AppliedBy);
        Assert.Null(store.ExemptionOf(S3, July)!.AppliedBy); // imported
    }

    // ---------------------------------------------------------------- attachments

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public void R_EXEMPT_1_an_attachment_is_stored_with_its_digest_listed_and_read_back()
    {
        using var store = Example2();
        store.Actor = new AuditActor("d04-clerk", "District");
        var a = store.AttachToExemption(S3, July, "灾情报告.pdf", Pdf);
        Assert.Equal(("灾情报告.pdf", "application/pdf", (long)Pdf.Length), (a.FileName, a.ContentType, a.SizeBytes));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), a.Sha256);
        Assert.Equal(a, Assert.Single(store.ExemptionAttachments(S3, July)));
        var (read, content) = store.ExemptionAttachmentContent(S3, July, a.Id)!.Value;
        Assert.Equal(a, read);
        Assert.Equal(Pdf, content);
        Assert.Null(store.ExemptionAttachmentContent(new SectionId("S1"), new YearMonth(2023, 8), a.Id));

        var png = store.AttachToExemption(S3, July, "photo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        Assert.Equal("image/png", png.ContentType);
        var entries = Entries(store, "exemption.attach");
        Assert.Equal(2, entries.Count);
        Assert.Contains(a.Sha256, entries[^1].After);
        Assert.DoesNotContain("PDF-1.4", entries[^1].After); // the content is not copied into the log
    }

    // The contents are made in the test, not in the theory data: xUnit enumerates (and serialises) theory data when it
    // discovers tests, and a 10 MB array there cost every run of this project gigabytes of memory.
    private static byte[] Content(string name) => name switch
    {
        "report.pdf" => "just text, not a PDF"u8.ToArray(),
        "report.txt" => "%PDF-1.4 but named .txt is still a PDF"u8.ToArray(),
        "archive.zip" => "PK\u0003\u0004rest"u8.ToArray(),
        "empty.pdf" => [],
        "huge.pdf" => [.. "%PDF-"u8, .. new byte[LiuyuStore.MaxAttachmentBytes]],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string, string> BadFiles => new()
    {
        { "report.pdf", "file" },
        { "report.txt", "-" },
        { "archive.zip", "file" },
        { "empty.pdf", "file" },
        { "huge.pdf", "file" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_refused_attachment_says_why_and_writes_nothing(string name, string field)
    {
        var content = Content(name);
        using var store = Example2();
        if (field == "-")
        {
            // Content decides, not the name: a PDF named .txt is accepted as a PDF.
            Assert.Equal("application/pdf", store.AttachToExemption(S3, July, name, content).ContentType);
            return;
        }
        var ex = Assert.Throws<InputException>(() => store.AttachToExemption(S3, July, name, content));
        Assert.Equal(field, Assert.Single(ex.Errors).File);
        Assert.Empty(store.ExemptionAttachments(S3, July));
        Assert.Empty(Entries(store, "exemption.attach"));
    }

    [Fact]
    public void Documents_are_attached_only_while_the_application_is_pending()
    {
        using var store = Example2();
        Assert.Equal("section", Assert.Throws<InputException>(() => store.AttachToExemption(new SectionId("S4"), July, "a.pdf", Pdf)).Errors[0].File);
        store.RejectExemption(S3, July, "EcologyBureau", "no");
        Assert.Contains("rejected", Assert.Throws<InputException>(() => store.AttachToExemption(S3, July, "a.pdf", Pdf)).Message);
        Assert.Empty(store.ExemptionAttachments(S3, July));
    }

    // ---------------------------------------------------------------- joint governance

    [Fact]
    public void R_JOINT_1_a_recorded_meeting_system_changes_the_status_and_is_audited()
    {
        using var store = Example2();
        store.Actor = new AuditActor("ecology", "EcologyBureau");
        Assert.Contains(D04, store.MeetingSystems().Single().Without);
        var batches = store.ImportBatches().Count;

        var recorded = store.RecordJointActivity(new JointActivity(new RiverId("R0"), JointActivityKind.JointMeetingSystem, new DateOnly(2024, 5, 6), [D04, D03, D04], " 联席会议 "));
        Assert.Equal([D04, D03], recorded.Parties);
        Assert.Equal("联席会议", recorded.Description);
        Assert.Contains(store.JointActivities(new RiverId("R0")), x => x.Kind == JointActivityKind.JointMeetingSystem && x.Date == recorded.Date
                                                                     && x.Parties.SequenceEqual([D04, D03]) && x.Description == "联席会议");
        Assert.Contains(D04, store.MeetingSystems().Single().WithMeetingSystem);
        Assert.DoesNotContain(D02, store.MeetingSystems().Single().WithMeetingSystem);

        var batch = store.ImportBatches()[^1];
        Assert.Equal(batches + 1, store.ImportBatches().Count);
        Assert.Equal(("web", "ecology"), (batch.Source, batch.ImportedBy));
        var entry = Assert.Single(Entries(store, "joint.record"));
        Assert.Equal("R0 2024-05-06", entry.Subject);
        Assert.Contains("D04;D03", entry.After);
    }

    [Fact]
    public void R_JOINT_1_a_districts_record_naming_another_district_counts_once_that_district_confirms()
    {
        using var store = Example2();
        store.Actor = new AuditActor("D04", "District");
        var recorded = store.RecordJointActivity(new JointActivity(new RiverId("R0"), JointActivityKind.JointMeetingSystem, new DateOnly(2024, 5, 7), [D04, D03], "联席会议") { RecordedBy = D04 });
        Assert.Equal([D03], recorded.Awaiting);
        Assert.False(recorded.Counts);
        Assert.DoesNotContain(D04, store.MeetingSystems().Single().WithMeetingSystem);
        var stored = store.JointActivity(recorded.Id)!;
        Assert.Equal(D04, stored.RecordedBy);
        Assert.Equal([D03], stored.Awaiting);

        store.Actor = new AuditActor("D03", "District");
        var confirmed = store.ConfirmJointActivity(recorded.Id, D03);
        Assert.True(confirmed.Counts);
        Assert.True(store.JointActivity(recorded.Id)!.Counts);
        Assert.Contains(D04, store.MeetingSystems().Single().WithMeetingSystem);
        Assert.Contains(D03, store.MeetingSystems().Single().WithMeetingSystem);
        var entry = Assert.Single(Entries(store, "joint.confirm"));
        Assert.Equal(("D03", "R0 2024-05-07"), (entry.Actor, entry.Subject));
        Assert.Contains("D03", entry.Before);
        Assert.Contains("\"counts\":true", entry.After);
    }

    [Fact]
    public void R_JOINT_1_the_bureaus_record_awaits_nobody()
    {
        using var store = Example2();
        store.Actor = new AuditActor("ecology", "EcologyBureau");
        var recorded = store.RecordJointActivity(new JointActivity(new RiverId("R0"), JointActivityKind.JointMeetingSystem, new DateOnly(2024, 5, 8), [D04, D03], "联席会议"));
        Assert.Empty(recorded.Awaiting);
        Assert.Null(store.JointActivity(recorded.Id)!.RecordedBy);
    }

    public static TheoryData<string, JointActivityKind, string, string, string, string> BadActivities => new()
    {
        { "R9", JointActivityKind.JointEnforcement, "2024-05-06", "D04", "x", "river" },
        { "R0", (JointActivityKind)99, "2024-05-06", "D04", "x", "kind" },
        { "R0", JointActivityKind.JointEnforcement, "2024-08-02", "D04", "x", "date" },
        { "R0", JointActivityKind.JointEnforcement, "1999-12-31", "D04", "x", "date" },
        { "R0", JointActivityKind.JointEnforcement, "2024-05-06", "", "x", "parties" },
        { "R0", JointActivityKind.JointEnforcement, "2024-05-06", "D04;D99", "x", "parties" },
        { "R0", JointActivityKind.JointEnforcement, "2024-05-06", "D04", " ", "description" },
    };

    [Theory]
    [MemberData(nameof(BadActivities))]
    public void A_refused_activity_names_its_field_and_writes_nothing(string river, JointActivityKind kind, string date, string parties, string description, string field)
    {
        using var store = Example2();
        var before = (store.JointActivities().Count, store.ImportBatches().Count);
        var ex = Assert.Throws<InputException>(() => store.RecordJointActivity(new JointActivity(new RiverId(river), kind, DateOnly.Parse(date),
            parties.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => new PartyId(p)).ToList(), description)));
        Assert.Contains(ex.Errors, e => e.File == field);
        Assert.Equal(before, (store.JointActivities().Count, store.ImportBatches().Count));
        Assert.Empty(Entries(store, "joint"));
    }

    [Fact]
    public void The_same_activity_is_not_recorded_twice()
    {
        using var store = Example2();
        var a = new JointActivity(new RiverId("R0"), JointActivityKind.JointEnforcement, new DateOnly(2024, 5, 6), [D04, D03], "执法检查");
        store.RecordJointActivity(a);
        Assert.Equal("date", Assert.Throws<InputException>(() => store.RecordJointActivity(a)).Errors[0].File);
        Assert.Single(store.JointActivities(new RiverId("R0")), x => x.Date == a.Date);
        Assert.Single(Entries(store, "joint.record"));
    }
}

public sealed class SqliteWorkflowStore : WorkflowStoreContract
{
    protected override LiuyuStore NewStore(TimeProvider clock) => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"), clock);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowStore(PostgresCluster cluster) : WorkflowStoreContract
{
    protected override LiuyuStore NewStore(TimeProvider clock) => LiuyuStore.Open(cluster.NewDatabase(), clock);
}
