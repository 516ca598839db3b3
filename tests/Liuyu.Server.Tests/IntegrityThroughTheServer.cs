using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>
/// The server checks the chains at start and before clearance and closing: on a store changed behind its back it
/// refuses to clear (403, chain-broken-clear), and the integrity the bureaus' banner reads says what broke.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IntegrityThroughTheServer(Browser browser)
{
    [Fact]
    public async Task A_store_changed_behind_the_servers_back_refuses_clearance_and_says_so_R_SET_1()
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
        // The bureaus' pages show the red banner, in Chinese, naming the line.
        var page = await browser.SignIn(server.BaseAddress, "finance");
        var banner = page.Locator("#integrity");
        await banner.WaitForAsync();
        var text = await banner.InnerTextAsync();
        Assert.Contains("台账完整性校验未通过", text);
        Assert.Contains($"台账第 {seq} 行 内容被改动", text);
        await Browser.Shot(page, "integrity-banner");
        Assert.DoesNotMatch("[A-Za-z]{4,} [a-z]{3,}", text.Replace("liuyu verify", ""));
        // Districts do not read it, and see no banner.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn("liangping")).GetAsync("/api/integrity")).StatusCode);
    }
}
