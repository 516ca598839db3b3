using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Samples;

/// <summary>
/// One valid sample as a streaming reader hands it on: the fields of <see cref="Sample"/> and its provenance, by value
/// (no object per row). Values are in the indicator's unit, as <see cref="Sample.Create"/> converts them; the unit is
/// the one written (null when none was).
/// </summary>
public readonly record struct SampleRecord(
    string Section,
    DateTime SampledAt,
    Indicator Indicator,
    decimal? Value,
    bool BelowDetectionLimit,
    decimal? DetectionLimit,
    decimal? SaturationPercent,
    string? Unit,
    string? MeasuredBy,
    SampleSource Source,
    string? ImportedFrom,
    int? ImportedRow)
{
    /// <summary>The month key (YYYYMM) of <see cref="SampledAt"/>.</summary>
    public int MonthKey => SampledAt.Year * 100 + SampledAt.Month;

    /// <summary>Q-MEAN-3, as <see cref="Sample.EffectiveValue"/>: a non-detect counts as half the detection limit.</summary>
    public decimal EffectiveValue => BelowDetectionLimit ? DetectionLimit!.Value / 2m : Value!.Value;

    public static SampleRecord Of(Sample s) => new(s.SectionId, s.SampledAt, s.Indicator, s.Value, s.BelowDetectionLimit, s.DetectionLimit,
        s.SaturationPercent, s.OriginalUnit, s.Provenance.MeasuredBy, s.Provenance.Source, s.Provenance.ImportedFrom, s.Provenance.ImportedRow);
}

/// <summary>
/// Samples read one at a time into a sink, for an import whose memory must not grow with the file: a CSV file is
/// streamed (<see cref="SampleCsv"/>: read on one thread, parsed and handed on in file order on another); a workbook or a
/// wide table is read whole first. All-or-nothing as <see cref="SampleReader.Read"/>: every row is read, and when any is
/// bad the same <see cref="Csv.InputException"/> is thrown at the end; the sink sees no row after the first bad one, and
/// a caller writing inside a transaction rolls back.
/// </summary>
public sealed class SampleFeed
{
    private readonly Func<Action<SampleRecord>, IReadOnlyList<Csv.InputError>> _read;

    private SampleFeed(string file, Func<Action<SampleRecord>, IReadOnlyList<Csv.InputError>> read)
    {
        File = file;
        _read = read;
    }

    /// <summary>The file's name as errors and provenance give it.</summary>
    public string File { get; }

    /// <summary>Hands every valid row to <paramref name="sink"/> in file order; returns the reader's warnings.</summary>
    public IReadOnlyList<Csv.InputError> Read(Action<SampleRecord> sink) => _read(sink);

    /// <summary>A file by its extension, as <see cref="SampleReader.Read"/> reads it; a CSV file is streamed.</summary>
    public static SampleFeed Of(FileInfo file, SampleProvenance defaults, IndicatorCatalog? catalog = null, Csv.ReadLimits? limits = null)
    {
        catalog ??= IndicatorCatalog.Gb3838;
        if (!file.Exists || Spreadsheets.Workbook.IsWorkbookPath(file.FullName) || WideSamples.IsWide(file.FullName, catalog))
            return new SampleFeed(file.Name, sink => Feed(SampleReader.Read(file, defaults, catalog, limits), sink));
        return new SampleFeed(file.Name, sink =>
        {
            var bounds = limits ?? Csv.ReadLimits.Current;
            return SampleCsv.Stream(file.Name, SampleCsv.Source.OfFile(file.Name, file.FullName, bounds), defaults, catalog, bounds, sink);
        });
    }

    /// <summary>Samples already read (a workbook, a test).</summary>
    public static SampleFeed Of(SampleFile file, string name) => new(name, sink => Feed(file, sink));

    private static IReadOnlyList<Csv.InputError> Feed(SampleFile file, Action<SampleRecord> sink)
    {
        foreach (var s in file.Samples) sink(SampleRecord.Of(s));
        return file.Warnings;
    }
}
