using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// 年度考核目标 (issue 12, item 5): a year's targets per assessment section, last year's shown as the draft where the year
/// has none; the Ecology Bureau alone stores them, through the scenario import (audited, the ledger accounted after it).
/// Years far from the demo's (2031) so that the shared server's other tests see the demo's targets unchanged.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class YearTargetsStartFromLastYears(LiuyuServer server)
{
    private static List<JsonElement> Sections(JsonElement d) => [.. d.GetProperty("sections").EnumerateArray()];

    [Fact]
    public async Task A_year_without_targets_shows_last_years_as_drafts()
    {
        var client = await server.SignedIn("monitoring");
        var last = Sections(await client.GetJson("/api/registry/targets/2024"));
        var next = Sections(await client.GetJson("/api/registry/targets/2025"));

        Assert.NotEmpty(next);
        Assert.All(last, s => Assert.False(s.GetProperty("draft").GetBoolean()));
        Assert.Equal(last.Select(s => (s.GetProperty("id").GetString(), s.GetProperty("class").GetString())),
            next.Select(s => (s.GetProperty("id").GetString(), s.GetProperty("class").GetString())));
        Assert.All(next, s => Assert.True(s.GetProperty("draft").GetBoolean()));
        Assert.All(next, s => Assert.NotEqual("None", s.GetProperty("kind").GetString()));
        // Two years on, nothing to carry over: no class and no draft.
        Assert.All(Sections(await client.GetJson("/api/registry/targets/2027")), s =>
            Assert.Equal((JsonValueKind.Null, false), (s.GetProperty("class").ValueKind, s.GetProperty("draft").GetBoolean())));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/registry/targets/1066")).StatusCode);
    }

    [Fact]
    public async Task The_Ecology_Bureau_stores_a_years_targets_audited_and_they_are_next_years_drafts()
    {
        var ecology = await server.SignedIn("ecology");
        var section = Sections(await ecology.GetJson("/api/registry/targets/2031"))[^1].GetProperty("id").GetString()!;

        var r = await ecology.PutAsJsonAsync("/api/registry/targets/2031", new { targets = new[] { new { section, @class = "Ⅱ" } } });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var saved = await r.Body();
        Assert.Equal((1, 0), (saved.GetProperty("inserted").GetInt32(), saved.GetProperty("updated").GetInt32()));

        var own = Sections(await ecology.GetJson("/api/registry/targets/2031")).Single(s => s.GetProperty("id").GetString() == section);
        Assert.Equal(("II", false), (own.GetProperty("class").GetString(), own.GetProperty("draft").GetBoolean()));
        // The registry's list of sections (cached per store version) shows it at once.
        var listed = (await ecology.GetJson("/api/registry")).GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == section);
        Assert.Contains(listed.GetProperty("targets").EnumerateArray(), t => t.GetProperty("year").GetInt32() == 2031 && t.GetProperty("class").GetString() == "II");
        var draft = Sections(await ecology.GetJson("/api/registry/targets/2032")).Single(s => s.GetProperty("id").GetString() == section);
        Assert.Equal(("II", true), (draft.GetProperty("class").GetString(), draft.GetProperty("draft").GetBoolean()));

        // Stored as an import is: an import batch, its audit entry and the accounting's, under the bureau's user.
        var auditor = await server.SignedIn("auditor");
        var subject = Uri.EscapeDataString("targets 2031 (registry page)");
        var entries = (await auditor.GetJson($"/api/audit?action=import.scenario&subject={subject}")).GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())).Order().ToList();
        Assert.Equal([("import.scenario", "ecology"), ("import.scenario.ledger", "ecology")], entries);
        Assert.Contains((await auditor.GetJson("/api/imports")).EnumerateArray(), b => b.GetProperty("source").GetString() == "targets 2031 (registry page)");
    }

    [Theory]
    [InlineData("monitoring")]
    [InlineData("finance")]
    [InlineData("auditor")]
    public async Task Another_role_may_not_store_targets(string user)
    {
        var client = await server.SignedIn(user);
        var section = Sections(await client.GetJson("/api/registry/targets/2033"))[^1].GetProperty("id").GetString()!;
        var r = await client.PutAsJsonAsync("/api/registry/targets/2033", new { targets = new[] { new { section, @class = "III" } } });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.All(Sections(await client.GetJson("/api/registry/targets/2033")), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("class").ValueKind));
    }

    [Fact]
    public async Task A_bad_class_or_section_is_refused_with_codes_naming_the_field_and_nothing_is_stored()
    {
        var ecology = await server.SignedIn("ecology");
        var section = Sections(await ecology.GetJson("/api/registry/targets/2034"))[^1].GetProperty("id").GetString()!;
        var r = await ecology.PutAsJsonAsync("/api/registry/targets/2034", new
        {
            targets = new[] { new { section, @class = "III" }, new { section = "NOWHERE", @class = "II" }, new { section, @class = "七类" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var codes = (await r.Body()).GetProperty("codes");
        Assert.Equal("section-unknown", codes.GetProperty("targets[1].section")[0].GetProperty("code").GetString());
        var bad = codes.GetProperty("targets[2].class")[0];
        Assert.Equal(("class-invalid", "七类"), (bad.GetProperty("code").GetString(), bad.GetProperty("args").GetProperty("value").GetString()));
        // All or nothing: the good first row was not stored either.
        Assert.All(Sections(await ecology.GetJson("/api/registry/targets/2034")), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("class").ValueKind));

        var year = await ecology.PutAsJsonAsync("/api/registry/targets/1900", new { targets = new[] { new { section, @class = "III" } } });
        Assert.Equal("target-year-range", (await year.Body()).GetProperty("codes").GetProperty("year")[0].GetProperty("code").GetString());
    }
}
