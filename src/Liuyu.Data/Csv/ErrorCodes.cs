using System.Globalization;

namespace Liuyu.Data.Csv;

/// <summary>
/// The catalog of what a user can be told: every refusal (an <see cref="InputError"/>, a problem from the web server) and
/// every import warning is a code from here with named arguments. The English template is how the CLI and the
/// problem details' <c>detail</c> word it; the web page words the same code in Chinese or English
/// (<c>wwwroot/i18n.js</c>, keys <c>code.&lt;code&gt;</c>), so no English sentence reaches the Chinese page. A test checks that
/// every code has both wordings there. Codes are stable: a new meaning gets a new code; wording may change freely.
/// </summary>
public static partial class ErrorCodes
{
    // Files, sheets and columns
    public const string FileNotFound = "file-not-found";
    public const string FolderNotFound = "folder-not-found";
    public const string FileRequired = "file-required";
    public const string SheetRequired = "sheet-required";
    public const string FileNotUtf8 = "file-not-utf8";
    public const string FileEmpty = "file-empty";
    public const string QuoteInField = "quote-in-field";
    public const string QuoteNotClosed = "quote-not-closed";
    public const string WorkbookNoSheet = "workbook-no-sheet";
    public const string WorkbookUnreadable = "workbook-unreadable";
    public const string SheetUnreadable = "sheet-unreadable";
    public const string CellError = "cell-error";
    // Bounds on what is read (ReadLimits): each names the file (and row and column where there is one) and the bound
    public const string WorkbookTooLarge = "workbook-too-large";
    public const string WorkbookPartTooLarge = "workbook-part-too-large";
    public const string WorkbookPartRatio = "workbook-part-ratio";
    public const string SheetColumnsTooMany = "sheet-columns-too-many";
    public const string SheetRowsTooMany = "sheet-rows-too-many";
    public const string SheetCellTooLong = "sheet-cell-too-long";
    public const string UploadFilesTooMany = "upload-files-too-many";
    public const string ReadTimeBudget = "read-time-budget";
    public const string ErrorsTruncated = "errors-truncated";
    public const string TableNoRows = "table-no-rows";
    public const string IdFormulaStart = "id-formula-start";
    public const string SectionLoop = "section-loop";
    public const string ColumnUnknown = "column-unknown";
    public const string ColumnTwice = "column-twice";
    public const string ColumnMissing = "column-missing";
    public const string ColumnMissingAlias = "column-missing-alias";

    // Read limits (ReadLimits): a file refused while reading, before it can exhaust memory or time
    public const string FileBytesTooMany = "file-bytes-too-many";
    public const string RowsTooMany = "rows-too-many";
    public const string ColumnsTooMany = "columns-too-many";
    public const string CellTooLong = "cell-too-long";

    // Values in a row
    public const string ValueEmpty = "value-empty";
    public const string ValueBad = "value-bad";
    public const string MonthInvalid = "month-invalid";
    public const string DateInvalid = "date-invalid";
    public const string YearInvalid = "year-invalid";
    public const string MonthNumberInvalid = "month-number-invalid";
    public const string BooleanInvalid = "boolean-invalid";
    public const string NumberInvalid = "number-invalid";
    public const string SequenceInvalid = "sequence-invalid";
    public const string ClassInvalid = "class-invalid";
    public const string ClassOrEmptyInvalid = "class-or-empty-invalid";
    public const string SourceInvalid = "source-invalid";
    public const string AmountInvalid = "amount-invalid";
    public const string AmountNegative = "amount-negative";
    public const string AmountNotPositive = "amount-not-positive";
    public const string DistanceInvalid = "distance-invalid";
    public const string PartyKindInvalid = "party-kind-invalid";
    public const string SectionKindInvalid = "section-kind-invalid";
    public const string SubstituteKindInvalid = "substitute-kind-invalid";
    public const string ActivityKindInvalid = "activity-kind-invalid";
    public const string WaterBodyInvalid = "water-body-invalid";
    public const string SampledAtInvalid = "sampled-at-invalid";
    public const string IndicatorUnknown = "indicator-unknown";
    public const string FlagUnknown = "flag-unknown";
    public const string SampleSourceInvalid = "sample-source-invalid";
    public const string SampleInvalid = "sample-invalid";
    public const string PolicyValueInvalid = "policy-value-invalid";
    public const string PolicyKeyUnknown = "policy-key-unknown";
    public const string RuleFamilyUnknown = "rule-family-unknown";
    public const string FamilyParameterForeign = "family-parameter-foreign";
    public const string FamilyParameterMissing = "family-parameter-missing";
    public const string QuantityModeInvalid = "quantity-mode-invalid";
    public const string FlowInvalid = "flow-invalid";
    public const string QuantityTargetDuplicate = "quantity-target-duplicate";
    public const string FlowDuplicate = "flow-duplicate";
    public const string TierBelowMinimum = "tier-below-minimum";
    public const string TermReversed = "term-reversed";
    public const string TermShort = "term-short";

