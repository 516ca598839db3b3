using Liuyu.Domain.Ledger;
using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Quality;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    private const int MaxReportedErrors = 100;

    /// <summary>
    /// Reads <c>samples.csv</c> or an .xlsx workbook and imports it (see <see cref="ImportSamples(SampleFile, string, string, IReadOnlyDictionary{string, SectionProfile}?)"/>).
    /// </summary>
    public SampleImportReport ImportSamples(FileInfo samples, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null) =>
        ImportSamples(SampleReader.Read(samples, new SampleProvenance(null, SampleSource.Unspecified)), samples.FullName, who, profiles);

    /// <summary>
    /// Stores the samples with their provenance and recomputes every section-month they touch from all stored
    /// samples of that section-month, in one transaction: all or nothing. A sample of a section the store does not
    /// know is an input error naming file, row and column. A sample equal to a stored one is not stored twice, so
    /// importing the same file again changes nothing (R-LEDGER-3 holds for the accounting that follows).
    /// <paramref name="profiles"/> gives sections' water body and TN opt-in; a section not listed keeps the profile
    /// of its earlier computed results, or is a river without TN.
    /// </summary>
    public SampleImportReport ImportSamples(SampleFile file, string source, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null)
    {
        var known = _db.Sections.AsNoTracking().Select(s => s.Id).ToHashSet();
        var unknown = file.Samples.Where(s => !known.Contains(s.SectionId)).ToList();
        if (unknown.Count > 0)
        {
            var errors = unknown.Take(MaxReportedErrors)
                .Select(s => new InputError(s.Provenance.ImportedFrom ?? source, s.Provenance.ImportedRow, "section", ErrorCodes.SectionNotImported, ("section", s.SectionId)))
                .ToList();
            if (unknown.Count > MaxReportedErrors)
                errors.Add(new InputError(file.Samples[0].Provenance.ImportedFrom ?? source, null, "section", ErrorCodes.SectionsMoreUnknown, ("count", unknown.Count - MaxReportedErrors)));
            throw new InputException(errors);
        }

        var now = _clock.GetUtcNow();
        // Inside a rehearsal (a dry run, see Rehearse) the caller's transaction is used and rolled back.
        using var tx = _db.Database.CurrentTransaction is null ? _db.BeginWrite() : null;
        var batch = new ImportBatchRow { Source = source, ImportedBy = who, ImportedAt = now, Rows = file.Samples.Count, Summary = "" };
        _db.ImportBatches.Add(batch);
        _db.SaveChanges();

        var keys = file.Samples.Select(s => (s.SectionId, s.Month.Key)).ToHashSet();
        var stored = StoredSamples(keys);
        var seen = stored.Select(Identity).ToHashSet();
        var fresh = new List<SampleRow>();
        foreach (var s in file.Samples)
        {
            var row = ToRow(s, batch.Id, now, who);
            if (seen.Contains(Identity(row))) continue;
            fresh.Add(row);
        }
        BulkWriter.Insert(_db, "samples", SampleColumns, fresh);

        var (recomputed, changed) = Recompute(keys, stored.Concat(fresh), profiles ?? new Dictionary<string, SectionProfile>(), batch.Id, now);

        // The summary in the form the page words ("table +inserted; table ~updated; table =unchanged"), never a sentence.
        batch.Summary = $"samples +{fresh.Count}; samples ={file.Samples.Count - fresh.Count}; computed_results ~{changed}; computed_results ={recomputed - changed}";
        Audit("import.samples", source, null, new { batch = batch.Id, read = file.Samples.Count, stored = fresh.Count, alreadyStored = file.Samples.Count - fresh.Count, recomputed, changed, warnings = file.Warnings.Count, profiles = profiles?.Count });
        _db.SaveChanges();
        tx?.Commit();
        _db.ChangeTracker.Clear();
        return new SampleImportReport(batch.Id, source, file.Samples.Count, fresh.Count, file.Samples.Count - fresh.Count, recomputed, changed, file.Warnings);
    }

    /// <summary>Every computed result, by section (registration order) and month.</summary>
    public IReadOnlyList<ComputedResult> ComputedResults()
    {
        var order = SectionOrder();
        return _db.ComputedResults.AsNoTracking().AsEnumerable()
            .OrderBy(r => order.GetValueOrDefault(r.SectionId, int.MaxValue)).ThenBy(r => r.SectionId, StringComparer.Ordinal).ThenBy(r => r.Month)
            .Select(ToDomain).ToList();
    }

    /// <summary>The computed result of one section-month, or null when no sample of it was imported.</summary>
    public ComputedResult? ComputedFor(SectionId section, YearMonth month) =>
        _db.ComputedResults.AsNoTracking().Where(r => r.SectionId == section.Value && r.Month == month.Key).AsEnumerable().Select(ToDomain).SingleOrDefault();

    /// <summary>
    /// Every section-month where the latest imported result and a computed class differ: the imported class (or
    /// its absence, R-DATA-4) wins (<see cref="ResultPrecedence"/>), and this report is where the difference is seen.
    /// </summary>
    public IReadOnlyList<ResultDisagreement> Disagreements()
    {
        var imported = new Dictionary<(string, int), ResultRow>();
        // Only the section-months that also have a computed result: the results table is the large one.
        var candidates = _db.Results.AsNoTracking().Where(r => _db.ComputedResults.Any(c => c.SectionId == r.SectionId && c.Month == r.Month));
        foreach (var r in candidates.OrderBy(r => r.Revision).AsEnumerable()) imported[(r.SectionId, r.Month)] = r;
        var list = new List<ResultDisagreement>();
        foreach (var c in ComputedResults())
        {
            if (c.Class is not { } computedClass) continue;
            if (!imported.TryGetValue((c.Section.Value, c.Month.Key), out var row)) continue;
            var latest = row.ToDomain();
            if (!ResultPrecedence.Disagree(latest, computedClass)) continue;
            list.Add(new ResultDisagreement(c.Section, c.Month, latest.Class, latest.Source, latest.Revision, latest.Note, computedClass, c.Deciding, c.SampleCount));
        }
        return list;
    }

    /// <summary>How many samples the store holds.</summary>
    public int SampleCount() => _db.Samples.Count();

    /// <summary>The stored samples of one section-month with their provenance, in order of sampling then storing.</summary>
    public IReadOnlyList<StoredSample> StoredSamples(SectionId section, YearMonth month) =>
        _db.Samples.AsNoTracking().Where(s => s.SectionId == section.Value && s.Month == month.Key).OrderBy(s => s.Id).AsEnumerable()
            .OrderBy(s => s.SampledAt)
            .Select(r => new StoredSample(r.Id, new SectionId(r.SectionId), r.SampledAt, r.Indicator, r.Value, r.BelowDetectionLimit, r.DetectionLimit,
                r.Unit, r.SaturationPercent, r.MeasuredBy, Mapping.Parse<SampleSource>(r.Source), r.ImportedFrom, r.ImportedRow, r.ImportBatchId,
                r.ImportedAt, r.ImportedBy))
            .ToList();

    /// <summary>
    /// The computed results the accounting reads: from the lab samples, except the section-months whose stations
    /// delivered enough valid hours (issue 14, R-DATA-3), which take the station's class instead.
    /// </summary>
    private IReadOnlyList<MonthlyResult> ComputedMonthlyResults()
    {
        var lab = _db.ComputedResults.AsNoTracking().AsEnumerable().Select(r => ToDomain(r).ToMonthlyResult()).ToList();
        var station = StationMonthlyResults();
        if (station.Count == 0) return lab;
        var fromStation = station.Select(r => (r.Section, r.Month)).ToHashSet();
        return [.. lab.Where(r => !fromStation.Contains((r.Section, r.Month))), .. station];
    }

    private Dictionary<string, int> SectionOrder() =>
        _db.Sections.AsNoTracking().Select(s => new { s.Id, s.Ordinal }).ToDictionary(s => s.Id, s => s.Ordinal);

    private List<SampleRow> StoredSamples(HashSet<(string Section, int Month)> keys)
    {
        var sections = keys.Select(k => k.Section).Distinct().ToList();
        var months = keys.Select(k => k.Month).Distinct().ToList();
        return _db.Samples.AsNoTracking().Where(s => sections.Contains(s.SectionId) && months.Contains(s.Month)).AsEnumerable()
            .Where(s => keys.Contains((s.SectionId, s.Month))).ToList();
    }

    /// <summary>Evaluates each section-month from the given samples and upserts its computed result when it changed.</summary>
    private (int Recomputed, int Changed) Recompute(HashSet<(string Section, int Month)> keys, IEnumerable<SampleRow> samples,
        IReadOnlyDictionary<string, SectionProfile> given, long batchId, DateTimeOffset now)
    {
        var sections = keys.Select(k => k.Section).Distinct().ToList();
        var existing = _db.ComputedResults.Where(r => sections.Contains(r.SectionId)).ToList();
        var bySectionMonth = existing.ToDictionary(r => (r.SectionId, r.Month));
        var storedProfile = existing.GroupBy(r => r.SectionId).ToDictionary(g => g.Key, g => ProfileOf(g.OrderByDescending(r => r.Id).First()));

        var changed = 0;
        foreach (var group in samples.GroupBy(s => (s.SectionId, s.Month)))
        {
            var profile = given.GetValueOrDefault(group.Key.SectionId) ?? storedProfile.GetValueOrDefault(group.Key.SectionId) ?? SectionProfile.River;
            var month = YearMonth.FromKey(group.Key.Month);
            var rows = group.ToList();
            var evaluation = SectionEvaluator.Evaluate(group.Key.SectionId, month, profile, rows.Select(ToSample));
            var next = new ComputedResultRow
            {
                SectionId = group.Key.SectionId,
                Month = group.Key.Month,
                Class = evaluation.Class?.Ordinal,
                DecidingIndicators = string.Join(',', evaluation.Deciding.Select(i => i.Key)),
                ParticipatingIndicators = string.Join(',', evaluation.Participating.Select(i => i.Key)),
                SampleCount = rows.Count,
                WaterBody = Mapping.Name(profile.WaterBody),
                TotalNitrogen = profile.IncludesTotalNitrogen,
                ComputedAt = now,
                ImportBatchId = batchId,
            };
            if (bySectionMonth.TryGetValue(group.Key, out var row))
            {
                if (row.Class == next.Class && row.DecidingIndicators == next.DecidingIndicators && row.ParticipatingIndicators == next.ParticipatingIndicators
                    && row.SampleCount == next.SampleCount && row.WaterBody == next.WaterBody && row.TotalNitrogen == next.TotalNitrogen)
                    continue;
                row.Class = next.Class; row.DecidingIndicators = next.DecidingIndicators; row.ParticipatingIndicators = next.ParticipatingIndicators;
                row.SampleCount = next.SampleCount; row.WaterBody = next.WaterBody; row.TotalNitrogen = next.TotalNitrogen;
                row.ComputedAt = now; row.ImportBatchId = batchId;
            }
            else _db.ComputedResults.Add(next);
            changed++;
        }
        _db.SaveChanges();
        return (keys.Count, changed);
    }

    private static SectionProfile ProfileOf(ComputedResultRow r) => new(Mapping.Parse<WaterBody>(r.WaterBody), r.TotalNitrogen);

    private static ComputedResult ToDomain(ComputedResultRow r) => new(new SectionId(r.SectionId), YearMonth.FromKey(r.Month),
        r.Class is { } c ? WaterClass.FromOrdinal(c) : null, Split(r.DecidingIndicators), Split(r.ParticipatingIndicators), r.SampleCount,
        ProfileOf(r), r.ComputedAt, r.ImportBatchId);

    private static IReadOnlyList<string> Split(string keys) => keys.Length == 0 ? [] : keys.Split(',');

    private static SampleRow ToRow(Sample s, long batchId, DateTimeOffset now, string who) => new()
    {
        SectionId = s.SectionId,
        SampledAt = s.SampledAt,
        Month = s.Month.Key,
        Indicator = s.Indicator.Key,
        Value = s.Value,
        BelowDetectionLimit = s.BelowDetectionLimit,
        DetectionLimit = s.DetectionLimit,
        Unit = s.OriginalUnit,
        SaturationPercent = s.SaturationPercent,
        MeasuredBy = s.Provenance.MeasuredBy,
        Source = Mapping.Name(s.Provenance.Source),
        ImportedFrom = s.Provenance.ImportedFrom,
        ImportedRow = s.Provenance.ImportedRow,
        ImportBatchId = batchId,
        ImportedAt = now,
        ImportedBy = who,
    };

    /// <summary>
    /// A stored sample back as a domain sample. Value and detection limit are stored in the indicator's unit, so
    /// the unit given to <see cref="Sample.Create"/> is none (the indicator's own, Q-UNIT-1).
    /// </summary>
    private static Sample ToSample(SampleRow r)
    {
        var problems = new List<SampleProblem>();
        var provenance = new SampleProvenance(r.MeasuredBy, Mapping.Parse<SampleSource>(r.Source), r.ImportedFrom, r.ImportedRow, r.ImportedAt);
        var sample = Sample.Create(new SampleInput(r.SectionId, r.SampledAt, IndicatorCatalog.Gb3838[r.Indicator], r.Value, null,
            r.BelowDetectionLimit, r.DetectionLimit, r.SaturationPercent, provenance), problems);
        return sample ?? throw new InvalidOperationException(
            $"stored sample {r.Id} ({r.SectionId} {r.SampledAt:s} {r.Indicator}) is no longer valid: {string.Join("; ", problems.Select(p => p.Message))}");
    }

    /// <summary>What makes two samples the same measurement: everything measured and who measured it, not when it was imported.</summary>
    private static (string, DateTime, string, decimal?, bool, decimal?, decimal?, string?, string) Identity(SampleRow r) =>
        (r.SectionId, r.SampledAt, r.Indicator, r.Value, r.BelowDetectionLimit, r.DetectionLimit, r.SaturationPercent, r.MeasuredBy, r.Source);

    private static readonly BulkColumn<SampleRow>[] SampleColumns =
    [
        new("section_id", NpgsqlDbType.Text, r => r.SectionId),
        new("sampled_at", NpgsqlDbType.Timestamp, r => r.SampledAt),
        new("month", NpgsqlDbType.Integer, r => r.Month),
        new("indicator", NpgsqlDbType.Text, r => r.Indicator),
        new("value", NpgsqlDbType.Numeric, r => r.Value),
        new("below_detection_limit", NpgsqlDbType.Boolean, r => r.BelowDetectionLimit),
        new("detection_limit", NpgsqlDbType.Numeric, r => r.DetectionLimit),
        new("unit", NpgsqlDbType.Text, r => r.Unit),
        new("saturation_percent", NpgsqlDbType.Numeric, r => r.SaturationPercent),
        new("measured_by", NpgsqlDbType.Text, r => r.MeasuredBy),
        new("source", NpgsqlDbType.Text, r => r.Source),
        new("imported_from", NpgsqlDbType.Text, r => r.ImportedFrom),
        new("imported_row", NpgsqlDbType.Integer, r => r.ImportedRow),
        new("import_batch_id", NpgsqlDbType.Bigint, r => r.ImportBatchId),
        new("imported_at", NpgsqlDbType.TimestampTz, r => r.ImportedAt),
        new("imported_by", NpgsqlDbType.Text, r => r.ImportedBy),
    ];
}
