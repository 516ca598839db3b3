using Microsoft.Extensions.Configuration;
using System.Net;
using System.Text.Json;
using Liuyu.Application;
using Liuyu.Application.UseCases;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

[CollectionDefinition(Name)]
public sealed class LiveStationsCollection : ICollectionFixture<LiveStationServer>, ICollectionFixture<Browser>
{
    // A server of its own: its stations, 2025 targets and station values would show on the other collections' pages.
    public const string Name = "live-stations";
}

/// <summary>
/// The demo scheme with four stations put in through the store as the receiver stores them (issue 14):
/// <list type="bullet">
/// <item>A on assessment section S1 of river R1: 2025-06-01 00:00 … 06-10 09:00 every hour, COD 25 (Ⅳ), NH3N 0.3, DO 6, pH 7.5,
///   the last hour's DO 3 with flag F; arrived 5 minutes ago. And all of March 2024 with COD 50 (劣Ⅴ), arrived a day ago.</item>
/// <item>C on assessment section S3 of R1: 2025-06-01 … 06-05, class Ⅰ values, arrived 5 minutes ago; 100 hours of April 2024 with COD 50.</item>
/// <item>B on assessment section S2 of river R2 (which district D does not lie on): 2025-06-01 … 06-03, COD 25, arrived three days ago.</item>
/// <item>E on S3, registered, never sent anything.</item>
/// </list>
/// 2025 has targets (last year's) and no imported result; 2024 has the demo's bulletins in every month.
/// </summary>
public sealed class LiveStationServer : LiuyuServer, IAsyncLifetime
{
    public string S1 { get; private set; } = "";
    public string S2 { get; private set; } = "";
    public string S3 { get; private set; } = "";
    public string District { get; private set; } = "";
    public string S1Name { get; private set; } = "";
    public string S1Upstream { get; private set; } = "";
    public int S1Target { get; private set; }

    public async Task InitializeAsync()
    {
        using var scope = Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<StoreAccess>();
        var scheme = store.Read(s => s.LoadScheme());
        bool Assessed(Section s) => s.Kind != SectionKind.None && s.Approved;
        // R1 with two assessment sections and a district D on it, R2 with an assessment section and without D.
        var pick = (from r1 in scheme.Rivers
                    let on1 = scheme.Sections.Where(s => s.River == r1.Id && Assessed(s)).ToList()
                    where on1.Count >= 2
                    from d in scheme.PartiesOf(r1.Id).Where(p => scheme.Party(p).Kind == PartyKind.District)
                    from r2 in scheme.Rivers
                    where r2.Id != r1.Id && !scheme.PartiesOf(r2.Id).Contains(d)
                    let on2 = scheme.Sections.FirstOrDefault(s => s.River == r2.Id && Assessed(s))
                    where on2 is not null
                    select (S1: on1[0], S3: on1[1], S2: on2, D: d)).First();
        (S1, S2, S3, District) = (pick.S1.Id.Value, pick.S2.Id.Value, pick.S3.Id.Value, pick.D.Value);
        (S1Name, S1Upstream) = (pick.S1.Name, pick.S1.Upstream.Value);
        S1Target = scheme.Targets.Single(t => t.Section == pick.S1.Id && t.Year == 2024).Class.Ordinal;

        store.Write(s => EnterTargets.Run(s, 2025, [.. scheme.Targets.Where(t => t.Year == 2024).Select(t => new TargetEntry(t.Section.Value, t.Class.Code))], "test", "test"));
        var client = await SignedIn("monitoring");
        var import = await client.PostAsync("/api/imports", Uploads.Form("scenario", [("stations.csv",
            $"mn,section,password,name\nLIVE-A,{S1},123456,甲站\nLIVE-B,{S2},123456,乙站\nLIVE-C,{S3},123456,丙站\nLIVE-E,{S3},123456,戊站\n")]));
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());