    // The registry: parties, rivers, sections
    public const string PartyUnknown = "party-unknown";
    public const string RiverUnknown = "river-unknown";
    public const string SectionUnknown = "section-unknown";
    public const string SectionNotImported = "section-not-imported";
    public const string SectionsMoreUnknown = "sections-more-unknown";
    public const string SectionIdEmpty = "section-id-empty";
    public const string SectionTwice = "section-twice";
    public const string PartyDuplicate = "party-duplicate";
    public const string RiverDuplicate = "river-duplicate";
    public const string SectionDuplicate = "section-duplicate";
    public const string TargetDuplicate = "target-duplicate";
    public const string TargetYearRange = "target-year-range";
    public const string TargetNotAssessment = "target-not-assessment";
    public const string TargetsNone = "targets-none";
    public const string ResultDuplicate = "result-duplicate";
    public const string ExemptionDuplicate = "exemption-duplicate";
    public const string SignatureDuplicate = "signature-duplicate";

    // Automatic stations (stations.csv) and the HJ 212 receiver's refusals (issue 14)
    public const string StationDuplicate = "station-duplicate";
    public const string StationMnInvalid = "station-mn-invalid";
    public const string StationPasswordInvalid = "station-password-invalid";
    public const string StationIndicatorsInvalid = "station-indicators-invalid";
    public const string Hj212Garbage = "hj212-garbage";
    public const string Hj212LengthBad = "hj212-length-bad";
    public const string Hj212LengthTooLarge = "hj212-length-too-large";
    public const string Hj212CrcBad = "hj212-crc-bad";
    public const string Hj212TailMissing = "hj212-tail-missing";
    public const string Hj212NotUtf8 = "hj212-not-utf8";
    public const string Hj212CpMissing = "hj212-cp-missing";
    public const string Hj212FieldBad = "hj212-field-bad";
    public const string Hj212FieldTwice = "hj212-field-twice";
    public const string Hj212MnMissing = "hj212-mn-missing";
    public const string Hj212CnBad = "hj212-cn-bad";
    public const string Hj212FlagBad = "hj212-flag-bad";
    public const string Hj212SplitBad = "hj212-split-bad";
    public const string Hj212QnBad = "hj212-qn-bad";
    public const string Hj212DataTimeBad = "hj212-datatime-bad";
    public const string Hj212ValueBad = "hj212-value-bad";
    public const string Hj212MnUnknown = "hj212-mn-unknown";
    public const string Hj212PasswordWrong = "hj212-password-wrong";
    public const string Hj212Timeout = "hj212-timeout";
    public const string Hj212PacketCut = "hj212-packet-cut";
    public const string Hj212TooManyConnections = "hj212-too-many-connections";
    public const string Hj212StoreFailed = "hj212-store-failed";
    public const string DownstreamIsUpstream = "downstream-is-upstream";
    public const string PayeeIsPayer = "payee-is-payer";
    public const string PartiesNone = "parties-none";
    public const string ReferenceNotAssessment = "reference-not-assessment";
    public const string TargetIgnored = "target-ignored";

    // Bulletins
    public const string BulletinNoMonth = "bulletin-no-month";
    public const string BulletinEmpty = "bulletin-empty";
    public const string MonthDiffers = "month-differs";
    public const string RiverAmbiguous = "river-ambiguous";
    public const string RiverNotFound = "river-not-found";
    public const string SectionAmbiguous = "section-ambiguous";
    public const string SectionOnOtherRiver = "section-on-other-river";
    public const string SectionNotRegistered = "section-not-registered";
    public const string ResultTwice = "result-twice";

    // The store: datasets, years, settlement
    public const string DatasetReal = "dataset-real";
    public const string DatasetDemo = "dataset-demo";
    public const string DemoNeedsOwnStore = "demo-needs-own-store";
    public const string StoreUnopenable = "store-unopenable";
    public const string YearClosed = "year-closed";
    public const string YearAlreadyClosed = "year-already-closed";
    public const string YearNoLinesToClose = "year-no-lines-to-close";
    public const string YearNotCleared = "year-not-cleared";
    public const string YearNotConfirmed = "year-not-confirmed";
    public const string YearNoLinesDue = "year-no-lines-due";
    public const string YearNoLinesExport = "year-no-lines-export";
    public const string MonthNoLinesReport = "month-no-lines-report";
    public const string YearNoLinesDocument = "year-no-lines-document";
    public const string ConfirmNothing = "confirm-nothing";
    public const string ConfirmNothingOnRiver = "confirm-nothing-on-river";
    public const string ConfirmPartyMissing = "confirm-party-missing";
    public const string ConfirmForbidden = "confirm-forbidden";
    public const string PayerMissing = "payer-missing";
    public const string PayeeMissing = "payee-missing";
    public const string PaidBeforeYearEnd = "paid-before-year-end";
    public const string DateInFuture = "date-in-future";

