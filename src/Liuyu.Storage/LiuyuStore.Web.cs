using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

/// <summary>What the web application asks of the store beyond the CLI: the years with lines, and exemptions one at a time.</summary>
public sealed partial class LiuyuStore
{
    /// <summary>The settlement years that have ledger lines, ascending.</summary>
    public IReadOnlyList<int> LedgerYears() =>
        Db.LedgerLines.AsNoTracking().Select(l => l.PostedYear).Distinct().OrderBy(y => y).ToList();

    /// <summary>
    /// The registry only: parties, rivers, sections (registration order) and targets, with the policy schedule, for
    /// the pages that name them. No results, samples or ledger: a page that only names things does not load the year.
    /// </summary>
    public Scheme LoadRegistry() => new(
        Db.Parties.AsNoTracking().OrderBy(p => p.Ordinal).AsEnumerable().Select(p => p.ToDomain()).ToList(),
        Db.Rivers.AsNoTracking().OrderBy(r => r.Ordinal).AsEnumerable().Select(r => r.ToDomain()).ToList(),
        Db.Sections.AsNoTracking().OrderBy(s => s.Ordinal).AsEnumerable().Select(s => s.ToDomain()).ToList(),
        Db.Targets.AsNoTracking().AsEnumerable().Select(t => t.ToDomain()).ToList(),
        [],
        policy: ScenarioData.BuildSchedule(Db.Policy.AsNoTracking().OrderBy(p => p.Id).AsEnumerable().Select(p => new PolicyOverride(p.EffectiveFrom, p.Key, p.Value))),
        quantityTargets: Db.QuantityTargets.AsNoTracking().AsEnumerable().Select(t => t.ToDomain()).ToList(),
        flows: Db.Flows.AsNoTracking().AsEnumerable().Select(f => f.ToDomain()).ToList())
    { ResultsLeftOut = true };

    /// <summary>
    /// Every ledger line matching the filters, in order of posting, read from the database as it is enumerated (an
    /// export of any size holds one line at a time). Enumerate once, and before the store is disposed.
    /// </summary>
    public IEnumerable<LedgerLine> StreamLedger(LedgerQuery q) => Filtered(q).OrderBy(l => l.Sequence).AsEnumerable().Select(l => l.ToDomain());

    /// <summary>R-EXEMPT-1: every exemption, applied for or approved, by section and month.</summary>
    public IReadOnlyList<Exemption> Exemptions() =>
        Db.Exemptions.AsNoTracking().OrderBy(e => e.Month).ThenBy(e => e.SectionId).AsEnumerable().Select(e => e.ToDomain()).ToList();

    /// <summary>
    /// R-EXEMPT-1: the paying party applies for an exemption of one section-month. It takes effect only when both
    /// bureaus approve (<see cref="ApproveExemption"/>). One application per section-month: a rejected one is final and is not applied for again (the row keeps the bureau's reason).
    /// </summary>
    public Exemption ApplyExemption(SectionId section, YearMonth month, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InputException(new InputError("reason", null, null, ErrorCodes.ExemptionReasonMissing));
        if (!Db.Sections.AsNoTracking().Any(s => s.Id == section.Value))
            throw new InputException(new InputError("section", null, null, ErrorCodes.SectionUnknown, ("section", section)));
        // R-EXEMPT-1 excuses a month whose water quality worsened: a month still to come has had no disaster yet.
        var thisMonth = YearMonth.Of(DateOnly.FromDateTime(_clock.GetLocalNow().DateTime));
        if (month.Key > thisMonth.Key)
            throw new InputException(new InputError("month", null, null, ErrorCodes.MonthNotBegun, ("month", month), ("thisMonth", thisMonth)));
        if (Db.Exemptions.AsNoTracking().SingleOrDefault(e => e.SectionId == section.Value && e.Month == month.Key) is { } earlier)
            throw new InputException(earlier.RejectedBy is null
                ? new InputError("month", null, null, ErrorCodes.ExemptionExists, ("section", section), ("month", month))
                : new InputError("month", null, null, ErrorCodes.ExemptionRejectedWithReason, ("section", section), ("month", month), ("reason", earlier.RejectionReason)));
        RequireOpen(month.Year);
        var row = new ExemptionRow { SectionId = section.Value, Month = month.Key, FinanceApproved = false, EcologyApproved = false, Reason = reason.Trim(), AppliedBy = Actor.Name };
        Db.Exemptions.Add(row);
        Audit("exemption.apply", $"{section} {month}", null, new { section = section.Value, month = month.ToString(), reason = row.Reason });
        Db.SaveChanges();
        ClearTracked();
        return row.ToDomain();
    }

    /// <summary>
    /// R-EXEMPT-1: one bureau approves an exemption. When both have approved, the month is accounted again so that the
    /// ledger shows the waived line (a reversal and a new line, R-LEDGER-2).
    /// </summary>
    public Exemption ApproveExemption(SectionId section, YearMonth month, bool finance, bool ecology) => InOneTransaction(() =>
    {
        // The approval and the re-accounting it triggers commit together: a failed accounting leaves no approval.
        var row = Db.Exemptions.SingleOrDefault(e => e.SectionId == section.Value && e.Month == month.Key)
                  ?? throw new InputException(new InputError("section", null, null, ErrorCodes.ExemptionNotApplied, ("section", section), ("month", month)));
        if (row.RejectedBy is not null)
            throw new InputException(new InputError("month", null, null, ErrorCodes.ExemptionRejectedFinal, ("section", section), ("month", month)));
        var before = new { financeApproved = row.FinanceApproved, ecologyApproved = row.EcologyApproved };
        if (finance) row.FinanceApproved = true;
        if (ecology) row.EcologyApproved = true;
        // Approving what is already approved changes nothing and is not recorded.
        if (before.financeApproved != row.FinanceApproved || before.ecologyApproved != row.EcologyApproved)
            Audit("exemption.approve", $"{section} {month}", before, new { financeApproved = row.FinanceApproved, ecologyApproved = row.EcologyApproved });
        Db.SaveChanges();
        ClearTracked();
        var exemption = row.ToDomain();
        if (exemption.IsApproved) Account(month.Year, month.Month);
        return exemption;
    });
}
