using System.Net;
using System.Net.Http.Json;

namespace Liuyu.Server.Tests;

/// <summary>Bad input is answered with problem details that name the field, never a stack trace.</summary>
[Collection(ServerCollection.Name)]
public sealed class EndpointValidation(LiuyuServer server)
{
    [Theory]
    [InlineData("/api/ledger?from=2024-13", "from")]
    [InlineData("/api/ledger?from=2024-05&to=2024-01", "to")]
    [InlineData("/api/ledger?limit=0", "limit")]
    [InlineData("/api/overview/2024?month=13", "month")]
    [InlineData("/api/sections/DEMO-longxihe-1/months/march", "month")]
    [InlineData("/api/audit?limit=0", "limit")]
    [InlineData("/api/audit?limit=501", "limit")]
    [InlineData("/api/audit?limit=ten", "limit")]
    [InlineData("/api/audit?before=0", "before")]
    [InlineData("/api/audit?before=abc", "before")]
    public async Task A_bad_query_names_the_field(string path, string field)
    {
        var client = await server.SignedIn("auditor");
        var r = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await r.Body()).GetProperty("errors").TryGetProperty(field, out _), await r.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/rivers/nowhere/2024")]
    [InlineData("/api/sections/NOWHERE/months/2024-01")]
    [InlineData("/api/sections/NOWHERE")]
    [InlineData("/api/joint?river=nowhere")]
    public async Task An_unknown_river_or_section_is_not_found(string path)
    {
        var client = await server.SignedIn("auditor");
        var r = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Confirming_for_an_unknown_party_is_a_validation_problem()
    {
        var finance = await server.SignedIn("finance");
        var r = await finance.PostAsJsonAsync("/api/settlement/2024/confirm", new { party = "atlantis" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task An_exemption_without_a_reason_or_with_a_bad_month_is_refused()
    {
        var client = await server.SignedIn("liangping");
        var noReason = await client.PostAsJsonAsync("/api/exemptions", new { section = "DEMO-longxihe-1", month = "2024-03", reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var badMonth = await client.PostAsJsonAsync("/api/exemptions", new { section = "DEMO-longxihe-1", month = "2024-3x", reason = "flood" });
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
    }

    [Fact]
    public async Task The_ledger_filters_by_river_party_period_and_rule()
    {
        var client = await server.SignedIn("auditor");
        var page = await client.GetJson("/api/ledger?river=longxihe&party=liangping&from=2023-01&to=2023-06&rule=R-COMP-3");
        var lines = page.GetProperty("lines").EnumerateArray().ToList();
        Assert.All(lines, l =>
        {
            Assert.Equal("longxihe", l.GetProperty("river").GetString());
            Assert.Equal("R-COMP-3", l.GetProperty("rule").GetString());
            Assert.InRange(string.CompareOrdinal(l.GetProperty("month").GetString(), "2023-01"), 0, int.MaxValue);
            Assert.True(string.CompareOrdinal(l.GetProperty("month").GetString(), "2023-06") <= 0);
        });
    }

    [Fact]
    public async Task A_section_shows_one_current_line_per_accounted_month_and_its_targets()
    {
        var client = await server.SignedIn("auditor");
        var section = await client.GetJson("/api/sections/DEMO-longxihe-1");
        var months = section.GetProperty("months").EnumerateArray().Select(l => l.GetProperty("month").GetString()).ToList();
        Assert.Equal(months.Distinct().Count(), months.Count);
        Assert.Contains("2023-01", months);
        Assert.Contains("2024-12", months);
        Assert.True(section.GetProperty("targets").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task Joint_governance_lists_meeting_systems_per_river()
    {
        var client = await server.SignedIn("liangping");
        var joint = await client.GetJson("/api/joint?river=longxihe");
        var systems = joint.GetProperty("meetingSystems").EnumerateArray().ToList();
        Assert.Single(systems);
        Assert.Equal("longxihe", systems[0].GetProperty("river").GetString());
        Assert.All(joint.GetProperty("activities").EnumerateArray(), a => Assert.Equal("longxihe", a.GetProperty("river").GetString()));
    }
}
