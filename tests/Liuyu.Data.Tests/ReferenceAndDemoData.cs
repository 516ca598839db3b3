using Liuyu.Data.Csv;
using Liuyu.Data.Demo;
using Liuyu.Data.Reference;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests;

/// <summary>The shipped Chongqing registry and the demo dataset generated from it.</summary>
public class ReferenceAndDemoData
{
    [Fact]
    public void The_embedded_registry_equals_the_shared_reference_data()
    {
        var reg = ChongqingRegistry.Load();
        var shared = Path.Combine(SharedFolder.Shared, "data", "chongqing");
        Assert.Equal(File.ReadAllLines(Path.Combine(shared, "parties.csv")).Length - 1, reg.Parties.Count);
        Assert.Equal(File.ReadAllLines(Path.Combine(shared, "rivers.csv")).Length - 1, reg.Rivers.Count);
        foreach (var name in new[] { "parties.csv", "rivers.csv", "sections.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(shared, name)), File.ReadAllText(Path.Combine(SharedFolder.RepoRoot, "src", "Liuyu.Data", "Reference", "chongqing", name)));
    }

    [Fact]
    public void Registry_rivers_carry_membership_and_evidence_and_inflow_rivers_are_headed_by_the_treasury()
    {
        var reg = ChongqingRegistry.Load();
        Assert.All(reg.Rivers, r => Assert.False(string.IsNullOrWhiteSpace(r.Evidence)));
        Assert.Contains(reg.Rivers, r => r.Membership == Membership.Probable);
        var yulin = reg.Rivers.Single(r => r.River.Id == new RiverId("yulinhe"));
        Assert.True(yulin.MunicipalHead);
        Assert.Equal(PartyKind.Municipal, reg.Parties.Single(p => p.Id == new PartyId("CITY")).Kind);
    }

    [Fact]
    public void The_demo_has_one_section_per_consecutive_pair_plus_head_and_tail_and_two_full_years()
    {
        var reg = ChongqingRegistry.Load();
        var demo = DemoDataset.Generate(reg);
        foreach (var river in reg.Rivers)
        {
            var sections = demo.Sections.Where(s => s.River == river.River.Id).ToList();
            Assert.Equal(river.Chain.Count - 1 + 1 + (river.MunicipalHead ? 1 : 0), sections.Count);
            Assert.Equal(new PartyId("CITY"), sections[^1].Downstream);
            if (river.MunicipalHead) Assert.Equal(new PartyId("CITY"), sections[0].Upstream);
            Assert.True(sections.Zip(sections.Skip(1)).All(p => p.First.Downstream == p.Second.Upstream && p.First.DistanceKm < p.Second.DistanceKm));
        }
        Assert.All(demo.Sections, s => Assert.Contains(DemoDataset.Marker, s.Name));
        Assert.All(demo.Rivers, r => Assert.Contains(DemoDataset.Marker, r.Name));
        Assert.Equal(demo.Sections.Count * 24, demo.Results.Count);
        Assert.Equal(24, demo.Results.Select(r => r.Month).Distinct().Count());
        Assert.All(demo.Sections.Where(s => s.IsAssessment), s => Assert.Equal(2, demo.Targets.Count(t => t.Section == s.Id)));
    }

    [Fact]
    public void The_demo_is_deterministic_and_shows_fund_exemption_and_penalty()
    {
        var a = DemoDataset.Generate(ChongqingRegistry.Load());
        var b = DemoDataset.Generate(ChongqingRegistry.Load());
        Assert.Equal(a.Results, b.Results);
        var scheme = a.ToScheme();
        var lines = Domain.Ledger.LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), Domain.Ledger.LedgerLine>(),
            Domain.Accounting.MonthlyAccounting.AccountYear(scheme, 2023), _ => false).Select((l, i) => l with { Sequence = i + 1 }).ToList();
        var st = Domain.Settlement.YearlySettlement.Settle(scheme, 2023, lines);
        Assert.NotEmpty(st.Fund);
        Assert.Single(st.Penalties);
        Assert.Contains(st.Lines, l => l.Rule == "R-EXEMPT-1");
    }
}

