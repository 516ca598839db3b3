using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Storage.Model;

namespace Liuyu.Storage;

/// <summary>Conversions between storage rows and domain records. Enum names are stored as snake_case text.</summary>
internal static class Mapping
{
    /// <summary>The stored snake_case name of an enum value, made once per value (the ledger writes hundreds of thousands).</summary>
    public static string Name<T>(T value) where T : struct, Enum => EnumNames<T>.Name(value);

    public static T Parse<T>(string text) where T : struct, Enum => EnumNames<T>.Parse(text);

    /// <summary>Stored snake_case names to enum values, parsed once per distinct name (ledger reads parse hundreds of thousands).</summary>
    private static class EnumNames<T> where T : struct, Enum
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, T> Cache = new(StringComparer.Ordinal);

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<T, string> Names = new();

        public static T Parse(string text) => Cache.GetOrAdd(text, t => Enum.Parse<T>(t.Replace("_", ""), ignoreCase: true));

        public static string Name(T value) => Names.GetOrAdd(value, v => LiuyuDb.SnakeCase(v.ToString()));
    }

    public static Party ToDomain(this PartyRow r) => new(new PartyId(r.Id), r.Name, Parse<PartyKind>(r.Kind)) { Province = r.Province };
    public static River ToDomain(this RiverRow r) => new(new RiverId(r.Id), r.Name, r.InflowProvince);

    public static Section ToDomain(this SectionRow r) => new(new SectionId(r.Id), r.Name, new RiverId(r.RiverId), new PartyId(r.Upstream),
        new PartyId(r.Downstream), Parse<SectionKind>(r.Kind), r.DistanceKm, r.Approved, r.ReferenceSection is null ? null : new SectionId(r.ReferenceSection));

    public static Target ToDomain(this TargetRow r) => new(new SectionId(r.SectionId), r.Year, WaterClass.FromOrdinal(r.Class));

    public static MonthlyResult ToDomain(this ResultRow r) => new(new SectionId(r.SectionId), YearMonth.FromKey(r.Month),
        r.Class is { } c ? WaterClass.FromOrdinal(c) : null, Parse<ResultSource>(r.Source), r.Note, r.Revision, r.DecidingIndicators);

    public static Agreement ToDomain(this AgreementRow r) =>
        new(new RiverId(r.RiverId), r.EffectiveFrom, r.EffectiveTo, new Tiers(new Fen(r.Tier1Fen), new Fen(r.Tier2Fen)), r.RuleFamily)
        {
            Parameters = Domain.Accounting.FamilyParameters.Parse(r.FamilyParameters),
            Quantity = r.QuantityAmountFen is { } q ? new QuantityTerms(new Fen(q), QuantityTerms.ParseMode(r.QuantityMode ?? "") ?? QuantityMode.Penalty) : null,
        };

    public static QuantityTarget ToDomain(this QuantityTargetRow r) => new(new SectionId(r.SectionId), r.Year, r.MinFlow);

    public static MonthlyFlow ToDomain(this FlowRow r) => new(new SectionId(r.SectionId), YearMonth.FromKey(r.Month), r.MinDailyFlow);

    public static Signature ToDomain(this SignatureRow r) => new(new RiverId(r.RiverId), new PartyId(r.PartyId), r.SignedOn);

    public static Exemption ToDomain(this ExemptionRow r) =>
        new(new SectionId(r.SectionId), YearMonth.FromKey(r.Month), r.FinanceApproved, r.EcologyApproved, r.Reason)
        { AppliedBy = r.AppliedBy, RejectedBy = r.RejectedBy, RejectionReason = r.RejectionReason };

    public static Payment ToDomain(this PaymentRow r) => new(r.Year, new PartyId(r.Payer), new PartyId(r.Payee), new Fen(r.AmountFen), r.PaidOn);

    public static Substitute ToDomain(this SubstituteRow r) => new(new RiverId(r.RiverId), r.Year, new PartyId(r.Payer), new PartyId(r.Payee),
        Parse<SubstituteKind>(r.Kind), new Fen(r.ReplacesFen), new Fen(r.AssessedFen), r.Description);

    public static LedgerLine ToDomain(this LedgerLineRow r) => new()
    {
        Sequence = r.Sequence,
        Kind = Parse<LedgerLineKind>(r.Kind),
        PostedYear = r.PostedYear,
        IsAdjustment = r.IsAdjustment,
        Reverses = r.Reverses,
        River = new RiverId(r.RiverId),
        Section = new SectionId(r.SectionId),
        Month = YearMonth.FromKey(r.Month),
        Purpose = r.Purpose,
        Rule = r.Rule,
        Payer = r.Payer is null ? null : new PartyId(r.Payer),
        Payee = r.Payee is null ? null : new PartyId(r.Payee),
        Amount = new Fen(r.AmountFen),
        Baseline = r.Baseline is { } b ? WaterClass.FromOrdinal(b) : null,
        BaselineFrom = r.BaselineFrom is null ? null : new SectionId(r.BaselineFrom),
        Result = r.Result is { } res ? WaterClass.FromOrdinal(res) : null,
        Source = r.Source is null ? null : Parse<ResultSource>(r.Source),
        Note = r.NoteCode is not null ? LineNote.Parse(r.NoteCode, r.NoteArgs) : LineNote.FromLegacyText(r.Note, r.Rule),
        ExemptionReference = r.ExemptionReference,
        PolicyVersion = r.PolicyVersion,
        RuleFamily = r.RuleFamily,
        InputDigest = r.InputDigest,
        BaselineBasis = r.BaselineBasis is null ? null : Parse<Domain.Accounting.BaselineBasis>(r.BaselineBasis),
        ResultRevision = r.ResultRevision,
        Tiers = r.Tier1Fen is { } t1 && r.Tier2Fen is { } t2 ? new Tiers(new Fen(t1), new Fen(t2)) : null,
        ClassDifference = r.ClassDifference,
        Parameters = r.Parameters is null ? null : Domain.Accounting.FamilyParameters.Parse(r.Parameters),
        Flow = r.Flow,
        FlowTarget = r.FlowTarget,
    };

    /// <summary>A line about to be appended, as a row (its sequence, supersedes and hashes are set when it is sealed).</summary>
    public static LedgerLineRow ToRow(this LedgerLine l, long runId, long? supersedes) => new()
    {
        Sequence = l.Sequence,
        Kind = Name(l.Kind),
        PostedYear = l.PostedYear,
        IsAdjustment = l.IsAdjustment,
        Reverses = l.Reverses,
        Supersedes = supersedes,
        RiverId = l.River.Value,
        SectionId = l.Section.Value,
        Month = l.Month.Key,
        Purpose = l.Purpose,
        Rule = l.Rule,
        Payer = l.Payer?.Value,
        Payee = l.Payee?.Value,
        AmountFen = l.Amount.Value,
        Baseline = l.Baseline?.Ordinal,
        BaselineFrom = l.BaselineFrom?.Value,
        BaselineBasis = l.BaselineBasis is { } b ? Name(b) : null,
        Result = l.Result?.Ordinal,
        Source = l.Source is { } s ? Name(s) : null,
        ResultRevision = l.ResultRevision,
        NoteCode = l.Note?.Code,
        NoteArgs = l.Note?.ArgsText,
        ExemptionReference = l.ExemptionReference,
        PolicyVersion = l.PolicyVersion,
        RuleFamily = l.RuleFamily,
        Tier1Fen = l.Tiers?.Tier1.Value,
        Tier2Fen = l.Tiers?.Tier2.Value,
        ClassDifference = l.ClassDifference,
        InputDigest = l.InputDigest,
        Parameters = l.Parameters?.Text,
        Flow = l.Flow,
        FlowTarget = l.FlowTarget,
        RunId = runId,
    };
}
