using System.Net;
using System.Text.Json;

namespace Liuyu.Server.Tests;

/// <summary>
/// 数据导入 of samples with the sections profile file that <c>liuyu samples import --sections</c> reads (water body, TN
/// opt-in, Q-IND-1/2): in the field <c>sections</c> or as a second file told apart by its header; a bad profile row is
/// refused with file, row and column like any other.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SampleUploadsWithSectionProfiles(LiuyuServer server)
{
    private const string Header = "section,sampled_at,indicator,value,unit,flag,detection_limit,saturation,measured_by,source\n";

    /// <summary>Q-IND-1: TP 0.12 mg/L is Ⅲ in a river (TP ≤ 0.2) and Ⅴ in a lake or reservoir (TP_LAKE 0.1 &lt; 0.12 ≤ 0.2).</summary>
    private static string Tp(string section, string day) => $"{section},{day} 08:00,TP,0.12,,,,,市监测中心,monitoring_centre\n";

    /// <summary>Sections of the demo's rivers other than 龙溪河, whose sections the other sample tests take.</summary>
    private static async Task<List<string>> Sections(HttpClient client)
    {
        var rivers = (await client.GetJson("/api/scheme")).GetProperty("rivers").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Where(r => r != "longxihe").Take(4);
        var sections = new List<string>();
        foreach (var river in rivers)
            sections.AddRange((await client.GetJson($"/api/rivers/{river}/2023")).GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        return sections;
    }

    private static async Task<JsonElement> Month(HttpClient client, string section, string month) =>
        (await client.GetJson($"/api/sections/{section}/samples?year={month[..4]}")).GetProperty("months").EnumerateArray().Single(m => m.GetProperty("month").GetString() == month);

    [Fact]
    public async Task Q_IND_1_a_lake_in_the_sections_field_is_evaluated_with_the_lake_limits_and_a_section_not_listed_as_a_river()
    {
        var client = await server.SignedIn("monitoring");
        var sections = await Sections(client);
        var (lake, river) = (sections[^1], sections[^2]);

        var r = await client.PostAsync("/api/imports", Uploads.Form("samples", [("samples.csv", Header + Tp(lake, "2023-07-06") + Tp(river, "2023-07-06"))],
            sections: ("sections.csv", $"id,water_body,tn\n{lake},lake,false\n")));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Body();
        var files = body.GetProperty("files").EnumerateArray().Select(f => (f.GetProperty("file").GetString(), f.GetProperty("table").GetString(), f.GetProperty("rows").GetInt32())).ToList();
        Assert.Equal([("samples.csv", "samples", 2), ("sections.csv", "sections", 1)], files);
        Assert.Equal("samples.csv, sections.csv", body.GetProperty("source").GetString());
        Assert.Equal(2, body.GetProperty("report").GetProperty("samples").GetProperty("stored").GetInt32());
        // The months have imported results (which win over computed classes), so the ledger does not move.
        Assert.Equal(0, body.GetProperty("ledger").GetProperty("linesTotal").GetInt32());

        Assert.Equal(5, (await Month(client, lake, "2023-07")).GetProperty("class").GetInt32());
        Assert.Equal(3, (await Month(client, river, "2023-07")).GetProperty("class").GetInt32());
    }

    [Fact]
    public async Task A_second_file_with_a_profile_header_is_taken_for_the_sections_profiles()
    {
        var client = await server.SignedIn("ecology");
        var lake = (await Sections(client))[^3];

        // The profile first and with the Chinese headers formats.md allows: told apart by its header, not its place.
        var r = await client.PostAsync("/api/imports", Uploads.Form("samples",
            [("profiles.csv", $"编码,水体\n{lake},湖库\n"), ("samples.csv", Header + Tp(lake, "2023-08-06"))]));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Body();
        Assert.Equal(["samples", "sections"], body.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("table").GetString()));
        Assert.Equal(5, (await Month(client, lake, "2023-08")).GetProperty("class").GetInt32());
    }

    [Fact]
    public async Task A_bad_profile_row_refuses_the_upload_naming_file_row_and_column_and_nothing_is_stored()
    {
        var client = await server.SignedIn("monitoring");
        var section = (await Sections(client))[^4];

        var r = await client.PostAsync("/api/imports", Uploads.Form("samples", [("samples.csv", Header + Tp(section, "2023-09-06"))],
            sections: ("sections.csv", $"id,water_body,tn\n{section},sea,false\nNOSUCH,lake,false\n{section},river,maybe\n")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var errors = (await r.Body()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("file").GetString(), e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Contains(("sections.csv", 2, "water_body"), errors);
        Assert.Contains(("sections.csv", 3, "id"), errors); // a section the store does not hold
        Assert.Contains(("sections.csv", 4, "tn"), errors);
        Assert.DoesNotContain((await client.GetJson($"/api/sections/{section}/samples?year=2023")).GetProperty("months").EnumerateArray(),
            m => m.GetProperty("month").GetString() == "2023-09");
    }

    [Fact]
    public async Task Sections_profiles_go_with_samples_only_and_two_samples_files_are_refused()
    {
        var client = await server.SignedIn("ecology");
        var r = await client.PostAsync("/api/imports", Uploads.Form("bulletin", [("bulletin.csv", "section,river,month,class\n")], sections: ("sections.csv", "id,water_body\n")));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await r.Body()).GetProperty("errors").TryGetProperty("sections", out _));

        r = await client.PostAsync("/api/imports", Uploads.Form("samples", [("a.csv", Header), ("b.csv", Header)]));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("neither", (await r.Body()).GetProperty("errors").GetProperty("sections")[0].GetString());
    }
}
