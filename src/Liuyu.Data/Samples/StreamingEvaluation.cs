using System.Globalization;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Samples;

/// <summary>The monthly classes of a samples file with the reader's warnings.</summary>
public sealed record SampleEvaluation(IReadOnlyList<MonthlyEvaluation> Results, IReadOnlyList<InputError> Warnings);

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
        ReadLimits? limits = null, int? parallelism = null)
    {
        catalog ??= IndicatorCatalog.Gb3838;
        limits ??= ReadLimits.Current;
        if (!file.Exists) throw new InputException(new InputError(file.Name, null, null, ErrorCodes.FileNotFound, ("path", file.FullName)));
        if (Spreadsheets.Workbook.IsWorkbookPath(file.FullName) || WideSamples.IsWide(file.FullName, catalog))
        {
            var read = SampleReader.Read(file, SampleProvenance.Unknown, catalog, limits);
            return new SampleEvaluation(SectionEvaluator.EvaluateAll(read.Samples, profiles, catalog), read.Warnings);
        }
        return Evaluate(file.Name, SampleCsv.Source.OfFile(file.Name, file.FullName, limits), profiles, catalog, limits, parallelism);
    }

    /// <summary>Evaluates CSV bytes (tests, uploads).</summary>
    public static SampleEvaluation EvaluateCsv(string file, byte[] bytes, IReadOnlyDictionary<string, SectionProfile> profiles,
        IndicatorCatalog? catalog = null, ReadLimits? limits = null, int? parallelism = null)
    {
        catalog ??= IndicatorCatalog.Gb3838;
        limits ??= ReadLimits.Current;
        return Evaluate(file, SampleCsv.Source.OfBytes(file, bytes, limits), profiles, catalog, limits, parallelism);
    }

    private static SampleEvaluation Evaluate(string file, SampleCsv.Source source, IReadOnlyDictionary<string, SectionProfile> profiles,
        IndicatorCatalog catalog, ReadLimits limits, int? parallelism)
    {
        var threads = parallelism ?? Environment.ProcessorCount;
        var warnings = SampleCsv.Run(file, source, limits, threads, headers => new Worker(file, catalog, limits, headers), out var workers);

        // Merge every worker's totals into the first; the sums are exact, so the order of merging does not matter.
        var all = workers[0].Sections;
        foreach (var w in workers.Skip(1))
            foreach (var (section, months) in w.Sections)
            {
                if (!all.TryGetValue(section, out var into)) { all[section] = months; continue; }
                foreach (var (month, accs) in months)
                {
                    if (!into.TryGetValue(month, out var target)) { into[month] = accs; continue; }
                    for (var i = 0; i < accs.Length; i++)
                        if (accs[i] is { } a)
                        {
                            if (target[i] is null) target[i] = a;
                            else target[i]!.Merge(a);
                        }
                }
            }

        var groups = all
            .SelectMany(s => s.Value.Select(m => (Section: s.Key, Month: m.Key, Accs: m.Value)))
            .OrderBy(g => g.Section, StringComparer.Ordinal).ThenBy(g => g.Month)
            .ToList();
        var results = new MonthlyEvaluation[groups.Count];
        Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            var (section, month, accs) = groups[i];
            var sampled = new List<KeyValuePair<Indicator, IndicatorAccumulator>>();
            for (var k = 0; k < accs.Length; k++)
                if (accs[k] is { } a) sampled.Add(new(catalog.All[k], a));
            results[i] = SectionEvaluator.Evaluate(section, YearMonth.FromKey(month), profiles.GetValueOrDefault(section) ?? SectionProfile.River, sampled, catalog);
        });
        return new SampleEvaluation(results, warnings);
    }

    /// <summary>Parses rows from spans into this worker's own totals; a row the fast path does not accept goes through the exact rules.</summary>
    private sealed class Worker : SampleCsv.Worker
    {
        private static readonly int Section = SampleCsv.KeyIndex("section"), SampledAt = SampleCsv.KeyIndex("sampled_at"),
            IndicatorKey = SampleCsv.KeyIndex("indicator"), Value = SampleCsv.KeyIndex("value"), Unit = SampleCsv.KeyIndex("unit"),
            Flag = SampleCsv.KeyIndex("flag"), DetectionLimit = SampleCsv.KeyIndex("detection_limit"), Saturation = SampleCsv.KeyIndex("saturation"),
            Source = SampleCsv.KeyIndex("source");

        private readonly Dictionary<Indicator, int> _ordinal;
        private readonly Dictionary<string, Known?> _indicators = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Known?>.AlternateLookup<ReadOnlySpan<char>> _indicatorBySpan;

        /// <summary>An indicator as written in the file, with its position in the catalog and the factors of the units seen with it.</summary>
        private sealed class Known(Indicator indicator, int ordinal)
        {
            public Indicator Indicator { get; } = indicator;
            public int Ordinal { get; } = ordinal;
            public Dictionary<string, decimal?> Factors { get; } = new(StringComparer.Ordinal);
            public Dictionary<string, decimal?>.AlternateLookup<ReadOnlySpan<char>> FactorBySpan => field.Dictionary is null ? field = Factors.GetAlternateLookup<ReadOnlySpan<char>>() : field;
        }
        private readonly Dictionary<string, bool> _sources = new(StringComparer.Ordinal);
        private readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _sourceBySpan;
        private readonly Dictionary<string, Dictionary<int, IndicatorAccumulator?[]>>.AlternateLookup<ReadOnlySpan<char>> _sectionBySpan;

        public Dictionary<string, Dictionary<int, IndicatorAccumulator?[]>> Sections { get; } = new(StringComparer.Ordinal);

        public Worker(string file, IndicatorCatalog catalog, ReadLimits limits, Dictionary<string, string> headers)
            : base(file, SampleProvenance.Unknown, catalog, limits, headers)
        {
            _ordinal = catalog.All.Select((i, k) => (i, k)).ToDictionary(x => x.i, x => x.k);
            _indicatorBySpan = _indicators.GetAlternateLookup<ReadOnlySpan<char>>();
            _sourceBySpan = _sources.GetAlternateLookup<ReadOnlySpan<char>>();
            _sectionBySpan = Sections.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public override void Process(SampleCsv.Batch batch)
        {
            for (var r = 0; r < batch.Rows; r++)
                if (!TryFast(batch, r)) Accept(Slow(batch, r));
        }

        private void Accept(Sample? s)
        {
            if (s is null || ErrorTotal > 0) return;
            Totals(s.SectionId, s.Month.Key)[_ordinal[s.Indicator]] ??= new IndicatorAccumulator();
            Totals(s.SectionId, s.Month.Key)[_ordinal[s.Indicator]]!.Add(s);
        }

        // Rows come grouped (a section's indicators one after another), so the last section and month are remembered.
        private string _lastSection = "";
        private Dictionary<int, IndicatorAccumulator?[]>? _lastMonths;
        private int _lastMonth;
        private IndicatorAccumulator?[]? _lastTotals;

        private IndicatorAccumulator?[] Totals(ReadOnlySpan<char> section, int month)
        {
            if (_lastMonths is null || !section.SequenceEqual(_lastSection))
            {
                if (!_sectionBySpan.TryGetValue(section, out var found))
                {
                    found = [];
                    Sections[section.ToString()] = found;
                }
                _sectionBySpan.TryGetValue(section, out var key, out _);
                _lastSection = key!;
                _lastMonths = found;
                _lastTotals = null;
            }
            if (_lastTotals is null || _lastMonth != month)
            {
                if (!_lastMonths.TryGetValue(month, out var accs)) _lastMonths[month] = accs = new IndicatorAccumulator?[_ordinal.Count];
                _lastMonth = month;
                _lastTotals = accs;
            }
            return _lastTotals;
        }

        /// <summary>
        /// A row every rule accepts (the checks of <see cref="SampleReader.ParseRow"/> and <see cref="Sample.Create"/>), added
        /// to the totals; false for any row that might hold an error, which the exact rules then read.
        /// </summary>
        private bool TryFast(SampleCsv.Batch b, int r)
        {
            var section = b.Cell(r, Section);
            if (section.IsEmpty || !SampleDates.TryParse(b.Cell(r, SampledAt), out var at)) return false;
            if (Indicator(b.Cell(r, IndicatorKey)) is not { } known) return false;
            var indicator = known.Indicator;
            if (!Number(b.Cell(r, Value), out var value) || !Number(b.Cell(r, DetectionLimit), out var limit) || !Number(b.Cell(r, Saturation), out var saturation))
                return false;
            var flag = b.Cell(r, Flag);
            var below = flag.Length == 1 && (flag[0] is 'L' or 'l');
            if (!below && flag.Length > 0) return false;
            var source = b.Cell(r, Source);
            if (source.Length > 0 && !SourceOk(source)) return false;
            if (Factor(known, b.Cell(r, Unit)) is not { } factor) return false;

            decimal effective;
            if (limit is { } dl && dl <= 0) return false;
            if (below)
            {
                if (limit is null) return false;
                effective = limit.Value * factor / 2m;
            }
            else
            {
                if (value is not { } v || v < 0 || (indicator.IsPh && v > 14)) return false;
                effective = v * factor;
            }
            if (saturation is < 0) return false;
            if (ErrorTotal > 0) return true;
            var accs = Totals(section, at.Year * 100 + at.Month);
            (accs[known.Ordinal] ??= new IndicatorAccumulator()).Add(indicator.IsPh, effective, indicator.IsDissolvedOxygen ? saturation : null);
            return true;
        }

        private static bool Number(ReadOnlySpan<char> text, out decimal? value)
        {
            value = null;
            if (text.IsEmpty) return true;
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return false;
            value = d;
            return true;
        }

        private Known? Indicator(ReadOnlySpan<char> text)
        {
            if (_indicatorBySpan.TryGetValue(text, out var known)) return known;
            var s = text.ToString();
            known = IndicatorNames.TryFind(Catalog, s, out var found, out var unitInName) && unitInName is null ? new Known(found, _ordinal[found]) : null;
            _indicators[s] = known;
            return known;
        }

        private static decimal? Factor(Known known, ReadOnlySpan<char> unit)
        {
            if (known.FactorBySpan.TryGetValue(unit, out var factor)) return factor;
            var s = unit.ToString();
            factor = ConcentrationUnit.TryFactor(known.Indicator, s.Length > 0 ? s : null, out var f) ? f : null;
            known.Factors[s] = factor;
            return factor;
        }

        private bool SourceOk(ReadOnlySpan<char> text)
        {
            if (_sourceBySpan.TryGetValue(text, out var ok)) return ok;
            var s = text.ToString();
            return _sources[s] = SampleReader.TryParseSource(s, out _);
        }
    }
}
