using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Liuyu.Server.Tests;

/// <summary>
/// The server checks the chains at start and before clearance and closing: on a store changed behind its back it
/// refuses to clear (403, chain-broken-clear), and the integrity the bureaus' banner reads says what broke.
/// </summary>
public sealed class IntegrityThroughTheServer
{
    [Fact]
    public async Task A_store_changed_behind_the_servers_back_refuses_clearance_and_says_so()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"liuyu-integrity-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "server.db");
        using var server = new LiuyuServer(path, null);
        var finance = await server.SignedIn("finance");
        var intact = await finance.GetJson("/api/integrity");
        Assert.True(intact.GetProperty("ok").GetBoolean());
        Assert.Equal("sha256", intact.GetProperty("mode").GetString());

        long seq;
        using (var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT MIN(sequence) FROM ledger_lines WHERE amount_fen > 0 AND posted_year = 2023";
            seq = (long)cmd.ExecuteScalar()!;
            cmd.CommandText = $"UPDATE ledger_lines SET amount_fen = amount_fen * 10 WHERE sequence = {seq}";
            cmd.ExecuteNonQuery();
        }

        var refused = await finance.PostAsync("/api/settlement/2023/clear", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("chain-broken-clear", problem.GetProperty("code").GetString());

        var broken = await finance.GetJson("/api/integrity");
        Assert.False(broken.GetProperty("ok").GetBoolean());
        Assert.Contains(broken.GetProperty("first").EnumerateArray(), p => p.GetProperty("chain").GetString() == "ledger" && p.GetProperty("id").GetInt64() == seq);
        // Districts do not read it.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn("liangping")).GetAsync("/api/integrity")).StatusCode);
    }
}
