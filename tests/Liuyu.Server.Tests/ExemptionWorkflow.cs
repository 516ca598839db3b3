using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// R-EXEMPT-1 through the API: the paying upstream district applies, both bureaus approve, the month is accounted
/// again and the ledger shows the waived line; a district neither applies for nor sees another district's drafts.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ExemptionWorkflow(LiuyuServer server)
{
    /// <summary>A 2024 month where a district upstream party pays (R-COMP-2) and nobody applied for an exemption yet.</summary>
    private async Task<JsonElement> PaymentByADistrict(HttpClient client, string? except = null)
    {
        var parties = (await client.GetJson("/api/scheme")).GetProperty("parties").EnumerateArray()
            .Where(p => p.GetProperty("kind").GetString() == "District").Select(p => p.GetProperty("id").GetString()).ToHashSet();
        var taken = (await client.GetJson("/api/exemptions")).EnumerateArray().Select(e => (e.GetProperty("section").GetString(), e.GetProperty("month").GetString())).ToHashSet();
        var lines = (await client.GetJson("/api/ledger?rule=R-COMP-2&from=2024-01&to=2024-12")).GetProperty("lines").EnumerateArray();
        return lines.First(l => l.GetProperty("kind").GetString() == "Posting" && parties.Contains(l.GetProperty("payer").GetString())
                                && l.GetProperty("payer").GetString() != except
                                && !taken.Contains((l.GetProperty("section").GetString(), l.GetProperty("month").GetString())));
    }

    [Fact]
    public async Task The_list_names_each_section_as_the_section_page_does()
    {
        var auditor = await server.SignedIn("auditor");
        var list = (await auditor.GetJson("/api/exemptions")).EnumerateArray().ToList();
        Assert.NotEmpty(list);
        foreach (var e in list.DistinctBy(e => e.GetProperty("section").GetString()))
        {
            var section = await auditor.GetJson($"/api/sections/{e.GetProperty("section").GetString()}");
            Assert.Equal(section.GetProperty("name").GetString(), e.GetProperty("sectionName").GetString());
        }
    }

    [Fact]
    public async Task An_approved_exemption_waives_the_month_in_the_ledger()
    {
        var auditor = await server.SignedIn("auditor");
        var line = await PaymentByADistrict(auditor);
        var (section, month, payer) = (line.GetProperty("section").GetString()!, line.GetProperty("month").GetString()!, line.GetProperty("payer").GetString()!);

        var district = await server.SignedIn(payer);
        var applied = await district.PostAsJsonAsync("/api/exemptions", new { section, month, reason = "山洪 flash flood" });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await district.PostAsync($"/api/exemptions/{section}/{month}/approve", null)).StatusCode);

        var finance = await server.SignedIn("finance");
        var first = await (await finance.PostAsync($"/api/exemptions/{section}/{month}/approve", null)).Body();
        Assert.False(first.GetProperty("approved").GetBoolean());
        var explanation = await auditor.GetJson($"/api/sections/{section}/months/{month}");
        Assert.Equal("R-COMP-2", explanation.GetProperty("rule").GetString());

        var ecology = await server.SignedIn("ecology");
        var second = await (await ecology.PostAsync($"/api/exemptions/{section}/{month}/approve", null)).Body();
        Assert.True(second.GetProperty("approved").GetBoolean());

        var after = (await auditor.GetJson($"/api/ledger?from={month}&to={month}")).GetProperty("lines").EnumerateArray()
            .Where(l => l.GetProperty("section").GetString() == section).ToList();
        Assert.Contains(after, l => l.GetProperty("kind").GetString() == "Reversal");
        var current = after.Last();
        Assert.Equal("R-EXEMPT-1", current.GetProperty("rule").GetString());
        Assert.Equal(0, current.GetProperty("amountFen").GetInt64());
    }

    [Fact]
    public async Task A_district_cannot_apply_for_another_districts_section_nor_see_its_draft()
    {
        var auditor = await server.SignedIn("auditor");
        var line = await PaymentByADistrict(auditor);
        var (section, month, payer) = (line.GetProperty("section").GetString()!, line.GetProperty("month").GetString()!, line.GetProperty("payer").GetString()!);
        var other = payer == "liangping" ? "dianjiang" : "liangping";

        var intruder = await server.SignedIn(other);
        var r = await intruder.PostAsJsonAsync("/api/exemptions", new { section, month, reason = "not mine" });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);

        var owner = await server.SignedIn(payer);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/exemptions", new { section, month, reason = "landslide" })).StatusCode);
        var seenByOwner = (await owner.GetJson("/api/exemptions")).EnumerateArray().Select(e => (e.GetProperty("section").GetString(), e.GetProperty("month").GetString()));
        Assert.Contains((section, month), seenByOwner);
        var seenByOther = (await intruder.GetJson("/api/exemptions")).EnumerateArray().Select(e => (e.GetProperty("section").GetString(), e.GetProperty("month").GetString()));
        Assert.DoesNotContain((section, month), seenByOther);
        var seenByFinance = (await (await server.SignedIn("finance")).GetJson("/api/exemptions")).EnumerateArray().Select(e => (e.GetProperty("section").GetString(), e.GetProperty("month").GetString()));
        Assert.Contains((section, month), seenByFinance);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync("/api/exemptions", new { section, month, reason = "again" })).StatusCode);
    }
}
