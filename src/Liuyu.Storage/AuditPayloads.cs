using System.Text.Json;
using System.Text.Json.Serialization;

namespace Liuyu.Storage;

/// <summary>What an import's audit entry records: its batch, rows read, rows inserted and updated per table, warnings.</summary>
internal sealed record ImportAudit(long Batch, int Rows, Dictionary<string, int> Inserted, Dictionary<string, int> Updated, int Warnings);

/// <summary>What an accounting's audit entry records: the lines posted and reversed, adjustments, section-months accounted.</summary>
internal sealed record AccountAudit(int Posted, int Reversed, int Adjustments, int Outcomes);

/// <summary>
/// The audit entries' types whose JSON is generated at build time, for the store compiled ahead of time
/// (<see cref="AheadOfTime"/>), where only these are written; elsewhere every type is, by reflection, with the same options
/// (a test checks that both give the same text). Those of the paths that run there: an import and an accounting.
/// </summary>
[JsonSerializable(typeof(ImportAudit))]
[JsonSerializable(typeof(AccountAudit))]
internal sealed partial class AuditJsonContext : JsonSerializerContext
{
    /// <summary>The generated code with the store's audit options (<see cref="LiuyuStore.AuditJson"/>; a copy, which the context keeps).</summary>
    public static AuditJsonContext Generated { get; } = new(new JsonSerializerOptions(LiuyuStore.AuditJson));

    /// <summary>
    /// The JSON of an audit entry's before or after: by the generated code where the type has it, else by reflection with
    /// the same options (naming, nulls, escaping); compiled ahead of time, a type without generated code needs the full
    /// runtime.
    /// </summary>
    public static string Serialize(object value)
    {
        if (Generated.GetTypeInfo(value.GetType()) is { } info) return JsonSerializer.Serialize(value, info);
        AheadOfTime.Require($"the audit entry of a {value.GetType().Name}");
        return JsonSerializer.Serialize(value, LiuyuStore.AuditJson);
    }
}
