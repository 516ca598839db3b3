using System.Net;
using System.Net.Http.Json;
using Liuyu.Storage.Tests;

namespace Liuyu.Server.Tests;

/// <summary>The same server with both stores on PostgreSQL, chosen by connection strings in configuration.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServerOnPostgres(PostgresCluster cluster)
{
    [Fact]
    public async Task The_server_loads_the_demo_and_a_district_confirms_on_PostgreSQL()
    {
        using var server = new LiuyuServer(cluster.NewDatabase(), cluster.NewDatabase());
        Assert.Equal("Healthy", await server.Anonymous().GetStringAsync("/health"));
        var client = await server.SignedIn("dianjiang");
        var scheme = await client.GetJson("/api/scheme");
        Assert.Equal("demo", scheme.GetProperty("dataset").GetString());
        var r = await client.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "dianjiang" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var overview = await client.GetJson("/api/overview/2024?month=6");
        Assert.True(overview.GetProperty("monthFigures").GetProperty("sectionsAccounted").GetInt32() > 0);
    }
}
