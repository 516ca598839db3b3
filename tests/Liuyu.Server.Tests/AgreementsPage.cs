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
    public async Task Each_warning_carries_the_figures_of_its_sentence_so_the_page_can_say_it_in_chinese()
    {
        var client = await server.SignedIn("auditor");
        var rivers = (await client.GetJson("/api/agreements?date=2025-08-01")).EnumerateArray().ToList();
        Assert.All(rivers, r => Assert.Equal(r.GetProperty("effectiveTo").GetString(),
            r.GetProperty("warnings").EnumerateArray().Single(w => w.GetProperty("kind").GetString() == "RenewalDue").GetProperty("date").GetString()));
        var charged = rivers.Where(r => r.GetProperty("fundFen").GetInt64() > 0).ToList();
        Assert.NotEmpty(charged);
        foreach (var r in charged)
        {
            var fund = r.GetProperty("warnings").EnumerateArray().Where(w => w.GetProperty("kind").GetString() == "BasinFundCharged").ToList();
            Assert.Equal(r.GetProperty("fundFen").GetInt64(), fund.Sum(w => w.GetProperty("amountFen").GetInt64()));
            Assert.All(fund, w => Assert.Equal(2025, w.GetProperty("year").GetInt32()));
            Assert.All(fund, w => Assert.InRange(w.GetProperty("months").GetInt32(), 1, 12));
        }
        var expired = (await client.GetJson("/api/agreements?date=2026-03-01")).EnumerateArray()
            .SelectMany(r => r.GetProperty("warnings").EnumerateArray()).Where(w => w.GetProperty("kind").GetString() == "Expired").ToList();
        Assert.NotEmpty(expired);
        Assert.All(expired, w => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", w.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task A_bad_date_is_a_validation_problem()
    {
        var client = await server.SignedIn("auditor");
        var r = await client.GetAsync("/api/agreements?date=2025-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }
}
