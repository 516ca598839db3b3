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
    public async Task R_EXEMPT_1_an_exemption_for_a_month_still_to_come_is_refused_naming_the_month()
    {
        var client = await server.SignedIn("liangping");
        var next = DateTime.Now.AddMonths(1);
        var month = $"{next.Year:D4}-{next.Month:D2}";
        var r = await client.PostAsJsonAsync("/api/exemptions", new { section = "DEMO-longxihe-1", month, reason = "a flood we expect" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains(month, (await r.Content.ReadAsStringAsync()));
        Assert.DoesNotContain((await client.GetJson("/api/exemptions")).EnumerateArray(), e => e.GetProperty("month").GetString() == month);
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

    public static TheoryData<string, string> BadPayments => new()
    {
        { """{"payee":"dianjiang","amount":1,"paidOn":"2025-03-01"}""", "payer" },
        { """{"payer":"liangping","payee":"atlantis","amount":1,"paidOn":"2025-03-01"}""", "payee" },
        { """{"payer":"atlantis","payee":"dianjiang","amount":1,"paidOn":"2025-03-01"}""", "payer" },
        { """{"payer":"liangping","payee":"dianjiang","amount":12.345,"paidOn":"2025-03-01"}""", "amount" },
        { """{"payer":"liangping","payee":"dianjiang","amount":"twelve","paidOn":"2025-03-01"}""", "amount" },
        { """{"payer":"liangping","payee":"dianjiang","amount":-1,"paidOn":"2025-03-01"}""", "amount" },
        { """{"payer":"liangping","payee":"dianjiang","amount":1,"paidOn":"2025-13-01"}""", "paidOn" },
        { """{"payer":"liangping","payee":"dianjiang","amount":1,"paidOn":"2024-06-30"}""", "paidOn" },
        { """{"payer":"liangping","payee":"dianjiang","amount":1,"paidOn":"2999-01-01"}""", "paidOn" },
    };

    [Theory]
    [MemberData(nameof(BadPayments))]
    public async Task A_bad_payment_names_the_field_and_is_not_recorded(string json, string field)
    {
        var finance = await server.SignedIn("finance");
        var before = (await finance.GetJson("/api/settlement/2024/payments")).GetProperty("payments").GetArrayLength();
        var r = await finance.PostAsync("/api/settlement/2024/payments", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await r.Body()).GetProperty("errors").TryGetProperty(field, out _), await r.Content.ReadAsStringAsync());
        Assert.Equal(before, (await finance.GetJson("/api/settlement/2024/payments")).GetProperty("payments").GetArrayLength());
    }

    [Fact]
    public async Task A_payment_for_a_year_without_lines_names_the_year()
    {
        var finance = await server.SignedIn("finance");
        var r = await finance.PostAsJsonAsync("/api/settlement/2019/payments", new { payer = "liangping", payee = "dianjiang", amount = 1, paidOn = "2020-03-01" });
        Assert.True((await r.Body()).GetProperty("errors").TryGetProperty("year", out _));
    }

    public static TheoryData<string, string> BadActivities => new()
    {
        { """{"river":"nowhere","kind":"JointEnforcement","date":"2025-04-01","parties":["CITY"],"description":"x"}""", "river" },
        { """{"river":"longxihe","kind":"Picnic","date":"2025-04-01","parties":["CITY"],"description":"x"}""", "kind" },
        { """{"river":"longxihe","kind":"JointEnforcement","date":"01/04/2025","parties":["CITY"],"description":"x"}""", "date" },
        { """{"river":"longxihe","kind":"JointEnforcement","date":"2999-04-01","parties":["CITY"],"description":"x"}""", "date" },
        { """{"river":"longxihe","kind":"JointEnforcement","date":"2025-04-01","parties":[],"description":"x"}""", "parties" },
        { """{"river":"longxihe","kind":"JointEnforcement","date":"2025-04-01","parties":["atlantis"],"description":"x"}""", "parties" },
        { """{"river":"longxihe","kind":"JointEnforcement","date":"2025-04-01","parties":["CITY"],"description":" "}""", "description" },
    };

    [Theory]
    [MemberData(nameof(BadActivities))]
    public async Task A_bad_joint_activity_names_the_field(string json, string field)
    {
        var ecology = await server.SignedIn("ecology");
        var r = await ecology.PostAsync("/api/joint/activities", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await r.Body()).GetProperty("errors").TryGetProperty(field, out _), await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_an_attachment_a_known_type()
    {
        var (section, month, district) = await WorkflowEndpoints.PendingApplication(server, "塌方 collapse");
        var finance = await server.SignedIn("finance");
        var noReason = await finance.PostAsJsonAsync($"/api/exemptions/{section}/{month}/reject", new { reason = "" });
        Assert.True((await noReason.Body()).GetProperty("errors").TryGetProperty("reason", out _));
        var badMonth = await finance.PostAsJsonAsync($"/api/exemptions/{section}/2024-13/reject", new { reason = "x" });
        Assert.True((await badMonth.Body()).GetProperty("errors").TryGetProperty("month", out _));

        var owner = await server.SignedIn(district);
        var text = await owner.PostAsync($"/api/exemptions/{section}/{month}/attachments", WorkflowEndpoints.File("report.pdf", "not a pdf"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Contains("PDF", (await text.Body()).GetProperty("errors").GetProperty("file")[0].GetString());
        var none = await owner.PostAsync($"/api/exemptions/{section}/{month}/attachments", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.True((await none.Body()).GetProperty("errors").TryGetProperty("file", out _));
        Assert.Empty((await owner.GetJson($"/api/exemptions/{section}/{month}/attachments")).EnumerateArray());
    }
}