    // Exemptions (R-EXEMPT-1)
    public const string ExemptionReasonMissing = "exemption-reason-missing";
    public const string MonthNotBegun = "month-not-begun";
    public const string ExemptionExists = "exemption-exists";
    public const string ExemptionRejectedWithReason = "exemption-rejected-with-reason";
    public const string ExemptionRejectedFinal = "exemption-rejected-final";
    public const string ExemptionNotApplied = "exemption-not-applied";
    public const string ExemptionAlreadyRejected = "exemption-already-rejected";
    public const string ExemptionApprovedFinal = "exemption-approved-final";
    public const string RejectionReasonMissing = "rejection-reason-missing";
    public const string BureauMissing = "bureau-missing";
    public const string SectionMissing = "section-missing";
    public const string ApplyNotUpstream = "apply-not-upstream";
    public const string AttachRejected = "attach-rejected";
    public const string AttachApproved = "attach-approved";
    public const string AttachNotApplicant = "attach-not-applicant";
    public const string DocumentsForbidden = "documents-forbidden";
    public const string DocumentNotFound = "document-not-found";
    public const string FileNoName = "file-no-name";
    public const string FileNameTooLong = "file-name-too-long";
    public const string FileEmptyUpload = "file-empty-upload";
    public const string FileTooLarge = "file-too-large";
    public const string FileTypeRefused = "file-type-refused";

    // Joint governance (R-JOINT-1)
    public const string RiverMissing = "river-missing";
    public const string ActivityKindUnknown = "activity-kind-unknown";
    public const string ActivityInFuture = "activity-in-future";
    public const string DateBefore2000 = "date-before-2000";
    public const string PartiesMissing = "parties-missing";
    public const string PartyNotOfRiver = "party-not-of-river";
    public const string PartiesNotOfRiver = "parties-not-of-river";
    public const string DescriptionMissing = "description-missing";
    public const string DescriptionTooLong = "description-too-long";
    public const string ActivityExists = "activity-exists";
    public const string ActivityNotParticipant = "activity-not-participant";
    public const string ActivityUnknown = "activity-unknown";
    public const string ActivityNotAwaiting = "activity-not-awaiting";

    // Requests and uploads (the web server)
    public const string UploadNotMultipart = "upload-not-multipart";
    public const string UploadUnreadable = "upload-unreadable";
    public const string UploadTooLarge = "upload-too-large";
    public const string UploadTooLargeAttachment = "upload-too-large-attachment";
    public const string UploadTooLargeImport = "upload-too-large-import";
    public const string FileNone = "file-none";
    public const string FileUploadTooLarge = "file-upload-too-large";
    public const string ImportKindInvalid = "import-kind-invalid";
    public const string MonthOnlyBulletin = "month-only-bulletin";
    public const string FileTypeInvalid = "file-type-invalid";
    public const string SectionsOnlySamples = "sections-only-samples";
    public const string SectionsTooMany = "sections-too-many";
    public const string SamplesFilesTooMany = "samples-files-too-many";
    public const string ImportFilesTooMany = "import-files-too-many";
    public const string WorkbookAndCsv = "workbook-and-csv";
    public const string FileNotATable = "file-not-a-table";
    public const string FileGivenTwice = "file-given-twice";
    public const string FileNamesClash = "file-names-clash";
    public const string SectionsNameClash = "sections-name-clash";
    public const string ProfilesNone = "profiles-none";
    public const string ProfilesBoth = "profiles-both";
    public const string ImportForbidden = "import-forbidden";
    public const string TableForbidden = "table-forbidden";
    public const string TableNotImported = "table-not-imported";
    public const string UploadRejectedRows = "upload-rejected-rows";
    public const string UploadRejected = "upload-rejected";
    public const string PeriodReversed = "period-reversed";
    public const string LimitOutOfRange = "limit-out-of-range";
    public const string OffsetNegative = "offset-negative";
    public const string ExportFormatInvalid = "export-format-invalid";
    public const string EntryIdInvalid = "entry-id-invalid";
    public const string UserNameMissing = "user-name-missing";
    public const string PasswordMissing = "password-missing";
    public const string UserNameTaken = "user-name-taken";
    public const string PasswordRejected = "password-rejected";
    public const string RoleRejected = "role-rejected";
    public const string RoleInvalid = "role-invalid";
    public const string PartyRequiredForDistrict = "party-required-for-district";
    public const string PartyNotDistrict = "party-not-district";
    public const string PartyOnlyForDistrict = "party-only-for-district";
    public const string PartyRequiredForProvinceFinance = "party-required-for-province-finance";
    public const string PartyNotOtherProvince = "party-not-other-province";
    public const string RiverNotCrossProvince = "river-not-cross-province";
    public const string CrossProvinceNotYours = "cross-province-not-yours";
    public const string UserUnknown = "user-unknown";
    public const string RoleOwn = "role-own";
    public const string RoleUnchanged = "role-unchanged";
    public const string UserNotLocked = "user-not-locked";
    public const string SignInFailed = "sign-in-failed";
    public const string AccountLocked = "account-locked";
    public const string AntiforgeryInvalid = "antiforgery-invalid";
    public const string RequestBad = "request-bad";
    public const string PasswordCommon = "password-common";
    public const string PasswordContainsUserName = "password-contains-user-name";
    public const string SignInFailedWarning = "sign-in-failed-warning";
    public const string TooManyRequests = "too-many-requests";
    public const string UserSelf = "user-self";
    public const string AccountDisabled = "account-disabled";

