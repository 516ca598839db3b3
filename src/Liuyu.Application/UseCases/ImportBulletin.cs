using Liuyu.Domain;

namespace Liuyu.Application.UseCases;

/// <summary>A monthly bulletin sheet as published (section name or id, river, month, class), all or nothing.</summary>
public static class ImportBulletin
{
    public static ImportReport Run(ILiuyuStore store, string path, string who, YearMonth? month = null) => store.ImportBulletin(path, who, month);
}
