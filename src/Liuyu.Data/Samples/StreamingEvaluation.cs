using System.Globalization;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Samples;

/// <summary>The monthly classes of a samples file with the reader's warnings.</summary>
public sealed record SampleEvaluation(IReadOnlyList<MonthlyEvaluation> Results, IReadOnlyList<InputError> Warnings);

/// <summary>
/// The months of a samples file, ordered by section (ordinal) and month, each evaluated when asked: the indexer is pure and
/// may be called from several threads at once. A caller that writes each month as it goes (<c>evaluate --json</c>) holds
/// only the running totals, never every month's evaluation.
/// </summary>
public sealed class SampleMonths
{
    private readonly Func<int, MonthlyEvaluation> _evaluate;

    internal SampleMonths(int count, Func<int, MonthlyEvaluation> evaluate, IReadOnlyList<InputError> warnings)
    {
        Count = count;
        _evaluate = evaluate;
        Warnings = warnings;
    }

    public int Count { get; }

    public IReadOnlyList<InputError> Warnings { get; }

    /// <summary>The evaluation of the <paramref name="index"/>th month: made anew on each call from a CSV file's totals (a workbook is evaluated whole as it is read).</summary>
    public MonthlyEvaluation this[int index] => _evaluate(index);

    /// <summary>Every month, evaluated in parallel.</summary>
    public SampleEvaluation EvaluateAll(int? parallelism = null)
    {
        var results = new MonthlyEvaluation[Count];
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism ?? Environment.ProcessorCount) },
            i => results[i] = _evaluate(i));
        return new SampleEvaluation(results, Warnings);
    }
}

/// <summary>
/// <c>liuyu evaluate</c> over a samples CSV of any size (gb3838.md, R-DATA-3): the file is streamed and only running
/// totals per (section, month, indicator) are kept (<see cref="IndicatorAccumulator"/>), filled in parallel and merged,
/// so memory does not grow with the file. The results equal <see cref="SectionEvaluator.EvaluateAll"/> over
/// <see cref="SampleReader.Read"/>'s samples, and a bad file gives the same errors.
/// </summary>
public static class StreamingEvaluation
{
    /// <summary>Evaluates a CSV file; an .xlsx/.xls workbook is read whole and evaluated the same way.</summary>
    public static SampleEvaluation Evaluate(FileInfo file, IReadOnlyDictionary<string, SectionProfile> profiles, IndicatorCatalog? catalog = null,
        ReadLimits? limits = null, int? parallelism = null) =>
        Months(file, profiles, catalog, limits, parallelism).EvaluateAll(parallelism);

    /// <summary>Reads a file into its months' running totals, to be evaluated month by month (<see cref="SampleMonths"/>).</summary>
    public static SampleMonths Months(FileInfo file, IReadOnlyDictionary<string, SectionProfile> profiles, IndicatorCatalog? catalog = null,
        ReadLimits? limits = null, int? parallelism = null)
    {
        catalog ??= IndicatorCatalog.Gb3838;
        limits ??= ReadLimits.Current;
        if (!file.Exists) throw new InputException(new InputError(file.Name, null, null, ErrorCodes.FileNotFound, ("path", file.FullName)));
        if (Spreadsheets.Workbook.IsWorkbookPath(file.FullName) || WideSamples.IsWide(file.FullName, catalog))
        {
            var read = SampleReader.Read(file, SampleProvenance.Unknown, catalog, limits);
            var results = SectionEvaluator.EvaluateAll(read.Samples, profiles, catalog);
            return new SampleMonths(results.Count, i => results[i], read.Warnings);
        }
        return Months(file.Name, SampleCsv.Source.OfFile(file.Name, file.FullName, limits), profiles, catalog, limits, parallelism);
    }

    /// <summary>Evaluates CSV bytes (tests, uploads).</summary>
    public static SampleEvaluation EvaluateCsv(string file, byte[] bytes, IReadOnlyDictionary<string, SectionProfile> profiles,
        IndicatorCatalog? catalog = null, ReadLimits? limits = null, int? parallelism = null)
    {
        catalog ??= IndicatorCatalog.Gb3838;
        limits ??= ReadLimits.Current;
        return Months(file, SampleCsv.Source.OfBytes(file, bytes, limits), profiles, catalog, limits, parallelism).EvaluateAll(parallelism);
    }

    /// <summary>Evaluates CSV bytes cut as <paramref name="split"/> says (tests of the split reading: small chunks, or none).</summary>
    internal static SampleEvaluation EvaluateCsv(string file, byte[] bytes, IReadOnlyDictionary<string, SectionProfile> profiles, int parallelism,
        SampleCsv.Split split, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Current;
        return Months(file, SampleCsv.Source.OfBytes(file, bytes, limits), profiles, IndicatorCatalog.Gb3838, limits, parallelism, split)
            .EvaluateAll(parallelism);
    }