    // PDF fonts
    public const string FontNone = "font-none";
    public const string FontCollection = "font-collection";
    public const string FontFileMissing = "font-file-missing";
    public const string FontLatinNone = "font-latin-none";
    public const string FontInvalid = "font-invalid";
    public const string FolderMissing = "folder-missing";

    // Words Liuyu itself writes where users read them (import sources, actors): stored as the English, worded by the page
    public const string ChainBrokenClear = "chain-broken-clear";
    public const string ChainBrokenClose = "chain-broken-close";
    public const string ChainKeyRequired = "chain-key-required";
    public const string ChainKeyUnexpected = "chain-key-unexpected";
    public const string ChainKeyTooShort = "chain-key-too-short";
    public const string ChainBrokenReseal = "chain-broken-reseal";
    public const string SourceDemo = "source-demo";
    public const string ActorServer = "actor-server";
    public const string ActorAnonymous = "actor-anonymous";
    public const string ActorDemo = "actor-demo";

    /// <summary>The English wording of each code: <c>{name}</c> is replaced by the argument of that name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Templates = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Files, sheets and columns
        [FileNotFound] = "file not found: {path}",
        [FolderNotFound] = "no such folder",
        [FileRequired] = "required file is missing",
        [SheetRequired] = "required sheet '{sheet}' is missing (sheets found: {sheets})",
        [FileNotUtf8] = "the file is not valid UTF-8 (invalid byte at offset {offset}); save it as UTF-8 (CSV UTF-8 in Excel)",
        [FileEmpty] = "the file is empty; expected a header row with {columns}",
        [QuoteInField] = "a quote inside an unquoted field; quote the whole field and double the quote (\"\")",
        [QuoteNotClosed] = "a quoted field is not closed",
        [FileBytesTooMany] = "the file has {bytes} bytes, more than the {limit} bytes allowed",
        [RowsTooMany] = "more than {limit} data rows",
        [ColumnsTooMany] = "{count} columns, more than the {limit} allowed",
        [CellTooLong] = "a cell of {length} characters, more than the {limit} allowed",
        [WorkbookNoSheet] = "the workbook has no sheet",
        [WorkbookUnreadable] = "not a readable {format} workbook ({reason}); save it from Excel or WPS as .xlsx",
        [SheetUnreadable] = "the sheet cannot be read ({reason}); open the file in Excel or WPS and save it again as .xlsx",
        [CellError] = "the cell holds the spreadsheet error {value}; fix the formula or type the value",
        [WorkbookTooLarge] = "the workbook is {sizeMb} MB; at most {maxMb} MB is read",
        [WorkbookPartTooLarge] = "the part {part} of the workbook expands to more than {maxMb} MB; it is not read",
        [WorkbookPartRatio] = "the part {part} of the workbook expands to {ratio} times its compressed size (at most {max}); a file like this is not read",
        [SheetColumnsTooMany] = "a value in column {column} (column {number}); a sheet is read up to {max} columns",
        [SheetRowsTooMany] = "the sheet has more than {max} rows; split it into several files",
        [SheetCellTooLong] = "the cell holds more than {max} characters",
        [UploadFilesTooMany] = "{count} files were given; at most {max} are read in one upload",
        [ReadTimeBudget] = "the import was stopped after {seconds} seconds; nothing was imported; split the file into smaller ones",
        [ErrorsTruncated] = "showing the first {shown} of {total} errors",
        [TableNoRows] = "the file has a header but no rows; add its rows or leave the file out",
        [IdFormulaStart] = "'{value}' cannot be an id: an id must not start with =, +, -, @, a tab or a line break (a spreadsheet would run it as a formula)",
        [SectionLoop] = "section {section} runs back up river {river}: its parties already lie downstream of one another ({chain}), so the river's chain would loop",
        [ColumnUnknown] = "unknown column '{column}' ignored",
        [ColumnTwice] = "column '{column}' appears twice",
        [ColumnMissing] = "missing column '{column}'",
        [ColumnMissingAlias] = "missing column '{column}' [{alias}]",

