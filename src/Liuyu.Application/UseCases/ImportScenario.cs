using Liuyu.Data.Scenario;

namespace Liuyu.Application.UseCases;

/// <summary>
/// 导入: a scenario folder or workbook (.xlsx/.xls, one sheet per table), all or nothing; registry rows upserted, a
/// changed result stored as a new revision (R-DATA-5).
/// </summary>
public static class ImportScenario
{
    public static ImportReport Run(ILiuyuStore store, string path, string who, IProgress<(string Table, int Rows)>? progress = null, ScenarioReader.ReadAhead? ahead = null) =>
        store.ImportFolder(path, who, progress, ahead);

    public static ImportReport Run(ILiuyuStore store, ScenarioData data, string source, string who, bool demo = false) =>
        store.Import(data, source, who, demo: demo);
}
