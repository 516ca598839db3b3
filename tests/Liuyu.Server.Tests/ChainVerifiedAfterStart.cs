using System.Net;
using Microsoft.Data.Sqlite;

namespace Liuyu.Server.Tests;

/// <summary>
/// The chains are verified after the server starts, in the background, so that a restart answers <c>/health</c> without
/// reading the whole ledger first; a store changed while the server was down is still found out and reported through
/// <c>/api/integrity</c> (which waits for that verification) and the bureaus' banner.
/// </summary>
public sealed class ChainVerifiedAfterStart
{
    [Fact]
    public async Task A_store_tampered_while_the_server_was_down_starts_healthy_and_reports_the_broken_line()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"liuyu-restart-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "server.db");
        try
        {
            using (var first = new LiuyuServer(path, null))
            {
                var intact = await (await first.SignedIn("finance")).GetJson("/api/integrity");
                Assert.True(intact.GetProperty("ok").GetBoolean());
                Assert.NotNull(intact.GetProperty("checkedAt").GetString());
            }

            long seq;
            using (var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT MAX(sequence) FROM ledger_lines WHERE amount_fen > 0 AND posted_year = 2024";
                seq = (long)cmd.ExecuteScalar()!;
                cmd.CommandText = $"UPDATE ledger_lines SET payee = payer WHERE sequence = {seq}";
                cmd.ExecuteNonQuery();
            }

            using var second = new LiuyuServer(path, null);
            Assert.Equal(HttpStatusCode.OK, (await second.Anonymous().GetAsync("/health")).StatusCode);
            var broken = await (await second.SignedIn("finance")).GetJson("/api/integrity");
            Assert.False(broken.GetProperty("ok").GetBoolean());
            Assert.Contains(broken.GetProperty("first").EnumerateArray(), p => p.GetProperty("chain").GetString() == "ledger" && p.GetProperty("id").GetInt64() == seq);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
