namespace Liuyu.Domain;

/// <summary>R-PARTY-1: what kind of government a party is.</summary>
public enum PartyKind
{
    /// <summary>区县, including 两江新区, 西部科学城重庆高新区, 万盛经开区.</summary>
    District,
    /// <summary>市级财政, the municipal treasury: head and tail of every chain (R-HEAD-1, R-TAIL-1).</summary>
    Municipal,
    /// <summary>An external province-level government, for cross-province agreements (R-EXT-2).</summary>
    Province,
}

/// <summary>
/// R-PARTY-1: a party (补偿主体) that pays or receives compensation. R-EXT-2: every party has a province (省份),
/// 重庆 by default; a party of another province takes part in a river like any party, but the basin fund (R-FUND-1) and
/// the penalty (R-PEN-1) are Chongqing's alone.
/// </summary>
public sealed record Party(PartyId Id, string Name, PartyKind Kind)
{
    /// <summary>R-EXT-2 Decision: the province of a party that names none.</summary>
    public const string HomeProvince = "重庆";

    public string Province { get; init; } = HomeProvince;

    /// <summary>R-EXT-2: a party of Chongqing, to which its sanctions (R-FUND-1, R-PEN-1) apply.</summary>
    public bool IsChongqing => Province == HomeProvince;
}

/// <summary>R-RIVER-1: a river (河流) of the scheme. <see cref="InflowProvince"/> is null when it rises inside the municipality.</summary>
public sealed record River(RiverId Id, string Name, string? InflowProvince);

/// <summary>R-SEC-1: the kind of a section, which decides where its baseline comes from (R-BASE-1, R-BASE-2).</summary>
public enum SectionKind
{
    /// <summary>国控考核断面.</summary>
    National,
    /// <summary>市控考核断面.</summary>
    Municipal,
    /// <summary>非考核断面.</summary>
    None,
}

/// <summary>
/// R-SEC-1: a compensation section (补偿断面) on one river between one upstream and one downstream party.
/// <see cref="DistanceKm"/> is the distance from the source along the river (R-BASE-2).
/// <see cref="Approved"/>: R-SEC-2, approved by the Ecology Bureau (需经市生态环境局认可).
/// <see cref="ReferenceSection"/>: an agreement may name the section whose target is the baseline (R-BASE-2 Decision).
/// </summary>
public sealed record Section(
    SectionId Id,
    string Name,
    RiverId River,
    PartyId Upstream,
    PartyId Downstream,
    SectionKind Kind,
    decimal DistanceKm,
    bool Approved,
    SectionId? ReferenceSection)
{
    public bool IsAssessment => Kind != SectionKind.None;
}

/// <summary>R-BASE-1: an assessment section's water-quality target (水质考核目标) for one year.</summary>
public sealed record Target(SectionId Section, int Year, WaterClass Class);

/// <summary>R-DATA-1..3: where a monthly result comes from.</summary>
public enum ResultSource
{
    /// <summary>National bulletin (国家通报).</summary>
    National,
    /// <summary>Municipal bulletin (市级通报).</summary>
    Municipal,
    /// <summary>Municipal monitoring centre (市生态环境监测中心).</summary>
    MonitoringCentre,
    /// <summary>Joint monitoring by both districts (联合监测).</summary>
    Joint,
    /// <summary>Computed from measured concentrations by GB 3838-2002 (R-DATA-3).</summary>
    Computed,
    /// <summary>Not given: accepted only on a row without a valid result (R-DATA-4), where the source decides nothing.</summary>
    Unspecified,
}

/// <summary>
/// R-DATA-1..5: a section's monthly result (月度水质监测结果). A null <see cref="Class"/> is a month with no
/// valid result (R-DATA-4) and <see cref="Note"/> says why. <see cref="Revision"/> counts revisions (复核, R-DATA-5).
/// </summary>
public sealed record MonthlyResult(
    SectionId Section,
    YearMonth Month,
    WaterClass? Class,
    ResultSource Source,
    string? Note,
    int Revision = 0,
    string? DecidingIndicators = null)
{
    /// <summary>
    /// For a result made by the program (computed from samples, R-DATA-3): its note as a code, which the ledger line
    /// carries instead of <see cref="Note"/>. Null for an imported result, whose <see cref="Note"/> is data.
    /// </summary>
    public Ledger.LineNote? Coded { get; init; }
}