        // Values in a row
        [ValueEmpty] = "'{column}' is empty",
        [ValueBad] = "bad value '{value}'",
        [MonthInvalid] = "'{value}' is not a month (expected YYYY-MM)",
        [DateInvalid] = "'{value}' is not a date (expected YYYY-MM-DD)",
        [YearInvalid] = "'{value}' is not a year (expected YYYY)",
        [MonthNumberInvalid] = "'{value}' is not a month number (expected 1…12)",
        [BooleanInvalid] = "'{value}' is not true or false",
        [NumberInvalid] = "'{value}' is not a number",
        [SequenceInvalid] = "'{value}' is not a line number",
        [ClassInvalid] = "'{value}' is not a water class (expected I, II, III, IV, V or 劣V)",
        [ClassOrEmptyInvalid] = "'{value}' is not a water class (expected I, II, III, IV, V or 劣V; empty for no valid result)",
        [SourceInvalid] = "'{value}' is not a source (expected national, municipal, monitoring_centre or joint)",
        [AmountInvalid] = "'{value}' is not an amount in yuan (expected a number with at most two decimals)",
        [AmountNegative] = "'{value}' is negative; amounts are ≥ 0",
        [AmountNotPositive] = "the amount must be positive",
        [DistanceInvalid] = "'{value}' is not a distance in km (expected a number ≥ 0)",
        [PartyKindInvalid] = "'{value}' is not a party kind (expected district, municipal or province)",
        [SectionKindInvalid] = "'{value}' is not a section kind (expected national, municipal or none)",
        [SubstituteKindInvalid] = "'{value}' is not a substitute kind (expected counterpart_cooperation, industry_transfer, talent_training or co_built_park)",
        [ActivityKindInvalid] = "'{value}' is not an activity kind (expected joint_meeting_system, joint_enforcement, joint_emergency_response or project_consultation)",
        [WaterBodyInvalid] = "'{value}' is not a water body (expected river or lake)",
        [SampledAtInvalid] = "'{value}' is not a date or local date-time (expected YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        [IndicatorUnknown] = "unknown indicator '{value}' (expected a key, HJ 212 code or Chinese name of gb3838.csv, e.g. NH3N, w21003 or 氨氮)",
        [FlagUnknown] = "flag '{value}' is not known (expected empty, or L for below the detection limit)",
        [SampleSourceInvalid] = "source '{value}' is not known (expected monitoring_centre, joint, district or automatic)",
        [SampleInvalid] = "{reason}",
        [PolicyValueInvalid] = "'{value}': {reason}",
        [PolicyKeyUnknown] = "policy key '{key}' is not known and is ignored (expected one of {keys})",
        [RuleFamilyUnknown] = "unknown rule family '{family}' (known: {known})",
        [FamilyParameterForeign] = "'{parameter}' is not a parameter of rule family {family} (it reads: {parameters})",
        [FamilyParameterMissing] = "'{parameter}' is required by {family} and is empty",
        [QuantityModeInvalid] = "'{value}' is not a quantity mode (expected penalty or two-way, R-EXT-1)",
        [FlowInvalid] = "'{value}' is not a flow (a number of m³/s, at least 0)",
        [QuantityTargetDuplicate] = "a second base flow for section {section} in {year}",
        [FlowDuplicate] = "a second flow for section {section} in {month}",
        [TierBelowMinimum] = "{tier} {value} is below the statutory minimum {minimum} yuan (R-AMT-2)",
        [TermReversed] = "the term ends before it starts",
        [TermShort] = "agreement term shorter than {years} years (R-AGR-2)",

        // The registry: parties, rivers, sections
        [PartyUnknown] = "unknown party '{party}'",
        [RiverUnknown] = "unknown river '{river}'",
        [SectionUnknown] = "unknown section '{section}'",
        [SectionNotImported] = "unknown section '{section}' (import the sections of the scenario first)",
        [SectionsMoreUnknown] = "… and {count} more rows with an unknown section",
        [SectionIdEmpty] = "the section id is empty",
        [SectionTwice] = "section '{section}' appears twice",
        [PartyDuplicate] = "duplicate party '{party}'",
        [RiverDuplicate] = "duplicate river '{river}'",
        [SectionDuplicate] = "duplicate section '{section}'",
        [TargetDuplicate] = "duplicate target for section '{section}' in {year}",
        [TargetYearRange] = "'{value}' is not a target year (expected {min} to {max})",
        [TargetNotAssessment] = "section '{section}' is not an assessment section and takes no target (R-BASE-2)",
        [TargetsNone] = "give at least one section's target",
        [ResultDuplicate] = "duplicate result for section '{section}' in {month}",
        [ExemptionDuplicate] = "duplicate exemption for section '{section}' in {month}",
        [SignatureDuplicate] = "duplicate signature of '{party}' on river '{river}'",
        [StationDuplicate] = "station '{mn}' appears twice",
        [StationMnInvalid] = "'{value}' is not a station MN (1 to 48 letters, digits, '-' or '_')",
        [StationPasswordInvalid] = "the station password must be 6 characters without ';', '=', ',' or '&'",
        [StationIndicatorsInvalid] = "'{value}' is not a list of codes such as 'w01018;w20141=As'",
        [Hj212Garbage] = "bytes that are not an HJ 212 packet (no '##')",
        [Hj212LengthBad] = "the packet's length field is not 4 digits",
        [Hj212LengthTooLarge] = "the packet's length field is over 1024",
        [Hj212CrcBad] = "the packet's CRC does not match its data",
        [Hj212TailMissing] = "the packet does not end with CR LF where its length says",
        [Hj212NotUtf8] = "the packet's data are not UTF-8",
        [Hj212CpMissing] = "the packet has no CP=&&…&& data area at its end",
        [Hj212FieldBad] = "a field of the packet is not NAME=value",
        [Hj212FieldTwice] = "a field of the packet is given twice with different values",
        [Hj212MnMissing] = "the packet has no MN",
        [Hj212CnBad] = "the packet's CN is not a 4-digit command code",
        [Hj212FlagBad] = "the packet's Flag is not a number 0 to 255",
        [Hj212SplitBad] = "the packet's PNUM/PNO are missing or out of bounds",
        [Hj212QnBad] = "the packet's QN is missing or not a time to the millisecond",
        [Hj212DataTimeBad] = "the upload's DataTime is missing or not yyyyMMddHHmmss",
        [Hj212ValueBad] = "a value of the upload is not a number",
        [Hj212MnUnknown] = "the station's MN is not registered",
        [Hj212PasswordWrong] = "the station's password is wrong",
        [Hj212Timeout] = "the packet did not arrive whole in time",
        [Hj212PacketCut] = "the connection closed in the middle of a packet",
        [Hj212TooManyConnections] = "too many connections at once",
        [Hj212StoreFailed] = "the data could not be stored (not acknowledged)",
        [DownstreamIsUpstream] = "downstream party equals upstream party",
        [PayeeIsPayer] = "payee equals payer",
        [PartiesNone] = "no party named (separate several with ';')",
        [ReferenceNotAssessment] = "section '{section}' is not an assessment section; a reference section must have a target (R-BASE-2)",
        [TargetIgnored] = "section '{section}' is not an assessment section; its target is ignored (R-BASE-2)",

