using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Governance;
using Liuyu.Domain.Settlement;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

/// <summary>R-JOINT-1 records and the R-SET-1 settlement steps (认定, 清算).</summary>
public sealed partial class LiuyuStore
{
    /// <summary>R-JOINT-1: the recorded joint-governance activities, optionally of one river, by date.</summary>
    public IReadOnlyList<JointActivity> JointActivities(RiverId? river = null)
    {
        var q = Db.JointActivities.AsNoTracking().AsQueryable();
        if (river is { } r) q = q.Where(j => j.RiverId == r.Value);
        return q.OrderBy(j => j.Date).ThenBy(j => j.Id).AsEnumerable().Select(Activity).ToList();
    }

    private static JointActivity Activity(JointActivityRow j) =>
        new(new RiverId(j.RiverId), Mapping.Parse<JointActivityKind>(j.Kind), j.Date, PartyList(j.Parties), j.Description)
        {
            Id = j.Id, RecordedBy = j.RecordedBy is { } by ? new PartyId(by) : null, Awaiting = PartyList(j.Awaiting),
        };

    private static List<PartyId> PartyList(string? text) => [.. (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => new PartyId(p))];

    /// <summary>R-JOINT-1: one recorded activity by its number, or null.</summary>
    public JointActivity? JointActivity(long id) =>
        Db.JointActivities.AsNoTracking().SingleOrDefault(j => j.Id == id) is { } row ? Activity(row) : null;

    /// <summary>
    /// R-JOINT-1: a district named by a record another district made confirms that it took part; once every named
    /// district has, the record counts. Audited (<c>joint.confirm</c>) with who still had to confirm before and after.
    /// A party that is not (or no longer) awaited changes nothing (the use case refuses it first).
    /// </summary>
    public JointActivity ConfirmJointActivity(long id, PartyId party)
    {
        using var tx = BeginWrite();
        var row = Db.JointActivities.Single(j => j.Id == id);
        var awaiting = PartyList(row.Awaiting);
        if (!awaiting.Contains(party)) return Activity(row);
        var left = awaiting.Where(p => p != party).ToList();
        row.Awaiting = left.Count == 0 ? null : string.Join(';', left.Select(p => p.Value));
        Audit("joint.confirm", $"{row.RiverId} {row.Date:yyyy-MM-dd}",
            new { id, awaiting = awaiting.Select(p => p.Value), counts = false },
            new { id, confirmedBy = party.Value, awaiting = left.Select(p => p.Value), counts = left.Count == 0, recordedBy = row.RecordedBy, kind = row.Kind, parties = row.Parties });
        Db.SaveChanges();
        tx.Commit();
        ClearTracked();
        return Activity(row);
    }

    /// <summary>R-JOINT-1: per river, which districts have a joint meeting system.</summary>
    public IReadOnlyList<MeetingSystemStatus> MeetingSystems() => JointGovernance.MeetingSystems(LoadRegistry(), JointActivities());

    /// <summary>
    /// R-SET-1: a year's confirmations and clearances in the order they were made, in plain SQL: <c>settle</c> reads them
    /// beside the statement, in the native front too (read through EF Core, a confirmed year's statement was made there,
    /// thrown away and made again by the full CLI).
    /// </summary>
    public IReadOnlyList<SettlementStep> SettlementSteps(int year) =>
        Rows("SELECT year, kind, river_id, party_id, statement_digest, \"at\", \"by\" FROM settlement_steps WHERE year = @p0 ORDER BY id",
            r => new SettlementStep(r.GetInt32(0), Mapping.Parse<SettlementStepKind>(r.GetString(1)), r.IsDBNull(2) ? null : new RiverId(r.GetString(2)),
                r.IsDBNull(3) ? null : new PartyId(r.GetString(3)), r.GetString(4), Instant(r.GetValue(5), "settlement_steps.at"), r.GetString(6)),
            year);

    /// <summary>R-SET-1: where the settlement of a year stands against its current statement.</summary>
    public SettlementProgress Progress(int year)
    {
        var scheme = LoadScheme();
        return SettlementWorkflow.Progress(scheme, Settle(scheme, year), SettlementSteps(year));
    }