/// <summary>R-EXEMPT-1: where an exemption application stands.</summary>
public enum ExemptionStatus
{
    /// <summary>待审: awaiting one or both bureaus.</summary>
    Pending,
    /// <summary>已批准: both bureaus approved; the month is waived.</summary>
    Approved,
    /// <summary>已驳回: a bureau rejected it; final, it never waives the month.</summary>
    Rejected,
}

/// <summary>R-EXEMPT-1: an exemption (免除) applied for by the paying party; effective only when both bureaus approve.</summary>
public sealed record Exemption(SectionId Section, YearMonth Month, bool FinanceApproved, bool EcologyApproved, string Reason)
{
    /// <summary>Who applied (a user name), when applied for through the web application; null for imported applications.</summary>
    public string? AppliedBy { get; init; }

    /// <summary>The bureau (role name) that rejected the application; null unless rejected. A rejection is final.</summary>
    public string? RejectedBy { get; init; }

    /// <summary>The bureau's reason for the rejection.</summary>
    public string? RejectionReason { get; init; }

    public bool IsRejected => RejectedBy is not null;

    /// <summary>Both bureaus approved and neither rejected: only then is the month waived.</summary>
    public bool IsApproved => FinanceApproved && EcologyApproved && !IsRejected;

    public ExemptionStatus Status => IsRejected ? ExemptionStatus.Rejected : IsApproved ? ExemptionStatus.Approved : ExemptionStatus.Pending;

    /// <summary>The reference recorded on the waived ledger line.</summary>
    public string Reference => $"EX-{Section}-{Month}";
}

/// <summary>R-SIG: a party's signature (签署) of a river's agreement, which ends its basin-fund charge (R-FUND-1).</summary>
public sealed record Signature(RiverId River, PartyId Party, DateOnly SignedOn);

/// <summary>R-PEN-1: a transfer made for a settled year (拨付).</summary>
public sealed record Payment(int Year, PartyId Payer, PartyId Payee, Fen Amount, DateOnly PaidOn);

/// <summary>R-SUB-1: forms of non-monetary compensation (多元化补偿).</summary>
public enum SubstituteKind
{
    /// <summary>对口协作.</summary>
    CounterpartCooperation,
    /// <summary>产业转移.</summary>
    IndustryTransfer,
    /// <summary>人才培训.</summary>
    TalentTraining,
    /// <summary>共建园区.</summary>
    CoBuiltPark,
}

/// <summary>
/// R-SUB-1: a substitute that replaces <see cref="Replaces"/> of what <see cref="Payer"/> owes <see cref="Payee"/> on a
/// river for a year, with an assessed value <see cref="AssessedValue"/>. A shortfall is owed in cash at settlement.
/// </summary>
public sealed record Substitute(RiverId River, int Year, PartyId Payer, PartyId Payee, SubstituteKind Kind, Fen Replaces, Fen AssessedValue, string Description)
{
    /// <summary>R-SUB-1: how much of the replaced amount the substitute actually covers.</summary>
    public Fen Covered => Fen.Min(Replaces, AssessedValue);

    /// <summary>R-SUB-1: the part of the replaced amount still owed in cash.</summary>
    public Fen Shortfall => Fen.Max(Fen.Zero, Replaces - AssessedValue);
}

/// <summary>R-JOINT-1: kinds of joint-governance activity (联防共治).</summary>
public enum JointActivityKind
{
    /// <summary>联席会议制度.</summary>
    JointMeetingSystem,
    /// <summary>联合执法.</summary>
    JointEnforcement,
    /// <summary>联合应急.</summary>
    JointEmergencyResponse,
    /// <summary>重大项目环评会商.</summary>
    ProjectConsultation,
}

/// <summary>
/// R-JOINT-1: one recorded joint-governance activity on a river, by the parties that took part. One that a district
/// recorded (<see cref="RecordedBy"/>) naming other districts counts only once each of them has confirmed it
/// (<see cref="Awaiting"/> empty): no district can claim another's participation without its consent.
/// </summary>
public sealed record JointActivity(RiverId River, JointActivityKind Kind, DateOnly Date, IReadOnlyList<PartyId> Parties, string Description)
{
    /// <summary>The store's number of the record (0 before it is stored).</summary>
    public long Id { get; init; }

    /// <summary>The district that recorded it; null for the Ecology Bureau's records and imported ones.</summary>
    public PartyId? RecordedBy { get; init; }

    /// <summary>The named districts that have not confirmed it yet.</summary>
    public IReadOnlyList<PartyId> Awaiting { get; init; } = [];

    /// <summary>Whether it counts (in the meeting-system status): every named district has confirmed it.</summary>
    public bool Counts => Awaiting.Count == 0;
}