        // Bulletins
        [BulletinNoMonth] = "the sheet has no month column [月份]; add one or give --month YYYY-MM",
        [BulletinEmpty] = "the bulletin has no rows",
        [MonthDiffers] = "{month} differs from --month {given}",
        [RiverAmbiguous] = "several rivers are named '{name}' ({ids}); write the river id",
        [RiverNotFound] = "no river has the id or name '{name}'",
        [SectionAmbiguous] = "several sections on river {riverName} ({river}) are named '{name}' ({ids}); write the section id",
        [SectionOnOtherRiver] = "no section of river {riverName} ({river}) has the id or name '{name}'; found {found} — check the river column",
        [SectionNotRegistered] = "no section of river {riverName} ({river}) has the id or name '{name}'; register the section first (sections sheet) or correct the name",
        [ResultTwice] = "section {sectionName} ({section}) already has a class for {month} in row {row}",

        // The store: datasets, years, settlement
        [DatasetReal] = "this store holds real data; load the demo into its own store (e.g. --store .data/demo.db)",
        [DatasetDemo] = "this store holds the demo dataset (示例); import real data into a new store",
        [DemoNeedsOwnStore] = "this store holds real data; the demo needs its own store",
        [StoreUnopenable] = "cannot open the store '{store}': {reason}",
        [YearClosed] = "{year} is closed",
        [YearAlreadyClosed] = "{year} is already closed",
        [YearNoLinesToClose] = "{year} has no ledger lines; account it before closing it",
        [YearNotCleared] = "{year} is not cleared by the Finance Bureau for the current statement (R-SET-1); confirm and clear it first",
        [YearNotConfirmed] = "{year} cannot be cleared: not yet confirmed by {parties}",
        [YearNoLinesDue] = "{year} has no ledger lines; nothing is due for it",
        [YearNoLinesExport] = "{year} has no ledger lines; run 'liuyu account --year {year}' first",
        [MonthNoLinesReport] = "{month} has no ledger lines; run 'liuyu account --year {year} --month {monthNumber}' first",
        [YearNoLinesDocument] = "{year} has no ledger lines for this document yet",
        [ConfirmNothing] = "'{party}' has nothing to confirm for {year}: it is not a party of a river with lines that year",
        [ConfirmNothingOnRiver] = "'{party}' has nothing to confirm for {year} on river '{river}': it is not a party of a river with lines that year",
        [ConfirmPartyMissing] = "name the party that confirms",
        [ConfirmForbidden] = "you cannot confirm for '{party}'",
        [PayerMissing] = "name the party that paid",
        [PayeeMissing] = "name the party that was paid",
        [PaidBeforeYearEnd] = "a transfer for {year} is made after the year ends (R-SET-1): expected a date from {from}",
        [DateInFuture] = "{date} is in the future",