    /// <summary>
    /// R-SET-1 认定: a party confirms the year's amounts on its rivers (or on one river). The confirmation names
    /// the statement it was given on; if the ledger changes later it is stale and must be given again.
    /// </summary>
    public SettlementProgress Confirm(int year, PartyId party, RiverId? river, string who)
    {
        // Under the write lock from the first read: the statement confirmed (or cleared) is the one written down.
        using var tx = BeginWrite();
        RequireOpen(year);
        var scheme = LoadScheme();
        var statement = Settle(scheme, year);
        var required = SettlementWorkflow.Required(scheme, statement).Where(x => x.Party == party && (river is null || x.River == river)).ToList();
        if (required.Count == 0)
            throw new InputException(river is { } r
                ? new InputError("--party", null, null, ErrorCodes.ConfirmNothingOnRiver, ("party", party), ("year", year), ("river", r))
                : new InputError("--party", null, null, ErrorCodes.ConfirmNothing, ("party", party), ("year", year)));
        var digest = SettlementWorkflow.Digest(statement);
        var steps = SettlementSteps(year);
        var latest = steps.Where(x => x.Kind == SettlementStepKind.Confirmed && x.Party == party)
            .GroupBy(x => x.River!.Value).ToDictionary(g => g.Key, g => g.OrderBy(x => x.At).Last().StatementDigest);
        foreach (var (r, p) in required)
            Db.SettlementSteps.Add(new SettlementStepRow { Year = year, Kind = Mapping.Name(SettlementStepKind.Confirmed), RiverId = r.Value, PartyId = p.Value, StatementDigest = digest, At = _clock.GetUtcNow(), By = who });
        // Per river: the party's confirmation state and the statement digest it was given on, before and after.
        Audit("settlement.confirm", $"{year} {party}{(river is { } rv ? $" {rv}" : "")}",
            new { rivers = required.ToDictionary(x => x.River.Value, x => latest.TryGetValue(x.River, out var d)
                ? new ConfirmationState(d == digest ? "confirmed" : "stale", d) : new ConfirmationState("pending", null)) },
            new { rivers = required.ToDictionary(x => x.River.Value, _ => new ConfirmationState("confirmed", digest)), statementDigest = digest, by = who });
        Db.SaveChanges();
        tx.Commit();
        ClearTracked();
        return SettlementWorkflow.Progress(scheme, statement, SettlementSteps(year));
    }

    /// <summary>R-SET-1 清算: the Finance Bureau clears the year once every party of every river has confirmed the current statement.</summary>
    public SettlementProgress Clear(int year, string who)
    {
        // Under the write lock from the first read: the statement confirmed (or cleared) is the one written down.
        using var tx = BeginWrite();
        RequireOpen(year);
        var scheme = LoadScheme();
        var statement = Settle(scheme, year);
        var progress = SettlementWorkflow.Progress(scheme, statement, SettlementSteps(year));
        if (!progress.AllConfirmed)
        {
            var missing = progress.Pending.Select(x => $"{x.Party} on {x.River}").Concat(progress.Stale.Select(x => $"{x.Party} on {x.River} (stale: the statement changed)"));
            throw new InputException(new InputError("--year", null, null, ErrorCodes.YearNotConfirmed, ("year", year), ("parties", string.Join(", ", missing))));
        }
        Db.SettlementSteps.Add(new SettlementStepRow { Year = year, Kind = Mapping.Name(SettlementStepKind.Cleared), StatementDigest = progress.StatementDigest, At = _clock.GetUtcNow(), By = who });
        Audit("settlement.clear", Invariant(year),
            new { cleared = progress.Cleared, clearedDigest = progress.Clearance?.StatementDigest },
            new { cleared = true, clearedDigest = progress.StatementDigest, confirmations = progress.Confirmed.Count, by = who });
        Db.SaveChanges();
        tx.Commit();
        ClearTracked();
        return SettlementWorkflow.Progress(scheme, statement, SettlementSteps(year));
    }

    /// <summary>A party's confirmation on one river, for the audit log: pending, stale or confirmed, and on which statement digest.</summary>
    private sealed record ConfirmationState(string State, string? Digest);

    private void RequireOpen(int year)
    {
        if (Db.ClosedYears.Any(c => c.Year == year))
            throw new InputException(new InputError("--year", null, null, ErrorCodes.YearClosed, ("year", year)));
    }
}
