using System.Text.Json.Nodes;

namespace Liuyu.TestSupport;

/// <summary>Finds the repository root (the folder holding Liuyu.slnx) and ../shared beside it. Missing means failing, never skipping.</summary>
public static class SharedFolder
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Liuyu.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Liuyu.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Shared
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(shared) ? shared : throw new InvalidOperationException("../shared not found beside the repository at " + shared);
        }
    }

    public static string Path_(params string[] parts) => Path.Combine([Shared, .. parts]);

    /// <summary>The worked accounting examples of shared/ (1–3: cq2023; 4 and 5: rule families, water quantity and cross-province, R-FAM, R-EXT-1/2).</summary>
    public static IEnumerable<string> AccountExamples() =>
        Directory.GetDirectories(Path.Combine(Shared, "examples", "account")).OrderBy(d => d, StringComparer.Ordinal);
}

/// <summary>Compares JSON documents structurally: numbers by decimal value, objects by keys, arrays in order.</summary>
public static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject eo:
                var ao = Assert.IsType<JsonObject>(actual);
                Assert.True(eo.Select(p => p.Key).OrderBy(k => k).SequenceEqual(ao.Select(p => p.Key).OrderBy(k => k)),
                    $"{path}: keys differ: expected {string.Join(",", eo.Select(p => p.Key))}, got {string.Join(",", ao.Select(p => p.Key))}");
                foreach (var (k, v) in eo) Equal(v, ao[k], $"{path}.{k}");
                break;
            case JsonArray ea:
                var aa = Assert.IsType<JsonArray>(actual);
                for (var i = 0; i < Math.Min(ea.Count, aa.Count); i++) Equal(ea[i], aa[i], $"{path}[{i}]");
                Assert.True(ea.Count == aa.Count, $"{path}: expected {ea.Count} elements, got {aa.Count}");
                break;
            case JsonValue ev:
                Assert.NotNull(actual);
                var av = Assert.IsAssignableFrom<JsonValue>(actual);
                if (ev.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                    Assert.True(av.GetValueKind() == System.Text.Json.JsonValueKind.Number && ev.GetValue<decimal>() == av.GetValue<decimal>(),
                        $"{path}: expected {ev.ToJsonString()}, got {av.ToJsonString()}");
                else
                    Assert.True(ev.ToJsonString() == av.ToJsonString(), $"{path}: expected {ev.ToJsonString()}, got {av.ToJsonString()}");
                break;
        }
    }
}
