namespace Liuyu.Data.Csv;

/// <summary>
/// The codes of tables as the bureaus publish them (bulletins, year tables, section aliases, lab tables): kept apart from
/// the main catalog and added to <see cref="ErrorCodes.Templates"/> when the class is first used.
/// </summary>
public static partial class ErrorCodes
{
    // Published bulletins and year tables (issue 12)
    public const string BulletinClassInvalid = "bulletin-class-invalid";
    public const string BulletinClassRead = "bulletin-class-read";
    public const string BulletinNotMonitored = "bulletin-not-monitored";
    public const string BulletinColumnIgnored = "bulletin-column-ignored";
    public const string BulletinRiverContinued = "bulletin-river-continued";
    public const string BulletinMergedFilled = "bulletin-merged-filled";
    public const string BulletinSectionSkipped = "bulletin-section-skipped";
    public const string BulletinSectionNearMiss = "bulletin-section-near-miss";
    public const string BulletinSectionNeedsRiver = "bulletin-section-needs-river";
    public const string BulletinSectionNotMentioned = "bulletin-section-not-mentioned";
    public const string BulletinSectionAlias = "bulletin-section-alias";
    public const string BulletinNoYear = "bulletin-no-year";
    public const string BulletinYearDiffers = "bulletin-year-differs";
    public const string BulletinTargetsNotImported = "bulletin-targets-not-imported";
    public const string BulletinNoRegisteredSection = "bulletin-no-registered-section";
    public const string YearOnlyBulletin = "year-only-bulletin";
    // A month with results and no target for its year (R-BASE-1: its lines would book ¥0)
    public const string TargetsMissing = "targets-missing";
    // Section aliases (断面别名)
    public const string AliasNameEmpty = "alias-name-empty";
    public const string AliasNameTooLong = "alias-name-too-long";
    public const string AliasSectionUnknown = "alias-section-unknown";
    public const string AliasIsSectionName = "alias-is-section-name";
    public const string AliasTaken = "alias-taken";
    public const string AliasForbidden = "alias-forbidden";
    // Lab tables
    public const string IndicatorColumnsNone = "indicator-columns-none";

    private static readonly IReadOnlyDictionary<string, string> PublishedTemplates = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [BulletinClassInvalid] = "'{value}' is not a water class; accepted: {forms}",
        [BulletinClassRead] = "'{value}' read as {class} ({count} cell(s))",
        [BulletinNotMonitored] = "'{value}' read as no valid result, stored with '{value}' as its reason (R-DATA-4; {count} cell(s))",
        [BulletinColumnIgnored] = "column '{column}' is not needed for the accounting and is ignored",
        [BulletinRiverContinued] = "{count} row(s) with an empty '{column}' continue the river of the row above (a merged cell)",
        [BulletinMergedFilled] = "{count} cell(s) of merged ranges filled from the first row of their range",
        [BulletinSectionSkipped] = "section '{name}' ({river}) is not in the list of compensation sections; skipped",
        [BulletinSectionNearMiss] = "no registered section is named '{name}'; did you mean {suggestion} ({ids})? Correct the name, or record '{name}' as an alias of the section",
        [BulletinSectionNeedsRiver] = "several registered sections are named '{name}' (on {rivers}); add a river column [河流名称]",
        [BulletinSectionNotMentioned] = "section {name} ({section}, {river}): no result in this file",
        [BulletinSectionAlias] = "'{name}' read as section {sectionName} ({section}), a recorded alias",
        [BulletinNoYear] = "the year table does not say its year: give --year YYYY (the year field on the page) or a title such as 2023年1-12月",
        [BulletinYearDiffers] = "the year is given differently: {years}",
        [BulletinTargetsNotImported] = "column '{column}' holds targets; they are not imported unless asked (--targets, or 'import targets' on the page)",
        [BulletinNoRegisteredSection] = "none of the {count} sections of this file is a registered compensation section; nothing to import",
        [YearOnlyBulletin] = "a year is given with a bulletin or year table only",
        [TargetsMissing] = "{year}: {count} assessment section(s) have results but no target for the year ({sections}); their months book ¥0 until the year's targets are entered",
        [AliasNameEmpty] = "enter the name as published",
        [AliasNameTooLong] = "a published name is at most {max} characters",
        [AliasSectionUnknown] = "there is no section '{section}'",
        [AliasIsSectionName] = "'{name}' is already the name of section {section}",
        [AliasTaken] = "'{name}' is already recorded for section {section}",
        [AliasForbidden] = "recording an alias is for {roles}",
        [IndicatorColumnsNone] = "no column of the header is an indicator or the indicator column [指标]; expected indicator names such as 总磷, 氨氮(mg/L), 高锰酸盐指数",
    };

    // A static constructor runs after every field initialiser of the class, in whichever file it is.
    static ErrorCodes()
    {
        var all = (Dictionary<string, string>)Templates;
        foreach (var (code, template) in PublishedTemplates) all.Add(code, template);
    }
}