        var now = TimeProvider.System.GetUtcNow();
        var uploads = new List<StationUpload>();
        void Hours(string mn, DateTime from, DateTime to, DateTimeOffset received, Func<DateTime, StationValue[]> values)
        {
            for (var t = from; t <= to; t = t.AddHours(1)) uploads.Add(new StationUpload(mn, "2061", null, t, values(t), received));
        }
        StationValue[] Poor(DateTime t) => [new("w01018", 25m, "N"), new("w21003", 0.3m, "N"), new("w01001", 7.5m, "N"),
            t == new DateTime(2025, 6, 10, 9, 0, 0) ? new("w01009", 3m, "F") : new("w01009", 6m, "N")];
        StationValue[] Good(DateTime _) => [new("w01018", 10m, "N"), new("w21003", 0.1m, "N"), new("w01009", 8m, "N"), new("w01001", 7m, "N")];
        StationValue[] Bad(DateTime _) => [new("w01018", 50m, "N"), new("w21003", 0.3m, "N"), new("w01009", 6m, "N"), new("w01001", 7.5m, "N")];
        Hours("LIVE-A", new DateTime(2024, 3, 1), new DateTime(2024, 3, 31, 23, 0, 0), now.AddDays(-1), Bad);
        Hours("LIVE-A", new DateTime(2025, 6, 1), new DateTime(2025, 6, 10, 9, 0, 0), now.AddMinutes(-5), Poor);
        Hours("LIVE-C", new DateTime(2024, 4, 1), new DateTime(2024, 4, 5, 3, 0, 0), now.AddDays(-1), Bad);
        Hours("LIVE-C", new DateTime(2025, 6, 1), new DateTime(2025, 6, 5, 23, 0, 0), now.AddMinutes(-5), Good);
        Hours("LIVE-B", new DateTime(2025, 6, 1), new DateTime(2025, 6, 3, 23, 0, 0), now.AddDays(-3), Poor);
        var report = store.Write(s => s.StoreUploads(uploads));
        Assert.Equal(uploads.Sum(u => u.Values.Count), report.Stored);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Issue 14 item 5 and the list of item 4 through the real server: <c>GET /api/stations</c> (online by the last
/// packet's arrival, today's latest hourly values against the section's limit class), <c>GET /api/overview/{year}/warnings</c>
/// (a running month worse than its baseline, R-COMP-2) and <c>GET /api/stations/disagreements</c>, each scoped per role.
/// </summary>
[Collection(LiveStationsCollection.Name)]
public sealed class StationsLiveThroughTheServer(LiveStationServer server)
{
    private static JsonElement Station(JsonElement view, string mn) =>
        view.GetProperty("stations").EnumerateArray().Single(s => s.GetProperty("mn").GetString() == mn);

    private static JsonElement Indicator(JsonElement station, string key) =>
        station.GetProperty("today").EnumerateArray().Single(i => i.GetProperty("key").GetString() == key);

    [Fact]
    public async Task A_station_is_online_when_its_last_packet_arrived_within_two_hours()
    {
        var view = await (await server.SignedIn("monitoring")).GetJson("/api/stations");
        Assert.Equal(120, view.GetProperty("onlineWindowMinutes").GetInt32());
        var a = Station(view, "LIVE-A");
        Assert.True(a.GetProperty("online").GetBoolean());
        // The last packet by arrival is June's (March 2024 arrived a day earlier), and its DataTime is the latest hour.
        Assert.Equal(new DateTime(2025, 6, 10, 9, 0, 0), a.GetProperty("lastDataTime").GetDateTime());
        Assert.Equal("2025-06-10", a.GetProperty("day").GetString());
        Assert.Equal(server.S1, a.GetProperty("section").GetString());
        Assert.False(Station(view, "LIVE-B").GetProperty("online").GetBoolean());
        Assert.True(Station(view, "LIVE-B").GetProperty("lastReceivedAt").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddDays(-2));
        var never = Station(view, "LIVE-E");
        Assert.False(never.GetProperty("online").GetBoolean());
        Assert.Equal(JsonValueKind.Null, never.GetProperty("lastReceivedAt").ValueKind);
        Assert.Empty(never.GetProperty("today").EnumerateArray());
    }

    [Fact]
    public async Task Todays_latest_hourly_values_are_flagged_where_they_exceed_the_sections_limit_class()
    {
        var a = Station(await (await server.SignedIn("ecology")).GetJson("/api/stations"), "LIVE-A");
        Assert.Equal(server.S1Target, a.GetProperty("limitClass").GetInt32());
        var cod = Indicator(a, "COD");
        Assert.Equal(25m, cod.GetProperty("value").GetDecimal());
        Assert.Equal(server.S1Target == 2 ? 15m : 20m, cod.GetProperty("limitHigh").GetDecimal());
        Assert.True(cod.GetProperty("exceeds").GetBoolean());
        Assert.Equal(Enumerable.Range(0, 10), cod.GetProperty("hours").EnumerateArray().Select(h => h.GetProperty("hour").GetInt32()));
        var nh3n = Indicator(a, "NH3N");
        Assert.False(nh3n.GetProperty("exceeds").GetBoolean());
        Assert.Equal(server.S1Target == 2 ? 0.5m : 1.0m, nh3n.GetProperty("limitHigh").GetDecimal());
        // DO 3 is below every class's minimum but came with flag F: shown, not valid, not checked.
        var dissolvedOxygen = Indicator(a, "DO");
        Assert.Equal("F", dissolvedOxygen.GetProperty("flag").GetString());
        Assert.False(dissolvedOxygen.GetProperty("valid").GetBoolean());
        Assert.False(dissolvedOxygen.GetProperty("exceeds").GetBoolean());
        Assert.Equal(JsonValueKind.Null, dissolvedOxygen.GetProperty("limitHigh").ValueKind);
        Assert.True(dissolvedOxygen.GetProperty("limitLow").GetDecimal() >= 5m);
        Assert.False(Indicator(a, "pH").GetProperty("exceeds").GetBoolean());
        Assert.All(Station(await (await server.SignedIn("ecology")).GetJson("/api/stations"), "LIVE-C").GetProperty("today").EnumerateArray(),
            i => Assert.False(i.GetProperty("exceeds").GetBoolean()));
    }

    [Fact]
    public async Task The_running_month_shows_its_provisional_class_and_completeness_so_far()
    {
        var month = Station(await (await server.SignedIn("auditor")).GetJson("/api/stations"), "LIVE-A").GetProperty("month");
        Assert.Equal("2025-06", month.GetProperty("month").GetString());
        Assert.Equal(4, month.GetProperty("class").GetInt32());
        Assert.Equal(["COD"], month.GetProperty("deciding").EnumerateArray().Select(d => d.GetString()));
        // 06-01 00:00 … 06-10 09:00 is 226 hours, every one with a valid value; of the month's 720 hours that is 31.39 %.
        Assert.Equal(226, month.GetProperty("validHours").GetInt32());
        Assert.Equal(226, month.GetProperty("hoursSoFar").GetInt32());
        Assert.Equal(1m, month.GetProperty("completenessSoFar").GetDecimal());
        Assert.Equal(0.3139m, month.GetProperty("completeness").GetDecimal());
        Assert.Equal(0.75m, month.GetProperty("required").GetDecimal());
    }

    [Fact]
    public async Task A_district_sees_the_stations_of_its_own_rivers_only()
    {
        var mine = (await (await server.SignedIn(server.District)).GetJson("/api/stations")).GetProperty("stations").EnumerateArray()
            .Select(s => s.GetProperty("mn").GetString()).ToList();
        Assert.Equal(["LIVE-A", "LIVE-C", "LIVE-E"], mine.Order());
        var all = (await (await server.SignedIn("finance")).GetJson("/api/stations")).GetProperty("stations").EnumerateArray()
            .Select(s => s.GetProperty("mn").GetString()).ToList();
        Assert.Contains("LIVE-B", all);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/stations")).StatusCode);
    }

    [Fact]
    public async Task A_running_month_worse_than_its_baseline_is_a_warning_with_the_party_that_would_pay()
    {
        var warnings = (await (await server.SignedIn("finance")).GetJson("/api/overview/2025/warnings")).GetProperty("warnings").EnumerateArray().ToList();
        var s1 = warnings.Single(w => w.GetProperty("section").GetString() == server.S1);
        Assert.Equal("2025-06", s1.GetProperty("month").GetString());
        Assert.Equal(4, s1.GetProperty("provisional").GetInt32());
        Assert.Equal(server.S1Target, s1.GetProperty("baseline").GetInt32());
        // R-COMP-2: worse than the baseline, the upstream party pays.
        Assert.Equal("R-COMP-2", s1.GetProperty("rule").GetString());
        Assert.Equal([server.S1Upstream], s1.GetProperty("payers").EnumerateArray().Select(p => p.GetString()));
        Assert.True(s1.GetProperty("amountFen").GetInt64() > 0);
        Assert.Equal(1m, s1.GetProperty("running").GetProperty("completenessSoFar").GetDecimal());
        // S3's stations measure class Ⅰ, better than any baseline: no warning. S2's (another river) warns too.
        Assert.DoesNotContain(warnings, w => w.GetProperty("section").GetString() == server.S3);
        Assert.Contains(warnings, w => w.GetProperty("section").GetString() == server.S2);
    }

    [Fact]
    public async Task A_month_closed_by_a_bulletin_warns_no_more()
    {
        // March 2024 at S1 is 劣Ⅴ by the station, but the demo's bulletin has closed it.
        var warnings = (await (await server.SignedIn("finance")).GetJson("/api/overview/2024/warnings")).GetProperty("warnings");
        Assert.Empty(warnings.EnumerateArray());
    }

    [Fact]
    public async Task A_district_is_warned_about_its_own_rivers_only()
    {
        var sections = (await (await server.SignedIn(server.District)).GetJson("/api/overview/2025/warnings")).GetProperty("warnings").EnumerateArray()
            .Select(w => w.GetProperty("section").GetString()).ToList();
        Assert.Equal([server.S1], sections);
    }

    [Fact]
    public async Task A_complete_station_month_whose_class_differs_from_the_bulletin_is_a_disagreement()
    {
        var view = await (await server.SignedIn("monitoring")).GetJson("/api/stations/disagreements?year=2024");
        var list = view.GetProperty("disagreements").EnumerateArray().ToList();
        // S3's April has 100 of 720 hours: too few to count, however bad. S1's March has them all.
        var march = Assert.Single(list);
        Assert.Equal(server.S1, march.GetProperty("section").GetString());
        Assert.Equal("2024-03", march.GetProperty("month").GetString());
        Assert.Equal(6, march.GetProperty("stationClass").GetInt32());
        Assert.NotEqual(6, march.GetProperty("bulletinClass").ValueKind == JsonValueKind.Null ? 0 : march.GetProperty("bulletinClass").GetInt32());
        Assert.Equal(1m, march.GetProperty("completeness").GetDecimal());
        Assert.Empty((await (await server.SignedIn("monitoring")).GetJson("/api/stations/disagreements?year=2025")).GetProperty("disagreements").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await (await server.SignedIn("monitoring")).GetAsync("/api/stations/disagreements?year=99999")).StatusCode);
    }
}

/// <summary>
/// The stations page in Chinese on a phone (390 px): a row per station with its online dot, last packet, today's values
/// coloured against the limit, and the disagreements; and the overview's early warning naming the section.
/// </summary>
[Collection(LiveStationsCollection.Name)]
public sealed class StationsPageInTheBrowser(LiveStationServer server, Browser browser)
{
    [Fact]
    public async Task The_stations_page_speaks_Chinese_and_fits_a_phone()
    {
        var page = await browser.SignIn(server.BaseAddress, "monitoring", Browser.PhoneWidth, Browser.PhoneHeight);
        await page.GotoAsync(server.BaseAddress + "#/stations?year=2024");
        await page.WaitForSelectorAsync("#stations-table tbody tr[data-mn='LIVE-A']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var row = await page.InnerTextAsync("#stations-table tbody tr[data-mn='LIVE-A']");
        Assert.Contains("甲站", row);
        Assert.Contains("在线", row);
        Assert.Contains("化学需氧量", row);
        Assert.Equal(1, await page.Locator("#stations-table tbody tr[data-mn='LIVE-A'] .over").CountAsync());
        Assert.Contains("离线", await page.InnerTextAsync("#stations-table tbody tr[data-mn='LIVE-B']"));
        Assert.Contains("2024-03", await page.InnerTextAsync("#station-disagreements"));
        Assert.True(await page.Locator("#stations-table canvas").CountAsync() >= 1, "today's hours are drawn");
        var text = await page.InnerTextAsync("#main");
        Assert.DoesNotMatch(@"\b[A-Za-z]{2,}[ ,:;]+[a-z]{2,}\b", text);
        var (scroll, inner) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => innerWidth"));
        Assert.True(scroll <= inner, $"the page is {scroll}px wide on a {inner}px screen");
        await Browser.Shot(page, "phone-stations");
    }

    /// <summary>Issue 14 item 2: the registry page lists the registered stations with their sections, never a password.</summary>
    [Fact]
    public async Task The_registry_page_lists_the_stations_without_their_passwords()
    {
        var client = await server.SignedIn("monitoring");
        var registry = await client.GetJson("/api/registry");
        var stations = registry.GetProperty("stations").EnumerateArray().ToList();
        Assert.Equal(["LIVE-A", "LIVE-B", "LIVE-C", "LIVE-E"], stations.Select(x => x.GetProperty("mn").GetString()).Order().ToList());
        Assert.Equal(server.S1, stations.Single(x => x.GetProperty("mn").GetString() == "LIVE-A").GetProperty("section").GetString());
        Assert.DoesNotContain("123456", registry.GetRawText());
        Assert.DoesNotContain("hmac-sha256", registry.GetRawText());

        var page = await browser.SignIn(server.BaseAddress, "monitoring", Browser.PhoneWidth, Browser.PhoneHeight);
        await page.GotoAsync(server.BaseAddress + "#/registry");
        await page.WaitForSelectorAsync("#rg-station-list tbody tr[data-mn='LIVE-A']");
        Assert.Equal(4, await page.Locator("#rg-station-list tbody tr[data-mn]").CountAsync());
        Assert.Contains("甲站", await page.InnerTextAsync("#rg-station-list tbody tr[data-mn='LIVE-A']"));
    }

    [Fact]
    public async Task In_english_at_1366_pixels_the_stations_page_words_every_column()
    {
        var page = await browser.SignIn(server.BaseAddress, "ecology");
        await page.ClickAsync("#lang");
        await page.GotoAsync(server.BaseAddress + "#/stations?year=2024");
        await page.WaitForSelectorAsync("#stations-table tbody tr[data-mn='LIVE-A']");
        Assert.Equal(["Station", "Section", "State", "Last packet (arrived / data time)", "Today's hourly values", "Today", "Limit class", "This month (provisional)"],
            await page.Locator("#stations-table th").AllInnerTextsAsync());
        Assert.Contains("Chemical oxygen demand", await page.InnerTextAsync("#stations-table tbody tr[data-mn='LIVE-A'] .over"));
        Assert.StartsWith("over the class", await page.GetAttributeAsync("#stations-table tbody tr[data-mn='LIVE-A'] .over", "title"));
        Assert.Matches("(national|municipal) bulletin", await page.InnerTextAsync("#station-disagreements"));
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 1366);
        await Browser.Shot(page, "stations-en");
    }

