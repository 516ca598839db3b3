using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;

namespace Liuyu.Application.UseCases;

/// <summary>One row of a year's targets as entered: the section's id and its class in any spelling <see cref="WaterClass.TryParse"/> reads.</summary>
public sealed record TargetEntry(string? Section, string? Class);

/// <summary>An assessment section with its target for a year: the year's own, or else last year's as a draft (null when neither is set).</summary>
public sealed record YearTarget(Section Section, WaterClass? Class, bool Draft);

/// <summary>
/// 年度考核目标 (issue 12): the Ecology Bureau enters a year's targets on one page, starting from last year's as a draft.
/// What is entered is stored through the scenario import (<see cref="ILiuyuStore.Import"/>, a targets-only batch, audited
/// <c>import.scenario</c>) and every year with ledger lines is accounted again in the same transaction, as after an
/// uploaded targets.csv (<see cref="ImportUpload"/>); all or nothing.
/// </summary>
public static class EnterTargets
{
    public const int MinYear = 2000, MaxYear = 2100;

    /// <summary>Whether a year may take targets here (<see cref="MinYear"/> … <see cref="MaxYear"/>).</summary>
    public static InputError? CheckYear(int year, string field = "year") =>
        year is < MinYear or > MaxYear ? new InputError(field, null, null, ErrorCodes.TargetYearRange, ("value", year), ("min", MinYear), ("max", MaxYear)) : null;

    /// <summary>Every assessment section (R-BASE-2: others take no target) in registration order, with its target for <paramref name="year"/> or last year's as a draft.</summary>
    public static IReadOnlyList<YearTarget> Of(ILiuyuStore store, int year)
    {
        if (CheckYear(year) is { } e) throw new InputException(e);
        // The registry alone (sections and targets): the page reads no monthly result.
        var scheme = store.LoadRegistry();
        var targets = scheme.Targets.Where(t => t.Year == year || t.Year == year - 1).ToDictionary(t => (t.Section, t.Year), t => t.Class);
        return [.. scheme.Sections.Where(s => s.Kind != SectionKind.None).Select(s =>
            targets.TryGetValue((s.Id, year), out var own) ? new YearTarget(s, own, false)
            : targets.TryGetValue((s.Id, year - 1), out var last) ? new YearTarget(s, last, true)
            : new YearTarget(s, null, false))];
    }

    /// <summary>
    /// Validates the entries (errors name the request field, <c>targets[i].section</c> or <c>targets[i].class</c>), then
    /// imports them and accounts the ledger's years. Throws <see cref="InputException"/> with every error; nothing is written then.
    /// </summary>
    public static UploadResult Run(ILiuyuStore store, int year, IReadOnlyList<TargetEntry>? entries, string source, string who)
    {
        var errors = new List<InputError>();
        if (CheckYear(year) is { } y) errors.Add(y);
        if (entries is null || entries.Count == 0) errors.Add(new InputError("targets", null, null, ErrorCodes.TargetsNone));
        var known = store.Known().Sections;
        var targets = new List<Target>();
        var seen = new HashSet<SectionId>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var entry = entries![i];
            var field = $"targets[{i}]";
            var id = new SectionId(entry?.Section?.Trim() ?? "");
            var ok = true;
            if (id.Value.Length == 0) { errors.Add(new InputError(field + ".section", null, null, ErrorCodes.SectionMissing)); ok = false; }
            else if (!known.TryGetValue(id, out var kind)) { errors.Add(new InputError(field + ".section", null, null, ErrorCodes.SectionUnknown, ("section", id.Value))); ok = false; }
            else if (kind == SectionKind.None) { errors.Add(new InputError(field + ".section", null, null, ErrorCodes.TargetNotAssessment, ("section", id.Value))); ok = false; }
            else if (!seen.Add(id)) { errors.Add(new InputError(field + ".section", null, null, ErrorCodes.TargetDuplicate, ("section", id.Value), ("year", year))); ok = false; }
            if (!WaterClass.TryParse(entry?.Class, out var cls)) { errors.Add(new InputError(field + ".class", null, null, ErrorCodes.ClassInvalid, ("value", entry?.Class ?? ""))); ok = false; }
            if (ok) targets.Add(new Target(id, year, cls!.Value));
        }
        if (errors.Count > 0) throw new InputException(errors);

        var data = new ScenarioData([], [], [], targets, [], [], null, [], null, [], [], []);
        return store.InOneTransaction(() =>
        {
            var r = ImportScenario.Run(store, data, source, who, demo: store.Dataset() == Datasets.Demo);
            // A target may move any accounted year (a missing target booked ¥0 until now): every year with lines is accounted again.
            var years = store.YearsOfBatch(r.BatchId).ToHashSet();
            years.UnionWith(store.LedgerYears());
            var ledger = store.AccountAfterImport(ImportUpload.Kinds[UploadKind.Scenario], source, r.BatchId, years);
            return new UploadResult(r.BatchId, r.Inserted, r.Updated, r.Warnings, null, ledger, store.Dataset());
        });
    }
}
