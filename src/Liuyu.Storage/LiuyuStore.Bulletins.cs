using Liuyu.Data.Bulletins;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    /// <summary>
    /// Imports a monthly bulletin sheet (<see cref="BulletinReader"/>) against the registered rivers and sections, all or
    /// nothing; a changed class becomes a new revision like any imported result (R-DATA-5).
    /// </summary>
    public ImportReport ImportBulletin(string path, string who, YearMonth? month = null)
    {
        var rivers = _db.Rivers.AsNoTracking().OrderBy(r => r.Ordinal).AsEnumerable().Select(r => r.ToDomain()).ToList();
        var sections = _db.Sections.AsNoTracking().OrderBy(s => s.Ordinal).AsEnumerable().Select(s => s.ToDomain()).ToList();
        var file = BulletinReader.Read(path, rivers, sections, month);
        var data = new ScenarioData([], [], [], [], file.Results, [], null, [], null, [], [], file.Warnings);
        // A bulletin only names sections already in the store, so it cannot mix demo and real data.
        return Import(data, file.File, who, null, Dataset() == DemoDataset, "import.bulletin");
    }
}

public sealed partial class LiuyuStore
{
    /// <summary>Every ledger line posted into a settlement year (postings and reversals, adjustments included), in order of posting.</summary>
    public IReadOnlyList<Domain.Ledger.LedgerLine> PostedIn(int year) =>
        _db.LedgerLines.AsNoTracking().Where(l => l.PostedYear == year).OrderBy(l => l.Sequence).AsEnumerable().Select(l => l.ToDomain()).ToList();
}