        // Exemptions (R-EXEMPT-1)
        [ExemptionReasonMissing] = "give the reason (the sudden natural disaster or other objective cause)",
        [MonthNotBegun] = "{month} has not begun (this month is {thisMonth}): an exemption is applied for a month that has happened",
        [ExemptionExists] = "an exemption for {section} in {month} has already been applied for",
        [ExemptionRejectedWithReason] = "the exemption for {section} in {month} was rejected ({reason}); a rejection is final",
        [ExemptionRejectedFinal] = "the exemption for {section} in {month} was rejected; a rejection is final",
        [ExemptionNotApplied] = "no exemption was applied for {section} in {month}",
        [ExemptionAlreadyRejected] = "the exemption for {section} in {month} was already rejected",
        [ExemptionApprovedFinal] = "the exemption for {section} in {month} is approved by both bureaus and can no longer be rejected",
        [RejectionReasonMissing] = "give the reason for the rejection",
        [BureauMissing] = "name the bureau that rejects",
        [SectionMissing] = "name the section",
        [ApplyNotUpstream] = "only the upstream district of {section} ({party}) can apply for its exemption",
        [AttachRejected] = "the exemption for {section} in {month} is rejected; documents are attached while it is pending",
        [AttachApproved] = "the exemption for {section} in {month} is approved; documents are attached while it is pending",
        [AttachNotApplicant] = "only the applying district of {section} ({party}) attaches documents to its application",
        [DocumentsForbidden] = "the documents of an application are for the bureaus, the auditor and the applying district",
        [DocumentNotFound] = "the application of {section} in {month} has no document {id}",
        [FileNoName] = "the file has no name",
        [FileNameTooLong] = "the file name is longer than {max} characters",
        [FileEmptyUpload] = "'{name}' is empty",
        [FileTooLarge] = "'{name}' is {sizeMb} MB; at most {maxMb} MB is accepted",
        [FileTypeRefused] = "'{name}' is not a PDF, JPEG, PNG, DOCX or XLSX file (judged by its content)",

        // Joint governance (R-JOINT-1)
        [RiverMissing] = "name the river",
        [ActivityKindUnknown] = "'{value}' is not a kind of activity (expected one of {kinds})",
        [ActivityInFuture] = "{date} is in the future; record an activity once it took place",
        [DateBefore2000] = "{date} is before 2000",
        [PartiesMissing] = "name the parties that took part",
        [PartyNotOfRiver] = "{parties} is not a party of river '{river}'",
        [PartiesNotOfRiver] = "{parties} are not parties of river '{river}'",
        [DescriptionMissing] = "describe the activity",
        [DescriptionTooLong] = "the description is longer than {max} characters",
        [ActivityExists] = "this activity of {parties} on {date} is already recorded",
        [ActivityNotParticipant] = "a district records only the activities it takes part in: name it among the parties",
        [ActivityUnknown] = "there is no joint-governance record {id}",
        [ActivityNotAwaiting] = "the record of {date} does not await the confirmation of {party}",

        // Requests and uploads (the web server)
        [UploadNotMultipart] = "send the upload as multipart/form-data with the field '{field}'",
        [UploadUnreadable] = "the upload cannot be read: {reason}",
        [UploadTooLarge] = "the upload is larger than {maxMb} MB",
        [UploadTooLargeAttachment] = "the upload is larger than {maxMb} MB; attach documents of at most 10 MB each",
        [UploadTooLargeImport] = "the upload is larger than {maxMb} MB; split it into several files (e.g. one year of results at a time)",
        [FileNone] = "choose a file (field '{field}')",
        [FileUploadTooLarge] = "'{name}' is larger than {maxMb} MB",
        [ImportKindInvalid] = "'{value}' is not a kind of import (expected scenario, bulletin or samples)",
        [MonthOnlyBulletin] = "a month is given with a bulletin only (its sheet may have no month column)",
        [FileTypeInvalid] = "'{name}' is neither a CSV file nor an Excel workbook (.csv, .xlsx, .xls)",
        [SectionsOnlySamples] = "a sections profile file (water body, TN) goes with a samples import only",
        [SectionsTooMany] = "one sections profile file is given at most; {count} were given",
        [SamplesFilesTooMany] = "a samples import takes one samples file and at most one sections profile file; {count} were given",
        [ImportFilesTooMany] = "a {kind} import takes one file; {count} were given",
        [WorkbookAndCsv] = "give either one workbook (a sheet per table) or CSV files named after their tables, not both",
        [FileNotATable] = "'{name}' is not named after a table of a scenario (expected {tables})",
        [FileGivenTwice] = "{name} is given twice",
        [FileNamesClash] = "two files are named '{name}'; give them different names",
        [SectionsNameClash] = "the samples file and the sections profile file are both named '{name}'; give them different names",
        [ProfilesNone] = "of two files, one is the samples and the other the sections profiles (a header with id and water_body or tn); neither of {files} looks like a sections profile file; send the profiles in the field 'sections'",
        [ProfilesBoth] = "of two files, one is the samples and the other the sections profiles (a header with id and water_body or tn); both of {files} look like a sections profile file; send the profiles in the field 'sections'",
        [ImportForbidden] = "importing a {kind} is for {roles}",
        [TableForbidden] = "{table}: importing it is for {roles}",
        [TableNotImported] = "{table}: exemptions are applied for and approved on the 免责 page, not imported",
        [UploadRejectedRows] = "{rows} row(s) rejected; nothing was imported; correct them and upload the file again",
        [UploadRejected] = "the upload is rejected; nothing was imported",
        [PeriodReversed] = "the period ends before it starts",
        [LimitOutOfRange] = "limit is 1…{max}",
        [OffsetNegative] = "offset is 0 or more",
        [ExportFormatInvalid] = "format '{value}' is not csv or xlsx",
        [EntryIdInvalid] = "'{value}' is not an entry id (a whole number, 1 or more)",
        [UserNameMissing] = "enter a user name",
        [PasswordMissing] = "enter the password",
        [UserNameTaken] = "this user name is taken",
        [PasswordRejected] = "the password is not accepted ({identity}): {reason}",
        [RoleRejected] = "the role cannot be changed ({identity}): {reason}",
        [RoleInvalid] = "role must be one of {roles}",
        [PartyRequiredForDistrict] = "a district user is bound to one party: name it",
        [PartyNotDistrict] = "'{party}' is not a district of the scheme",
        [PartyOnlyForDistrict] = "only a district user is bound to a party",
        [PartyRequiredForProvinceFinance] = "the other province's finance department is bound to its party: name it",
        [PartyNotOtherProvince] = "'{party}' is not a party of another province (R-EXT-2)",
        [RiverNotCrossProvince] = "river {river} has no party of another province: it has no cross-province statement",
        [CrossProvinceNotYours] = "river {river} is not an agreement of your party",
        [UserUnknown] = "there is no user '{user}'",
        [RoleOwn] = "you cannot change your own role",
        [RoleUnchanged] = "{user} already has this role",
        [UserNotLocked] = "{user} is not locked",
        [SignInFailed] = "user name or password is wrong",
        [AccountLocked] = "too many failed attempts: the account is locked for {minutes} minutes",
        [AntiforgeryInvalid] = "the anti-forgery token is missing or invalid; reload the page and try again",
        [RequestBad] = "bad request: {reason}",
        [PasswordCommon] = "the password is a common or leaked password, or one with a little decoration (such as Aa! or a year): choose another",
        [PasswordContainsUserName] = "the password must not contain the user name",
        [SignInFailedWarning] = "user name or password is wrong; {remaining} attempt(s) left before sign-in from here is locked",
        [TooManyRequests] = "too many requests: try again in {seconds} seconds",
        [UserSelf] = "you cannot lock or delete your own account",
        [AccountDisabled] = "this account is locked by the administrator; ask the administrator to unlock it",

