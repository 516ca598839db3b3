using Liuyu.Data.Bulletins;
using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    /// <summary>
    /// Imports a monthly bulletin sheet (<see cref="BulletinReader"/>) against the registered rivers and sections, all or
    /// nothing; a changed class becomes a new revision like any imported result (R-DATA-5).
    /// </summary>
    public ImportReport ImportBulletin(string path, string who, YearMonth? month = null) => ImportBulletin(path, who, new BulletinOptions(month));

    /// <summary>
    /// Imports a published bulletin or year table (<see cref="BulletinReader"/>) against the registered rivers, sections and
    /// aliases, all or nothing; its target column becomes the year's targets when <see cref="BulletinOptions.ImportTargets"/>.
    /// The reader's notes (spellings read, rows skipped, sections without a result) are the report's warnings.
    /// </summary>
    public ImportReport ImportBulletin(string path, string who, BulletinOptions options)
    {
        var rivers = Db.Rivers.AsNoTracking().OrderBy(r => r.Ordinal).AsEnumerable().Select(r => r.ToDomain()).ToList();
        var sections = Db.Sections.AsNoTracking().OrderBy(s => s.Ordinal).AsEnumerable().Select(s => s.ToDomain()).ToList();
        var parties = Db.Parties.AsNoTracking().ToDictionary(p => new PartyId(p.Id), p => Mapping.Parse<PartyKind>(p.Kind));
        var file = BulletinReader.Read(path, new BulletinRegistry(rivers, sections, SectionAliases(), parties), options);
        var data = new ScenarioData([], [], [], file.Targets, file.Results, [], null, [], null, [], [], file.Warnings);
        // A bulletin only names sections already in the store, so it cannot mix demo and real data.
        return Import(data, file.File, who, null, Dataset() == DemoDataset, "import.bulletin");
    }

    /// <summary>The recorded aliases (published name → section), in the order recorded.</summary>
    public IReadOnlyList<SectionAlias> SectionAliases() =>
        Db.SectionAliases.AsNoTracking().OrderBy(a => a.Id).AsEnumerable().Select(a => new SectionAlias(a.Name, new SectionId(a.SectionId))).ToList();

    /// <summary>
    /// Records a published name for a section, audited (<c>section.alias</c>); from then on a bulletin naming it matches
    /// the section. A name already a section's own name, or recorded for another section, is refused.
    /// </summary>
    public const int MaxAliasLength = 100;

    public SectionAlias RecordSectionAlias(string name, SectionId section, string who)
    {
        var folded = SectionMatcher.Norm(name ?? "");
        if (folded.Length == 0) throw new InputException(new InputError("name", null, null, ErrorCodes.AliasNameEmpty));
        // A section's name is a few characters; the bound keeps a request from storing (and auditing) a megabyte as one.
        if (folded.Length > MaxAliasLength)
            throw new InputException(new InputError("name", null, null, ErrorCodes.AliasNameTooLong, ("max", MaxAliasLength)));
        var target = Db.Sections.AsNoTracking().FirstOrDefault(s => s.Id == section.Value)
            ?? throw new InputException(new InputError("section", null, null, ErrorCodes.AliasSectionUnknown, ("section", section)));
        var named = Db.Sections.AsNoTracking().Where(s => s.RiverId == target.RiverId).AsEnumerable().FirstOrDefault(s => SectionMatcher.Norm(s.Name) == folded);
        if (named is not null) throw new InputException(new InputError("name", null, null, ErrorCodes.AliasIsSectionName, ("name", name), ("section", named.Id)));
        var taken = Db.SectionAliases.AsNoTracking().FirstOrDefault(a => a.Name == folded);
        if (taken is not null) throw new InputException(new InputError("name", null, null, ErrorCodes.AliasTaken, ("name", name), ("section", taken.SectionId)));
        Db.SectionAliases.Add(new SectionAliasRow { Name = folded, SectionId = section.Value, RecordedBy = who, RecordedAt = _clock.GetUtcNow() });
        Audit("section.alias", section.Value, null, new { name = folded, section = section.Value, sectionName = target.Name, by = who });
        Db.SaveChanges();
        ClearTracked();
        return new SectionAlias(folded, section);
    }

    /// <summary>
    /// The assessment sections (kind other than none) that have a result in a month of <paramref name="years"/> but no
    /// target for that year: their lines book ¥0 (R-BASE-1 finds no baseline). Per year, in registration order.
    /// </summary>
    public IReadOnlyList<(int Year, Section Section)> ResultsWithoutTarget(IReadOnlyCollection<int> years)
    {
        if (years.Count == 0) return [];
        var from = years.Min() * 100 + 1;
        var to = years.Max() * 100 + 12;
        var none = Mapping.Name(SectionKind.None);
        var sections = Db.Sections.AsNoTracking().Where(s => s.Kind != none).OrderBy(s => s.Ordinal).AsEnumerable().Select(s => s.ToDomain()).ToList();
        var withResults = Db.Results.AsNoTracking().Where(r => r.Month >= from && r.Month <= to).Select(r => new { r.SectionId, r.Month }).Distinct().AsEnumerable()
            .Select(r => (r.SectionId, Year: r.Month / 100)).Where(r => years.Contains(r.Year)).ToHashSet();
        var targets = Db.Targets.AsNoTracking().Where(t => years.Contains(t.Year)).Select(t => new { t.SectionId, t.Year }).AsEnumerable()
            .Select(t => (t.SectionId, t.Year)).ToHashSet();
        return years.Order().SelectMany(y => sections.Where(s => withResults.Contains((s.Id.Value, y)) && !targets.Contains((s.Id.Value, y))).Select(s => (y, s))).ToList();
    }
}

public sealed partial class LiuyuStore
{
    /// <summary>Every ledger line posted into a settlement year (postings and reversals, adjustments included), in order of posting.</summary>
    public IReadOnlyList<Domain.Ledger.LedgerLine> PostedIn(int year) =>
        Db.LedgerLines.AsNoTracking().Where(l => l.PostedYear == year).OrderBy(l => l.Sequence).AsEnumerable().Select(l => l.ToDomain()).ToList();
}
