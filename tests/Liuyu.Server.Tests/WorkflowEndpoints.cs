using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Liuyu.Data.Samples;
using Liuyu.Domain.Quality;
using Liuyu.Server.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Liuyu.Server.Tests;

/// <summary>
/// The workflow steps through the API (issue 4): payments (拨付, R-PEN-1), exemption rejection and attachments
/// (R-EXEMPT-1), joint-governance records (R-JOINT-1) and a section's measured indicators (R-DATA-3).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WorkflowEndpoints(LiuyuServer server)
{
    internal static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    /// <summary>A pending application of a district for a 2024 month where it pays (R-COMP-2): (section, month, district).</summary>
    internal static async Task<(string Section, string Month, string District)> PendingApplication(LiuyuServer server, string reason, string? except = null)
    {
        var auditor = await server.SignedIn("auditor");
        var parties = (await auditor.GetJson("/api/scheme")).GetProperty("parties").EnumerateArray()
            .Where(p => p.GetProperty("kind").GetString() == "District").Select(p => p.GetProperty("id").GetString()).ToHashSet();
        var taken = (await auditor.GetJson("/api/exemptions")).EnumerateArray().Select(e => (e.GetProperty("section").GetString(), e.GetProperty("month").GetString())).ToHashSet();
        var line = (await auditor.GetJson("/api/ledger?rule=R-COMP-2&from=2024-01&to=2024-12")).GetProperty("lines").EnumerateArray()
            .Where(l => l.GetProperty("kind").GetString() == "Posting" && parties.Contains(l.GetProperty("payer").GetString()) && l.GetProperty("payer").GetString() != except
                        && !taken.Contains((l.GetProperty("section").GetString(), l.GetProperty("month").GetString())))
            .Skip(Random.Shared.Next(5)).First();
        var (section, month, payer) = (line.GetProperty("section").GetString()!, line.GetProperty("month").GetString()!, line.GetProperty("payer").GetString()!);
        var district = await server.SignedIn(payer);
        var r = await district.PostAsJsonAsync("/api/exemptions", new { section, month, reason });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (section, month, payer);
    }

    internal static MultipartFormDataContent File(string name, byte[] content)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", name);
        return form;
    }

    [Fact]
    public async Task R_PEN_1_the_finance_bureau_records_a_payment_and_every_role_reads_it()
    {
        var finance = await server.SignedIn("finance");
        var due = (await finance.GetJson("/api/settlement/2024/payments")).GetProperty("dues").EnumerateArray().First();
        var (payer, payee, paidBefore) = (due.GetProperty("payer").GetString()!, due.GetProperty("payee").GetString()!, due.GetProperty("paidInAllFen").GetInt64());

        var r = await finance.PostAsJsonAsync("/api/settlement/2024/payments", new { payer, payee, amount = "1,234.56", paidOn = "2025-06-01" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var id = (await r.Body()).GetProperty("id").GetInt64();

        var district = await server.SignedIn(payer == "CITY" ? payee : payer);
        var view = await district.GetJson("/api/settlement/2024/payments");
        var payment = view.GetProperty("payments").EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == id);
        Assert.Equal((123456L, "2025-06-01"), (payment.GetProperty("amountFen").GetInt64(), payment.GetProperty("paidOn").GetString()));
        var after = view.GetProperty("dues").EnumerateArray().Single(d => d.GetProperty("payer").GetString() == payer && d.GetProperty("payee").GetString() == payee);
        Assert.Equal(paidBefore + 123456L, after.GetProperty("paidInAllFen").GetInt64());
        Assert.Equal(after.GetProperty("owedFen").GetInt64() - after.GetProperty("paidByDeadlineFen").GetInt64(), after.GetProperty("overdueFen").GetInt64());
    }

    [Fact]
    public async Task R_EXEMPT_1_a_rejected_exemption_shows_its_reason_and_leaves_the_ledger_alone()
    {
        var (section, month, district) = await PendingApplication(server, "暴雨 rain");
        var auditor = await server.SignedIn("auditor");
        var before = (await auditor.GetJson($"/api/ledger?from={month}&to={month}")).GetProperty("lines").GetArrayLength();

        var ecology = await server.SignedIn("ecology");
        var r = await ecology.PostAsJsonAsync($"/api/exemptions/{section}/{month}/reject", new { reason = "监测数据显示无灾情" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Body();
        Assert.Equal(("Rejected", "EcologyBureau", "监测数据显示无灾情"), (body.GetProperty("status").GetString(), body.GetProperty("rejectedBy").GetString(), body.GetProperty("rejectionReason").GetString()));

        var seen = (await (await server.SignedIn(district)).GetJson("/api/exemptions")).EnumerateArray()
            .Single(e => e.GetProperty("section").GetString() == section && e.GetProperty("month").GetString() == month);
        Assert.Equal("Rejected", seen.GetProperty("status").GetString());
        Assert.Equal(district, seen.GetProperty("appliedBy").GetString());

        var finance = await server.SignedIn("finance");
        Assert.Equal(HttpStatusCode.BadRequest, (await finance.PostAsync($"/api/exemptions/{section}/{month}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await finance.PostAsJsonAsync($"/api/exemptions/{section}/{month}/reject", new { reason = "twice" })).StatusCode);
        Assert.Equal(before, (await auditor.GetJson($"/api/ledger?from={month}&to={month}")).GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task R_EXEMPT_1_a_document_over_10_MB_is_refused_before_it_is_read_and_nothing_is_stored()
    {
        var (section, month, district) = await PendingApplication(server, "泥石流 debris flow");
        var owner = await server.SignedIn(district);
        var r = await owner.PostAsync($"/api/exemptions/{section}/{month}/attachments", File("灾情报告.pdf", [.. Pdf, .. new byte[11 * 1024 * 1024]]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains("10 MB", (await r.Body()).GetProperty("detail").GetString());
        Assert.Equal(0, (await owner.GetJson($"/api/exemptions/{section}/{month}/attachments")).GetArrayLength());
    }

    [Fact]
    public async Task R_EXEMPT_1_the_applying_district_attaches_a_document_that_the_bureaus_download()
    {
        var (section, month, district) = await PendingApplication(server, "山体滑坡 landslide");
        var owner = await server.SignedIn(district);
        var r = await owner.PostAsync($"/api/exemptions/{section}/{month}/attachments", File("灾情报告.pdf", Pdf));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var url = (await r.Body()).GetProperty("url").GetString()!;

        foreach (var reader in new[] { "finance", "ecology", "auditor", district })
        {
            var client = await server.SignedIn(reader);
            var list = await client.GetJson($"/api/exemptions/{section}/{month}/attachments");
            Assert.Equal("灾情报告.pdf", list.EnumerateArray().Single().GetProperty("fileName").GetString());
            var file = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(Pdf, await file.Content.ReadAsByteArrayAsync());
        }

        var other = await server.SignedIn(district == "liangping" ? "dianjiang" : "liangping");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/exemptions/{section}/{month}/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/exemptions/{section}/{month}/attachments", File("x.pdf", Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.SignedIn("monitoring")).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/exemptions/{section}/{month}/attachments/999999")).StatusCode);
    }

    [Fact]
    public async Task R_JOINT_1_a_recorded_meeting_system_shows_in_the_status()
    {
        var ecology = await server.SignedIn("ecology");
        var system = (await ecology.GetJson("/api/joint")).GetProperty("meetingSystems").EnumerateArray()
            .First(m => m.GetProperty("without").GetArrayLength() >= 2);
        var river = system.GetProperty("river").GetString()!;
        var two = system.GetProperty("without").EnumerateArray().Take(2).Select(p => p.GetString()!).ToArray();

        var district = await server.SignedIn(two[0]);
        var r = await district.PostAsJsonAsync("/api/joint/activities", new { river, kind = "JointMeetingSystem", date = "2025-03-12", parties = two, description = "建立联席会议制度" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        // It names another district: it counts once that district has confirmed it (JointMeetingSystemsNeedTheirDistrictsConsent).
        var id = (await r.Body()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await (await server.SignedIn(two[1])).PostAsync($"/api/joint/activities/{id}/confirm", null)).StatusCode);

        var after = (await ecology.GetJson($"/api/joint?river={river}")).GetProperty("meetingSystems").EnumerateArray().Single();
        var with = after.GetProperty("with").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains(two[0], with);
        Assert.Contains(two[1], with);
        Assert.Contains((await ecology.GetJson($"/api/joint?river={river}")).GetProperty("activities").EnumerateArray(),
            a => a.GetProperty("date").GetString() == "2025-03-12" && a.GetProperty("kind").GetString() == "JointMeetingSystem");
    }

    private const string Samples = "section,sampled_at,indicator,value,unit,flag,detection_limit,saturation,measured_by,source\n" +
        "{0},2023-05-05 08:00,COD,24,,,,,市监测中心,monitoring_centre\n" +
        "{0},2023-05-20 08:00,COD,26,,,,,市监测中心,monitoring_centre\n" +
        "{0},2023-05-05 08:00,TP,0.12,,,,,市监测中心,monitoring_centre\n" +
        "{0},2023-05-05 08:00,DO,7.5,,,,,市监测中心,monitoring_centre\n";

    [Fact]
    public async Task R_DATA_3_a_section_with_samples_shows_its_indicators_by_month_and_one_without_says_none()
    {
        var auditor = await server.SignedIn("auditor");
        var sections = (await auditor.GetJson("/api/rivers/longxihe/2023")).GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        var (sampled, unsampled) = (sections[^1], sections[^2]);
        var path = Path.Combine(Path.GetTempPath(), $"samples-{Guid.NewGuid():N}.csv");
        await System.IO.File.WriteAllTextAsync(path, string.Format(Samples, sampled));
        server.Services.GetRequiredService<StoreAccess>().Write(s => s.ImportSamples(new FileInfo(path), "test"));

        var view = await auditor.GetJson($"/api/sections/{sampled}/samples?year=2023");
        var may = view.GetProperty("months").EnumerateArray().Single();
        Assert.Equal("2023-05", may.GetProperty("month").GetString());
        Assert.Equal(4, may.GetProperty("class").GetInt32()); // COD mean 25 → Ⅳ (GB 3838), computed by the domain
        Assert.Equal(["COD"], may.GetProperty("deciding").EnumerateArray().Select(d => d.GetString()));
        var cod = may.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "COD");
        Assert.Equal((25m, 4, 2), (cod.GetProperty("value").GetDecimal(), cod.GetProperty("class").GetInt32(), cod.GetProperty("samples").GetInt32()));
        Assert.True(cod.GetProperty("targetLimit").ValueKind == JsonValueKind.Number, cod.ToString()); // the limit of the month's baseline class
        Assert.Empty((await auditor.GetJson($"/api/sections/{sampled}/samples?year=2024")).GetProperty("months").EnumerateArray());
        Assert.Empty((await auditor.GetJson($"/api/sections/{unsampled}/samples")).GetProperty("months").EnumerateArray());
    }
}
