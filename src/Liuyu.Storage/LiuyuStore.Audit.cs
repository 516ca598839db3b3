using System.Text.Json;
using System.Text.Json.Serialization;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    internal static readonly JsonSerializerOptions AuditJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>Who the changes made through this store are recorded against. The CLI's operating-system user unless set.</summary>
    public AuditActor Actor { get; set; } = AuditActor.Cli;

    /// <summary>
    /// Adds an audit entry to the current unit of work, so that it is saved by the same <c>SaveChanges</c> (and in the
    /// same transaction) as the change it records: a change that rolls back leaves no entry, and no change goes
    /// unrecorded. <paramref name="before"/> and <paramref name="after"/> are serialised as JSON (null when absent).
    /// </summary>
    internal void Audit(string action, string subject, object? before, object? after) => Db.AuditEntries.Add(AuditRow(action, subject, before, after));

    /// <summary>
    /// Writes an audit entry at once in plain SQL, sealed into the audit chain, in the current transaction (a writer that
    /// uses no EF Core: <c>account</c>, a new store's import). Entries added to EF Core's unit of work and not yet saved
    /// are sealed after it when they are saved, as entries saved one after the other are. Its payload comes with the JSON
    /// generated for it (<see cref="AuditJsonContext"/>): these writers run in the native front too, compiled ahead of
    /// time, where a payload serialised by reflection would need the full runtime after the writer's rows had taken
    /// their ids (<see cref="AheadOfTime"/>); the compiler now refuses such a payload here.
    /// </summary>
    private void AuditNow<T>(string action, string subject, T after, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> generated)
    {
        var row = AuditRow(action, subject, null, null);
        row.After = JsonSerializer.Serialize(after, generated);
        Chain.SealAudit([row]);
        Execute("INSERT INTO audit_entries (id, at, actor, role, action, subject, before, after, content_hash, chain_hash) " +
                "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)",
            row.Id, row.At, row.Actor, row.Role, row.Action, row.Subject, row.Before, row.After, row.ContentHash, row.ChainHash);
    }

    private AuditEntryRow AuditRow(string action, string subject, object? before, object? after) =>
        new()
        {
            At = _clock.GetUtcNow(),
            Actor = Actor.Name,
            Role = Actor.Role,
            Action = action,
            Subject = subject,
            Before = before is null ? null : AuditJsonContext.Serialize(before),
            After = after is null ? null : AuditJsonContext.Serialize(after),
        };

    /// <summary>
    /// Records a change made outside the store (a user created in the users store, an account locked) and saves it at
    /// once. The caller must not pass secrets: <paramref name="before"/> and <paramref name="after"/> are stored as they are.
    /// </summary>
    public void RecordAudit(string action, string subject, object? before, object? after)
    {
        Audit(action, subject, before, after);
        Db.SaveChanges();
        ClearTracked();
    }

    private static string Invariant(int year) => year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The audit log, newest first, filtered; <see cref="AuditQuery.Before"/> pages by entry id.</summary>
    public IReadOnlyList<AuditEntry> AuditLog(AuditQuery q)
    {
        var rows = Db.AuditEntries.AsNoTracking().AsQueryable();
        if (q.Actor is { Length: > 0 } actor) rows = rows.Where(r => r.Actor == actor);
        if (q.Action is { Length: > 0 } action) rows = rows.Where(r => r.Action.StartsWith(action));
        if (q.Subject is { Length: > 0 } subject) rows = rows.Where(r => r.Subject.Contains(subject));
        if (q.Before is { } before) rows = rows.Where(r => r.Id < before);
        return rows.OrderByDescending(r => r.Id).Take(Math.Clamp(q.Limit, 1, 1000)).AsEnumerable()
            .Select(r => new AuditEntry(r.Id, r.At, r.Actor, r.Role, r.Action, r.Subject, r.Before, r.After)).ToList();
    }
}
