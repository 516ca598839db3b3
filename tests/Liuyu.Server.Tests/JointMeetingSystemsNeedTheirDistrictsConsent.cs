using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// R-JOINT-1: a joint meeting system that a district records naming other districts counts only once each of them has
/// confirmed it; only a named district confirms, for itself, and the confirmation is in the audit log.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class JointMeetingSystemsNeedTheirDistrictsConsent(LiuyuServer server)
{
    private static List<string> Names(JsonElement system, string property) => [.. system.GetProperty(property).EnumerateArray().Select(p => p.GetString()!)];

    [Fact]
    public async Task R_JOINT_1_a_meeting_system_naming_another_district_counts_once_that_district_confirms()
    {
        var auditor = await server.SignedIn("auditor");
        var systems = (await auditor.GetJson("/api/joint")).GetProperty("meetingSystems").EnumerateArray().ToList();
        var system = systems.First(m => m.GetProperty("without").GetArrayLength() >= 2);
        var river = system.GetProperty("river").GetString()!;
        var (recorder, named) = (Names(system, "without")[0], Names(system, "without")[1]);
        var stranger = systems.SelectMany(m => Names(m, "with").Concat(Names(m, "without"))).First(p => p != recorder && p != named);

        var recorded = await (await server.SignedIn(recorder)).PostAsJsonAsync("/api/joint/activities",
            new { river, kind = "JointMeetingSystem", date = "2025-02-20", parties = new[] { recorder, named }, description = "联席会议制度（待确认）" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var activity = await recorded.Body();
        Assert.False(activity.GetProperty("counts").GetBoolean());
        Assert.Equal([named], Names(activity, "awaiting"));
        var id = activity.GetProperty("id").GetInt64();

        // Not yet: neither district has the meeting system on the strength of one district's word.
        var before = (await auditor.GetJson($"/api/joint?river={river}")).GetProperty("meetingSystems").EnumerateArray().Single();
        Assert.Contains(recorder, Names(before, "without"));
        Assert.Contains(named, Names(before, "without"));

        // Only the named district confirms: not the recorder, not another district, not a bureau.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn(recorder)).PostAsync($"/api/joint/activities/{id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn(stranger)).PostAsync($"/api/joint/activities/{id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn("ecology")).PostAsync($"/api/joint/activities/{id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.SignedIn(named)).PostAsync("/api/joint/activities/999999999/confirm", null)).StatusCode);

        var confirmed = await (await server.SignedIn(named)).PostAsync($"/api/joint/activities/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True((await confirmed.Body()).GetProperty("counts").GetBoolean());

        var after = (await auditor.GetJson($"/api/joint?river={river}")).GetProperty("meetingSystems").EnumerateArray().Single();
        Assert.Contains(recorder, Names(after, "with"));
        Assert.Contains(named, Names(after, "with"));

        var entry = (await auditor.GetJson("/api/audit?action=joint.confirm")).GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("after").GetProperty("id").GetInt64() == id);
        Assert.Equal(named, entry.GetProperty("actor").GetString());
        Assert.Equal([named], Names(entry.GetProperty("before"), "awaiting"));
        Assert.True(entry.GetProperty("after").GetProperty("counts").GetBoolean());
    }

    [Fact]
    public async Task R_JOINT_1_the_ecology_bureaus_record_counts_without_confirmations()
    {
        var ecology = await server.SignedIn("ecology");
        var system = (await ecology.GetJson("/api/joint")).GetProperty("meetingSystems").EnumerateArray().First(m => m.GetProperty("without").GetArrayLength() >= 1);
        var river = system.GetProperty("river").GetString()!;
        var district = Names(system, "without")[0];
        var r = await ecology.PostAsJsonAsync("/api/joint/activities", new { river, kind = "JointMeetingSystem", date = "2025-01-15", parties = new[] { district }, description = "生态环境局登记" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.True((await r.Body()).GetProperty("counts").GetBoolean());
        Assert.Contains(district, Names((await ecology.GetJson($"/api/joint?river={river}")).GetProperty("meetingSystems").EnumerateArray().Single(), "with"));
    }
}