/// <summary>Lenient where nothing can go wrong, strict where money is at stake.</summary>
public class ScenarioReaderLeniency
{
    [Fact]
    public void A_target_on_a_non_assessment_section_is_ignored_with_a_warning()
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        File.AppendAllText(Path.Combine(dir, "targets.csv"), "S0,2023,I\n");
        var data = ScenarioReader.ReadFolder(dir);
        Assert.DoesNotContain(data.Targets, t => t.Section == new SectionId("S0"));
        Assert.Contains(data.Warnings, w => w.Code == ErrorCodes.TargetIgnored && w.ToString().Contains("targets.csv, row 5") && w.Message.Contains("not an assessment section"));
    }

    [Fact]
    public void Unknown_columns_are_ignored_with_a_warning_and_chinese_headers_are_accepted()
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var results = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        results[0] = "断面,月份,水质类别,来源,备注,extra";
        File.WriteAllLines(Path.Combine(dir, "results.csv"), results.Select((l, i) => i == 0 ? l : l + ",x"));
        var data = ScenarioReader.ReadFolder(dir);
        Assert.Equal(84, data.Results.Count);
        Assert.Contains(data.Warnings, w => w.Code == ErrorCodes.ColumnUnknown && w.Message.Contains("unknown column 'extra'"));
    }

    [Fact]
    public void An_empty_optional_file_has_no_rows_an_unknown_policy_key_is_a_warning_and_a_missing_result_needs_no_source()
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        File.WriteAllBytes(Path.Combine(dir, "signatures.csv"), []);
        File.AppendAllText(Path.Combine(dir, "policy.csv"), "filling_deadline,2023-08-09\n");
        var results = File.ReadAllText(Path.Combine(dir, "results.csv")).Replace("S1,2023-06,,monitoring_centre,断流", "S1,2023-06,,,断流");
        File.WriteAllText(Path.Combine(dir, "results.csv"), results);
        var data = ScenarioReader.ReadFolder(dir);
        Assert.NotNull(data.Signatures);
        Assert.Empty(data.Signatures!);
        Assert.Contains(data.Warnings, w => w.Code == ErrorCodes.PolicyKeyUnknown && w.Message.Contains("policy key 'filling_deadline' is not known"));
        Assert.Equal(ResultSource.Unspecified, data.Results.Single(r => r.Section == new SectionId("S1") && r.Month == new YearMonth(2023, 6)).Source);

        // A source is still required where there is a class.
        File.WriteAllText(Path.Combine(dir, "results.csv"), results.Replace("S0,2023-01,IV,joint,", "S0,2023-01,IV,,"));
        var ex = Assert.Throws<Csv.InputException>(() => ScenarioReader.ReadFolder(dir));
        Assert.Contains(ex.Errors, e => e.Row == 2 && e.Column == "source");
    }
}

/// <summary>
/// The corrections of December 2026 (../shared/data/chongqing/corrections-2026-12.md) are applied to the shipped registry,
/// each fact with its confidence and sources; candidates are shown but never enter the rivers, the import or the demo.
/// </summary>
public class RegistryCorrectionsFromPublicSources
{
    private static readonly Liuyu.Data.Reference.ChongqingRegistry Reg = Liuyu.Data.Reference.ChongqingRegistry.Load();

    private static Liuyu.Data.Reference.ReferenceSection Section(string river, string name) => Reg.Sections.Single(s => s.River.Value == river && s.Name == name);

    [Fact]
    public void Pushun_is_municipal_and_confirmed_with_high_confidence_from_Liangping_bulletins()
    {
        var s = Section("longxihe", "普顺");
        Assert.Equal((Liuyu.Domain.SectionKind?)Liuyu.Domain.SectionKind.Municipal, s.Kind);
        Assert.Equal(("confirmed", "high"), (s.Status, s.Confidence));
        Assert.Equal(["S1", "S2"], s.Sources!);
        Assert.Equal("national", Section("longxihe", "三叉沟").Kind!.Value.ToString().ToLowerInvariant());
    }

    [Fact]
    public void Apengjiang_gains_Lianghe_and_Zhoujiaba_and_Liye_names_Xiangxi_with_the_county_unresolved()
    {
        Assert.Equal(("qianjiang", "municipal"), (Section("apengjiang", "两河").Upstream.Value, Section("apengjiang", "两河").Kind!.Value.ToString().ToLowerInvariant()));
        Assert.Equal(("CITY", "qianjiang", "medium"), (Section("apengjiang", "周家坝").Upstream.Value, Section("apengjiang", "周家坝").Downstream.Value, Section("apengjiang", "周家坝").Confidence));
        var liye = Section("youshui", "里耶镇");
        Assert.Contains("湘西州", liye.Evidence);
        Assert.Contains("花垣 vs 龙山 unresolved", liye.Evidence);
        Assert.DoesNotContain("湖南花垣 border", liye.Evidence);
        Assert.Equal(1, Reg.Sections.Count(s => s.Name == "里耶镇"));
    }

    [Fact]
    public void Longhe_route_Yulinhe_candidates_and_Dahonghe_carry_their_confidence_and_sources()
    {
        var longhe = Reg.Rivers.Single(r => r.River.Id.Value == "longhe");
        Assert.Contains(longhe.Corrections, f => f.Evidence.Contains("163 km") && f.Confidence == "high" && f.Sources.Contains("S6"));
        Assert.Equal("S5", Assert.Single(Section("longhe", "安宁").Sources!));
        Assert.Equal(("low", "low"), (Section("yulinhe", "御临镇").Confidence, Section("yulinhe", "幺滩").Confidence));
        var dahong = Reg.Candidates.Single(r => r.River.Name == "大洪河");
        Assert.Equal((Liuyu.Data.Reference.Membership.Candidate, "low", "sichuan"), (dahong.Membership, dahong.Corrections.Single().Confidence, dahong.River.InflowProvince));
        Assert.DoesNotContain(Reg.Rivers, r => r.River.Name == "大洪河");
        Assert.All(Reg.Sections.Where(s => s.Confidence.Length > 0).SelectMany(s => s.Sources!), id => Assert.True(Reg.Sources.ContainsKey(id)));
    }
}
