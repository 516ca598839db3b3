using System.Net;

namespace Liuyu.Server.Tests;

/// <summary>协议: the agreements of every river as the domain's review sees them on a day (R-AGR-2, R-AGR-3, R-FUND-1).</summary>
[Collection(ServerCollection.Name)]
public sealed class AgreementsApi(LiuyuServer server)
{
    [Fact]
    public async Task The_review_names_renewals_due_and_unsigned_districts_with_their_fund_charge()
    {
        var client = await server.SignedIn("auditor");
        var d = await client.GetJson("/api/agreements?date=2025-08-01");
        var rivers = d.EnumerateArray().ToList();
        Assert.Equal(15, rivers.Count);
        Assert.All(rivers, r => Assert.Contains(r.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("kind").GetString() == "RenewalDue"));
        var unsigned = rivers.SelectMany(r => r.GetProperty("signatures").EnumerateArray()).Where(s => s.GetProperty("signedOn").ValueKind == System.Text.Json.JsonValueKind.Null).ToList();
        Assert.NotEmpty(unsigned);
        Assert.Contains(rivers, r => r.GetProperty("fundFen").GetInt64() > 0
            && r.GetProperty("warnings").EnumerateArray().Any(w => w.GetProperty("kind").GetString() == "BasinFundCharged"));
    }

    [Fact]
    public async Task A_bad_date_is_a_validation_problem()
    {
        var client = await server.SignedIn("auditor");
        var r = await client.GetAsync("/api/agreements?date=2025-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }
}
