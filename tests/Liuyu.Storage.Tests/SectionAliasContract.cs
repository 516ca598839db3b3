using Liuyu.Data.Bulletins;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.TestSupport;

namespace Liuyu.Storage.Tests;

/// <summary>
/// 断面别名 (issue 12): a published name recorded once for a section is stored, audited and used by later bulletin imports;
/// a section's own name or a name taken is refused. And the store tells which assessment sections have results in a year
/// without its target. Runs on SQLite and on a real PostgreSQL cluster (the SectionAliases migration on both).
/// </summary>
public abstract class SectionAliasContract
{
    protected abstract LiuyuStore NewStore();

    private LiuyuStore Example()
    {
        var store = NewStore();
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "test");
        store.Actor = new AuditActor("centre", "MonitoringCentre");
        return store;
    }

    private static string Bulletin(string text)
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "b.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_alias_is_stored_audited_and_matches_in_a_later_bulletin()
    {
        using var store = Example();
        var path = Bulletin("河流名称,断面名称,监测结果\n河流0,二号断面,Ⅲ\n");
        Assert.Contains(Assert.Throws<InputException>(() => store.ImportBulletin(path, "test", new BulletinOptions(new YearMonth(2023, 5)))).Errors,
            e => e.Code == ErrorCodes.BulletinNoRegisteredSection);

        store.RecordSectionAlias(" 二号断面 ", new SectionId("S2"), "centre");

        Assert.Equal([new SectionAlias("二号断面", new SectionId("S2"))], store.SectionAliases());
        var entry = Assert.Single(store.AuditLog(new AuditQuery(Action: "section.alias")));
        Assert.Equal(("centre", "S2"), (entry.Actor, entry.Subject));
        var report = store.ImportBulletin(path, "test", new BulletinOptions(new YearMonth(2024, 5)));
        Assert.Equal(1, report.Inserted["results"]);
        Assert.Equal(WaterClass.III, store.LoadScheme().ResultOf(new SectionId("S2"), new YearMonth(2024, 5))!.Class);
    }

    [Fact]
    public void A_section_name_or_a_name_taken_is_refused_and_nothing_is_recorded()
    {
        using var store = Example();
        store.RecordSectionAlias("二号断面", new SectionId("S2"), "centre");

        Assert.Equal(ErrorCodes.AliasIsSectionName, Assert.Single(Assert.Throws<InputException>(() => store.RecordSectionAlias("断面3", new SectionId("S2"), "centre")).Errors).Code);
        Assert.Equal(ErrorCodes.AliasTaken, Assert.Single(Assert.Throws<InputException>(() => store.RecordSectionAlias("二号断面", new SectionId("S3"), "centre")).Errors).Code);
        Assert.Equal(ErrorCodes.AliasSectionUnknown, Assert.Single(Assert.Throws<InputException>(() => store.RecordSectionAlias("x", new SectionId("S99"), "centre")).Errors).Code);
        var tooLong = Assert.Single(Assert.Throws<InputException>(() => store.RecordSectionAlias(new string('断', LiuyuStore.MaxAliasLength + 1), new SectionId("S2"), "centre")).Errors);
        Assert.Equal((ErrorCodes.AliasNameTooLong, "name"), (tooLong.Code, tooLong.File));
        Assert.Single(store.SectionAliases());
        Assert.Single(store.AuditLog(new AuditQuery(Action: "section.alias")));
    }

    [Fact]
    public void Results_in_a_year_without_its_target_are_found_for_assessment_sections_only()
    {
        using var store = Example();
        // 2023 has targets for S2, S3 and S6; 2024 has none. S0 and S1 are not assessment sections.
        store.ImportBulletin(Bulletin("河流名称,断面名称,监测结果\n河流0,断面0,Ⅲ\n河流0,断面2,Ⅲ\n"), "test", new BulletinOptions(new YearMonth(2024, 1)));

        var missing = store.ResultsWithoutTarget([2023, 2024]);

        Assert.Equal([(2024, "S2")], missing.Select(m => (m.Year, m.Section.Id.Value)));
    }
}

public sealed class SqliteSectionAliases : SectionAliasContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSectionAliases(PostgresCluster cluster) : SectionAliasContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(cluster.NewDatabase());
}