        // PDF fonts
        [FontNone] = "no CJK font for the PDF: install Debian's fonts-droid-fallback (apt-get install fonts-droid-fallback, which provides {default}), or name a .ttf/.otf file with --font or ${variable}",
        [FontCollection] = "'{path}' is a TrueType collection (.ttc), which PDFsharp cannot embed; use a single .ttf/.otf such as {default}",
        [FontFileMissing] = "the font file '{path}' does not exist",
        [FontLatinNone] = "no Latin font for digits and amounts: install Debian's fonts-dejavu-core (provides {default}) or name a .ttf with ${variable}",
        [FontInvalid] = "'{path}' is not a TrueType or OpenType font file",
        [FolderMissing] = "no such folder: {folder}",

        // Words Liuyu itself writes where users read them (import sources, actors): stored as the English, worded by the page
        [ChainBrokenClear] = "the store does not verify ({problems} problems, first: {first}); clearing is refused until the auditor has looked (liuyu verify)",
        [ChainBrokenClose] = "the store does not verify ({problems} problems, first: {first}); closing is refused until the auditor has looked (liuyu verify)",
        [ChainKeyRequired] = "this store's ledger is sealed with a key: set LIUYU_CHAIN_KEY (server: Liuyu:ChainKey) to the key it was sealed with",
        [ChainBrokenReseal] = "the store does not verify ({problems} problems) under its present key; it is not re-sealed (run liuyu verify)",
        [ChainKeyTooShort] = "the chain key must be at least {min} characters long",
        [ChainKeyUnexpected] = "this store's ledger is sealed without a key; unset LIUYU_CHAIN_KEY to write to it",
        [SourceDemo] = "demo dataset (示例)",
        [ActorServer] = "liuyu server",
        [ActorAnonymous] = "anonymous",
        [ActorDemo] = "liuyu demo",
    };

    /// <summary>The English message of a code with its arguments; an unknown code or argument is left as written.</summary>
    public static string Format(string code, IReadOnlyDictionary<string, string> args)
    {
        if (!Templates.TryGetValue(code, out var template)) return args.Count == 0 ? code : $"{code} {{{string.Join(", ", args.Select(a => $"{a.Key}: {a.Value}"))}}}";
        foreach (var (name, value) in args) template = template.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return template;
    }

    /// <summary>Arguments as text: numbers, months and dates written invariantly, null as empty.</summary>
    public static IReadOnlyDictionary<string, string> Args(params (string Name, object? Value)[] args)
    {
        var d = new Dictionary<string, string>(args.Length, StringComparer.Ordinal);
        foreach (var (name, value) in args)
            d[name] = value switch
            {
                null => "",
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        return d;
    }
}