    private static SampleMonths Months(string file, SampleCsv.Source source, IReadOnlyDictionary<string, SectionProfile> profiles,
        IndicatorCatalog catalog, ReadLimits limits, int? parallelism, SampleCsv.Split? split = null)
    {
        var threads = parallelism ?? Environment.ProcessorCount;
        var warnings = SampleCsv.Run(file, source, limits, threads, headers => new Worker(file, catalog, limits, headers), out var workers, split: split);

        // Merge every worker's totals into the first, whose slots (indicators in the order it met them) the others' are
        // mapped onto; the sums are exact, so the order of merging does not matter.
        var first = workers[0];
        var all = first.Sections;
        foreach (var w in workers.Skip(1))
        {
            var map = new int[w.Ordinals.Count];
            for (var slot = 0; slot < map.Length; slot++) map[slot] = first.SlotOf(w.Ordinals[slot]);
            foreach (var (section, months) in w.Sections)
            {
                if (!all.TryGetValue(section, out var into)) all[section] = into = [];
                foreach (var (month, accs) in months)
                {
                    if (!into.TryGetValue(month, out var target)) target = [];
                    if (target.Length < first.Ordinals.Count) Array.Resize(ref target, first.Ordinals.Count);
                    into[month] = target;
                    for (var i = 0; i < accs.Length; i++)
                        if (accs[i] is { } a)
                        {
                            ref var t = ref target[map[i]];
                            if (t is null) t = a;
                            else t.Merge(a);
                        }
                }
            }
        }
        // The slots in catalog order: each month hands its indicators to the evaluator in the order it had before the slots
        // (the evaluator sorts what it lists, and its merges of TP into TP_LAKE are exact either way).
        var slotsInOrder = Enumerable.Range(0, first.Ordinals.Count).OrderBy(slot => first.Ordinals[slot]).ToArray();

        var groups = all
            .SelectMany(s => s.Value.Select(m => (Section: s.Key, Month: m.Key, Accs: m.Value)))
            .OrderBy(g => g.Section, StringComparer.Ordinal).ThenBy(g => g.Month)
            .ToArray();
        return new SampleMonths(groups.Length, i =>
        {
            var (section, month, accs) = groups[i];
            var count = 0;
            foreach (var a in accs) if (a is not null) count++;
            var sampled = new KeyValuePair<Indicator, IndicatorAccumulator>[count];
            var s = 0;
            foreach (var slot in slotsInOrder)
                if (slot < accs.Length && accs[slot] is { } a) sampled[s++] = new(catalog.All[first.Ordinals[slot]], a);
            return SectionEvaluator.Evaluate(section, YearMonth.FromKey(month), profiles.GetValueOrDefault(section) ?? SectionProfile.River,
                sampled.AsSpan(), catalog);
        }, warnings);
    }

    /// <summary>Parses rows from spans into this worker's own totals; a row the fast path does not accept goes through the exact rules.</summary>
    /// <remarks>
    /// A month's totals are an array by slot: the worker numbers the indicators in the order it meets them (a file names
    /// a few of the catalog's), so a national file's 48,000 section-months do not each carry a place for every indicator
    /// of the catalog: reading 4 M samples allocated 58 MB before, 53 MB now (memory touched for the first time costs time).
    /// </remarks>
    private sealed class Worker : SampleCsv.Worker
    {
        private readonly SampleCsv.FastRows _fast;
        private readonly int[] _slotOf;

        public Dictionary<string, Dictionary<int, IndicatorAccumulator?[]>> Sections { get; } = new(StringComparer.Ordinal);

        /// <summary>The catalog position of the indicator in each slot.</summary>
        public List<int> Ordinals { get; } = [];

        public Worker(string file, IndicatorCatalog catalog, ReadLimits limits, Dictionary<string, string> headers)
            : base(file, SampleProvenance.Unknown, catalog, limits, headers)
        {
            _fast = new SampleCsv.FastRows(file, SampleProvenance.Unknown, catalog);
            _slotOf = new int[_fast.IndicatorCount];
            Array.Fill(_slotOf, -1);
        }

        /// <summary>The slot of the indicator at catalog position <paramref name="ordinal"/>, numbered anew when first met.</summary>
        public int SlotOf(int ordinal)
        {
            var slot = _slotOf[ordinal];
            if (slot < 0)
            {
                slot = _slotOf[ordinal] = Ordinals.Count;
                Ordinals.Add(ordinal);
            }
            return slot;
        }

        public override void Process(SampleCsv.Batch batch)
        {
            for (var r = 0; r < batch.Rows; r++)
            {
                if (_fast.TryRead(batch, r, out var record)) Accept(record, _fast.LastOrdinal);
                else if (Slow(batch, r) is { } s) Accept(SampleRecord.Of(s), _fast.OrdinalOf(s.Indicator));
            }
        }

        private void Accept(in SampleRecord s, int ordinal)
        {
            if (ErrorTotal > 0) return;
            if (s.SampledAt != _lastAt)
            {
                _lastAt = s.SampledAt;
                _lastAtMonth = s.MonthKey;
            }
            var slot = SlotOf(ordinal);
            var accs = Totals(s.Section, _lastAtMonth);
            if (slot >= accs.Length)
            {
                Array.Resize(ref accs, Ordinals.Count);
                _lastMonths![_lastMonth] = _lastTotals = accs;
            }
            (accs[slot] ??= new IndicatorAccumulator()).Add(s.Indicator.IsPh, s.EffectiveValue, s.SaturationPercent);
        }

        // Rows come grouped (a section's indicators one after another), so the last section and month are remembered;
        // the fast path gives the same string object for the same section, so comparing references is enough.
        private string? _lastSection;
        private Dictionary<int, IndicatorAccumulator?[]>? _lastMonths;
        private int _lastMonth;
        private IndicatorAccumulator?[]? _lastTotals;
        private DateTime _lastAt = DateTime.MinValue;
        private int _lastAtMonth = DateTime.MinValue.Year * 100 + DateTime.MinValue.Month;

        private IndicatorAccumulator?[] Totals(string section, int month)
        {
            if (_lastMonths is null || !ReferenceEquals(section, _lastSection) && section != _lastSection)
            {
                if (!Sections.TryGetValue(section, out var found)) Sections[section] = found = [];
                _lastSection = section;
                _lastMonths = found;
                _lastTotals = null;
            }
            if (_lastTotals is null || _lastMonth != month)
            {
                if (!_lastMonths.TryGetValue(month, out var accs)) _lastMonths[month] = accs = new IndicatorAccumulator?[Ordinals.Count];
                _lastMonth = month;
                _lastTotals = accs;
            }
            return _lastTotals;
        }
    }
}
