using System.Text.Json;

namespace Liuyu.Storage.Tests;

/// <summary>
/// The audit entries of an import and of an accounting are written by generated code (AuditJsonContext), which the
/// native front, compiled ahead of time, needs: the text is the one reflection wrote for the anonymous objects before,
/// with the store's options (camel case, nulls left out, Chinese unescaped).
/// </summary>
public class AuditPayloadJson
{
    [Fact]
    public void The_generated_audit_json_is_the_text_reflection_wrote_for_the_same_fields()
    {
        var inserted = new Dictionary<string, int> { ["parties"] = 3, ["results"] = 240000, ["流域"] = 1 };
        var updated = new Dictionary<string, int> { ["sections"] = 1 };
        var import = AuditJsonContext.Serialize(new ImportAudit(7, 12, inserted, updated, 2));
        Assert.Equal(JsonSerializer.Serialize(new { batch = 7L, rows = 12, inserted, updated, warnings = 2 }, LiuyuStore.AuditJson), import);
        Assert.Equal("""{"batch":7,"rows":12,"inserted":{"parties":3,"results":240000,"流域":1},"updated":{"sections":1},"warnings":2}""", import);

        var account = AuditJsonContext.Serialize(new AccountAudit(240000, 3, 1, 240000));
        Assert.Equal(JsonSerializer.Serialize(new { posted = 240000, reversed = 3, adjustments = 1, outcomes = 240000 }, LiuyuStore.AuditJson), account);
        // What the plain-SQL writers (AuditNow) serialise with: the same text.
        Assert.Equal(account, JsonSerializer.Serialize(new AccountAudit(240000, 3, 1, 240000), AuditJsonContext.Generated.AccountAudit));
        Assert.Equal(import, JsonSerializer.Serialize(new ImportAudit(7, 12, inserted, updated, 2), AuditJsonContext.Generated.ImportAudit));

        // Every other type, by reflection with the same options (with the JIT; compiled ahead of time it needs the full runtime).
        Assert.False(AheadOfTime.Compiled);
        Assert.Equal("""{"mode":"hmac","by":"张三"}""", AuditJsonContext.Serialize(new { mode = "hmac", by = "张三", none = (string?)null }));
    }
}