    [Fact]
    public async Task The_overview_warns_of_a_section_heading_for_a_payment()
    {
        var page = await browser.SignIn(server.BaseAddress, "finance");
        await page.GotoAsync(server.BaseAddress + "#/overview?year=2025&month=6");
        await page.WaitForSelectorAsync("#ov-early-warnings tr[data-section]");
        var warning = await page.InnerTextAsync($"#ov-early-warnings tr[data-section='{server.S1}']");
        Assert.Contains(server.S1Name, warning);
        Assert.Contains("Ⅳ", warning);
        await Browser.Shot(page, "overview-warnings");
        await page.ClickAsync("#ov-stations");
        await page.WaitForSelectorAsync("#stations-table");
    }
}

/// <summary><c>Liuyu:Hj212:OnlineWindow</c> sets how recent a station's last packet must be for it to show online; 2 hours by default.</summary>
public sealed class OnlineWindowFromConfiguration
{
    private static TimeSpan Window(string? value) => Features.Stations.StationEndpoints.OnlineWindow(new ConfigurationBuilder()
        .AddInMemoryCollection(value is null ? [] : [new KeyValuePair<string, string?>("Liuyu:Hj212:OnlineWindow", value)]).Build());

    [Fact]
    public void The_window_is_two_hours_unless_configured()
    {
        Assert.Equal(TimeSpan.FromHours(2), Window(null));
        Assert.Equal(TimeSpan.FromMinutes(30), Window("00:30:00"));
        Assert.Equal(TimeSpan.FromHours(2), Window("00:00:00"));
    }
}
