using System.Globalization;
using System.Text.Json.Nodes;
using Liuyu.Data.Csv;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Audit;

/// <summary>One audit entry as the page shows it: the states before and after as JSON objects (null when absent).</summary>
/// <param name="ActorCode">The code of <see cref="Actor"/> when the server itself acted (<see cref="ServerWords"/>), for the page to word.</param>
public sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string? Role, string Action, string Subject, JsonNode? Before, JsonNode? After, string? ActorCode)
{
    public static AuditEntryView Of(AuditEntry e) =>
        new(e.Id, e.At, e.Actor, e.Role, e.Action, e.Subject, e.Before is null ? null : JsonNode.Parse(e.Before), e.After is null ? null : JsonNode.Parse(e.After), ServerWords.CodeOf(e.Actor));
}

/// <summary>A page of the log, newest first; <see cref="Next"/> is the <c>before</c> of the following page, null on the last.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, long? Next);

/// <summary>
/// 审计 The audit log: who changed what, when, with the state before and after. Read by the auditor, the administrator
/// and the two bureaus. Not by a district (the log names every party's actions and the users' administration) nor by
/// the monitoring centre: they see the effect of changes on their own pages.
/// </summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static readonly string[] Readers = [Roles.Auditor, Roles.Administrator, Roles.FinanceBureau, Roles.EcologyBureau];

    public static void MapAudit(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/audit", List).WithTags("Audit").RequireAuthorization(p => p.RequireRole(Readers));

    private static Results<Ok<AuditPage>, ValidationProblem> List(StoreAccess store, string? actor = null, string? action = null,
        string? subject = null, string? before = null, string? limit = null)
    {
        long? beforeId = null;
        if (before is { Length: > 0 })
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < 1)
                return Problem.Invalid("before", ErrorCodes.EntryIdInvalid, ("value", before));
            beforeId = b;
        }
        var n = DefaultLimit;
        if (limit is { Length: > 0 } && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > MaxLimit))
            return Problem.Invalid("limit", ErrorCodes.LimitOutOfRange, ("max", MaxLimit));
        static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        // One more than asked tells whether there is a next page.
        var entries = store.Read(s => s.AuditLog(new AuditQuery(Blank(actor), Blank(action), Blank(subject), beforeId, n + 1)));
        var page = entries.Take(n).Select(AuditEntryView.Of).ToList();
        return TypedResults.Ok(new AuditPage(page, entries.Count > n ? page[^1].Id : null));
    }
}
