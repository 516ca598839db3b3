using System.Text.Json;
using Liuyu.Server.Features.Overview;

namespace Liuyu.Server.Tests;

/// <summary>
/// The overview's river network (issue 10, P3): a national registry's 20,000 sections made a 4 MB answer and a picture
/// no one could read, so past <see cref="OverviewEndpoints.NetworkEdgesShown"/> sections the picture gets those that
/// moved the most money, and says how many of how many.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OverviewNetwork(LiuyuServer server)
{
    private static NetworkEdge Edge(int i, long amount, int? result = 3, int? baseline = 3) =>
        new($"S{i:D5}", $"断面{i}", "R1", $"D{i}", $"D{i + 1}", result, baseline, "R-COMP-3", amount, amount > 0 ? $"D{i}" : null);

    [Fact]
    public void A_scheme_within_the_bound_is_drawn_whole_in_registration_order()
    {
        var edges = Enumerable.Range(0, OverviewEndpoints.NetworkEdgesShown).Select(i => Edge(i, (i % 7) * 100)).ToList();
        Assert.Equal(edges, OverviewEndpoints.Shown(edges));
    }

    [Fact]
    public void Past_the_bound_the_sections_that_moved_most_are_drawn_then_those_off_their_baseline()
    {
        var n = OverviewEndpoints.NetworkEdgesShown;
        // 2n sections: every even one moved money (more for later ones); odd ones moved nothing, the last ten of them
        // with a class off the baseline.
        var edges = Enumerable.Range(0, 2 * n)
            .Select(i => i % 2 == 0 ? Edge(i, 1000 + i) : Edge(i, 0, result: i >= 2 * n - 20 ? 4 : 3))
            .ToList();
        edges[1] = Edge(1, 0, result: 2, baseline: 3); // early, off its baseline, nothing moved

        var shown = OverviewEndpoints.Shown(edges);

        Assert.Equal(n, shown.Count);
        // All n paying sections fill the picture; none of the sections that moved nothing is drawn, off baseline or not.
        Assert.All(shown, e => Assert.True(e.AmountFen > 0));
        // Registration order is kept, so the picture does not reshuffle between months.
        Assert.Equal(shown.OrderBy(e => e.Section, StringComparer.Ordinal).Select(e => e.Section), shown.Select(e => e.Section));

        // With fewer paying sections than the bound, sections off their baseline come before those on it, then registration order.
        var fewPaying = edges.Select((e, i) => i % 2 == 0 && i >= 20 ? e with { AmountFen = 0, Payer = null } : e).ToList();
        var second = OverviewEndpoints.Shown(fewPaying);
        Assert.Equal(n, second.Count);
        Assert.Equal(10, second.Count(e => e.AmountFen > 0));
        Assert.Contains(second, e => e.Section == "S00001");
        Assert.All(fewPaying.Where(e => e.AmountFen == 0 && e.Result != e.Baseline), e => Assert.Contains(e, second));
        // The rest of the picture is the earliest sections on their baseline; a later one on its baseline is left out.
        Assert.DoesNotContain(second, e => e.Section == $"S{2 * n - 22:D5}");
    }

    [Fact]
    public async Task The_demo_overview_draws_every_section_and_says_so()
    {
        var client = await server.SignedIn("finance");
        var scheme = await client.GetJson("/api/scheme");
        var overview = await client.GetJson("/api/overview/2023?month=6");

        var sections = scheme.GetProperty("rivers").EnumerateArray().Sum(r => r.GetProperty("sections").GetInt32());
        Assert.Equal(sections, overview.GetProperty("edgesTotal").GetInt32());
        Assert.Equal(sections, overview.GetProperty("edges").GetArrayLength());
        Assert.Equal(overview.GetProperty("nodes").GetArrayLength(), overview.GetProperty("nodesTotal").GetInt32());
        Assert.True(overview.GetProperty("nodes").GetArrayLength() > 1);
        Assert.Equal(JsonValueKind.Array, overview.GetProperty("flows").ValueKind);
    }
}
