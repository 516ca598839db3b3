namespace Liuyu.Domain.Accounting;

/// <summary>
/// Which result of a section-month the accounting reads when a result was imported and another was computed from
/// measured samples (R-DATA-1, R-DATA-2, R-DATA-3, R-DATA-4).
/// <para>
/// <b>Decision</b> (issue 3): an imported result wins over a computed one: the bulletin class of an assessment
/// section (R-DATA-1) and the monitoring centre's or joint class of a non-assessment section (R-DATA-2) are the
/// official results. A computed class (source <see cref="ResultSource.Computed"/>, with its deciding indicators)
/// is read only when nothing was imported for that section-month. An imported row without a class (断流, data
/// rejected: R-DATA-4) is an official statement too and also wins: a computed class never silently turns an
/// official "no valid result" into a payment; the store lists it as a disagreement instead. A computed month
/// without a valid sample of a class indicator is itself "no valid result" (R-DATA-4, Q-IND-3). Nothing is
/// overwritten: both results stay stored and the explanation shows both.
/// </para>
/// </summary>
public static class ResultPrecedence
{
    /// <summary>
    /// The imported results (every revision, as stored) followed by the computed results of the section-months
    /// that have no imported result at all.
    /// </summary>
    public static IReadOnlyList<MonthlyResult> Merge(IReadOnlyList<MonthlyResult> imported, IEnumerable<MonthlyResult> computed)
    {
        // The imported section-months are gathered only when there is a computed result to weigh: most stores have none,
        // and a national year has 240,000 imported results.
        HashSet<(SectionId, YearMonth)>? official = null;
        var merged = new List<MonthlyResult>(imported);
        foreach (var c in computed)
        {
            if (c.Source != ResultSource.Computed)
                throw new ArgumentException($"{c.Section} {c.Month}: a computed result must have source Computed, not {c.Source}", nameof(computed));
            official ??= imported.Select(r => (r.Section, r.Month)).ToHashSet();
            if (!official.Contains((c.Section, c.Month))) merged.Add(c);
        }
        return merged;
    }

    /// <summary>True when an imported result and a computed class of the same section-month say different things.</summary>
    public static bool Disagree(MonthlyResult latestImported, WaterClass computedClass) => latestImported.Class != computedClass;
}
