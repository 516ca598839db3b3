using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Quality;
using nietras.SeparatedValues;

namespace Liuyu.Data.Samples;

/// <summary>
/// <c>samples.csv</c> streamed: Sep splits records on the reading thread, which copies the sample columns of each row
/// into a batch of 4,096 rows (no string per field); workers parse batches from spans and hand each valid row to their
/// own sink. A bounded queue keeps at most a few batches in memory, so memory does not grow with the file. With several
/// workers and a plain file, there is no reading thread: each worker reads its own chunks (SampleCsv.Split.cs). Errors are
/// exactly those of <see cref="SampleReader.ParseRow"/> (file, row, column, code): any row the fast path cannot accept
/// is read again through it.
/// </summary>
internal static partial class SampleCsv
{
    private const int BatchRows = 4096;

    /// <summary>Where the CSV text comes from: a file streamed through a strict UTF-8 reader, or bytes already in memory.</summary>
    internal sealed class Source
    {
        private readonly Func<SepReader> _open;
        private readonly string? _path;
        private readonly byte[]? _bytes;

        private Source(Func<SepReader> open, string? path, byte[]? bytes) { _open = open; _path = path; _bytes = bytes; }

        public static Source OfFile(string file, string path, ReadLimits limits)
        {
            CsvText.CheckSize(file, new FileInfo(path).Length, limits);
            return new Source(() => CsvText.Options.From(CsvText.OpenStrict(path)), path, null);
        }

        /// <summary>Bytes in memory; decoded (strictly, a bad byte an error) only when read through Sep.</summary>
        public static Source OfBytes(string file, byte[] bytes, ReadLimits limits)
        {
            CsvText.CheckSize(file, bytes.LongLength, limits);
            return new Source(() => CsvText.Options.FromText(CsvText.Decode(file, bytes)), null, bytes);
        }

        public SepReader Open() => _open();

        /// <summary>The raw bytes by offset, for the split reading (<see cref="TrySplit{TWorker}"/>).</summary>
        public RawBytes OpenRaw() => _bytes is not null ? new RawBytes(_bytes) : new RawBytes(File.OpenHandle(_path!, FileMode.Open, FileAccess.Read, FileShare.Read));

        public InputException? NotUtf8(string file) => _path is null ? null : CsvText.LocateBadByte(file, _path);
    }

    /// <summary>Rows of the sample columns (in <see cref="SampleReader.Columns"/> order) as spans over one buffer.</summary>
    internal sealed class Batch
    {
        public static readonly int Keys = SampleReader.Columns.Count;
        public char[] Text;
        public int Length;
        public readonly int[] Start = new int[BatchRows * Keys];
        public readonly int[] Count = new int[BatchRows * Keys];
        public readonly int[] Row = new int[BatchRows];
        public int Rows;

        public Batch() => Text = new char[1 << 18];

        /// <summary>A batch whose cells are set in place over <paramref name="text"/> (<see cref="Set"/>), not copied.</summary>
        public Batch(char[] text) => Text = text;

        public void Clear() { Length = 0; Rows = 0; }

        // Called for every cell of every row: inlined, as tiered compilation does on its own and ahead-of-time compilation
        // (the CLI's native front) otherwise did not (its evaluate 4 M, side by side, 4 runs each: 0.85 -> 0.79 s).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Set(int row, int key, int start, int count)
        {
            Start[row * Keys + key] = start;
            Count[row * Keys + key] = count;
        }

        public void Put(int row, int key, ReadOnlySpan<char> text)
        {
            text = text.Trim();
            if (Length + text.Length > Text.Length) Array.Resize(ref Text, Math.Max(Text.Length * 2, Length + text.Length));
            text.CopyTo(Text.AsSpan(Length));
            Start[row * Keys + key] = Length;
            Count[row * Keys + key] = text.Length;
            Length += text.Length;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<char> Cell(int row, int key) => Text.AsSpan(Start[row * Keys + key], Count[row * Keys + key]);

        public string CellText(int row, int key) => Cell(row, key).ToString();
    }

    /// <summary>What a worker does with its batches; one instance per worker, merged by the caller afterwards.</summary>
    internal abstract class Worker(string file, SampleProvenance defaults, IndicatorCatalog catalog, ReadLimits limits, Dictionary<string, string> headers)
    {
        protected string File { get; } = file;
        protected SampleProvenance Defaults { get; } = defaults;
        protected IndicatorCatalog Catalog { get; } = catalog;
        public List<InputError> Errors { get; } = [];
        public int ErrorTotal { get; private set; }

        public abstract void Process(Batch batch);

        /// <summary>The row through the exact rules; its errors are kept up to <see cref="ReadLimits.MaxErrors"/>, all counted.</summary>
        protected Sample? Slow(Batch batch, int r)
        {
            var errors = new List<InputError>();
            var sample = SampleReader.ParseRow(File, batch.Row[r], key => batch.CellText(r, KeyIndex(key)), key => headers.GetValueOrDefault(key, key),
                Defaults, Catalog, errors);
            ErrorTotal += errors.Count;
            foreach (var e in errors)
                if (Errors.Count < limits.MaxErrors) Errors.Add(e);
            return sample;
        }
    }

    private static readonly Dictionary<string, int> KeyIndexes = SampleReader.Columns.Select((c, i) => (c.Key, i)).ToDictionary(x => x.Key, x => x.i);

    internal static int KeyIndex(string key) => KeyIndexes[key];

    /// <summary>
    /// Streams the file through <paramref name="workers"/> (created once the header is known); 1 worker runs on the
    /// reading thread, in file order. Throws the first errors (at most <see cref="ReadLimits.MaxErrors"/>, in row order,
    /// with the total) when any row is bad; returns the header warnings otherwise.
    /// </summary>
    /// <remarks>
    /// <paramref name="offThread"/> with one worker: that worker runs on a thread of its own, still in file order, so reading
    /// and parsing overlap with what the worker does with the rows (an import writing them to its store).
    /// With more than one worker, a plain file is first read split (<see cref="TrySplit{TWorker}"/>): each worker reads its
    /// own pieces of the file, with no reading thread between; a file that needs the exact reader is read as above, by new
    /// workers, the split reading's being thrown away. So a worker of several must keep what it makes to itself until the
    /// caller takes it (the evaluation's running totals), never hand rows on as it reads them.
    /// </remarks>
    public static IReadOnlyList<InputError> Run<TWorker>(string file, Source source, ReadLimits limits, int parallelism,
        Func<Dictionary<string, string>, TWorker> newWorker, out List<TWorker> workers, bool offThread = false, Split? split = null) where TWorker : Worker
    {
        if (parallelism > 1 && !offThread && split is not { ChunkBytes: <= 0 })
        {
            var read = TrySplit(file, source, limits, parallelism, split ?? Split.Default, newWorker, out workers, out var splitWarnings);
            split?.Read?.Invoke(read);
            if (read) return ThrowErrors(workers, limits) ?? splitWarnings;
        }

        workers = [];
        List<InputError> warnings = [];
        using var queue = new BlockingCollection<Batch>(boundedCapacity: Math.Max(2, parallelism * 2));
        var free = new ConcurrentBag<Batch>();
        // A worker that fails (a bug) stops the reading thread instead of leaving it waiting on a full queue.
        using var failed = new CancellationTokenSource();
        var tasks = new List<Task>();
        TWorker? inline = null;
        try
        {
            var keyToCol = new int[Batch.Keys];
            string[]? header = null;
            var records = 0;
            var batch = new Batch();
            try
            {
                // Sep reads the first block when opened, so a bad byte can already show here.
                using var reader = source.Open();
                while (reader.MoveNext())
                {
                    if (records++ > limits.MaxRows)
                        throw new InputException(new InputError(file, CsvText.LineOf(reader.Current), null, ErrorCodes.RowsTooMany, ("limit", limits.MaxRows)));
                    if (header is null)
                    {
                        header = HeaderOf(file, reader, limits);
                        var (index, headers, w) = CsvTable.ResolveHeader(file, CsvText.LineOf(reader.Current), header, SampleReader.Columns, limits);
                        warnings = w;
                        for (var k = 0; k < Batch.Keys; k++) keyToCol[k] = index.GetValueOrDefault(SampleReader.Columns[k].Key, -1);
                        if (parallelism <= 1 && !offThread) workers.Add(inline = newWorker(headers));
                        else
                            for (var i = 0; i < Math.Max(1, parallelism); i++)
                            {
                                var worker = newWorker(headers);
                                workers.Add(worker);
                                tasks.Add(Task.Factory.StartNew(() =>
                                {
                                    try
                                    {
                                        foreach (var b in queue.GetConsumingEnumerable())
                                        {
                                            worker.Process(b);
                                            b.Clear();
                                            free.Add(b);
                                        }
                                    }
                                    catch
                                    {
                                        failed.Cancel();
                                        throw;
                                    }
                                }, TaskCreationOptions.LongRunning));
                            }
                        continue;
                    }
                    if (!Copy(file, reader, header, keyToCol, batch, limits)) continue;
                    if (batch.Rows == BatchRows)
                    {
                        ReadLimits.Token.ThrowIfCancellationRequested();
                        Hand(batch);
                        batch = free.TryTake(out var b) ? b : new Batch();
                    }
                }
            }
            catch (DecoderFallbackException)
            {
                throw source.NotUtf8(file) ?? throw new InvalidOperationException("bytes were decoded before reading");
            }
            if (header is null)
                throw new InputException(new InputError(file, 1, null, ErrorCodes.FileEmpty,
                    ("columns", string.Join(", ", SampleReader.Columns.Where(c => c.Required).Select(c => c.Key)))));
            if (batch.Rows > 0) Hand(batch);
        }
        finally
        {
            queue.CompleteAdding();
            try { Task.WaitAll(tasks); }
            catch (AggregateException ex) when (ex.InnerExceptions.Count == 1) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException!); }
        }

        return ThrowErrors(workers, limits) ?? warnings;

        void Hand(Batch b)
        {
            if (inline is not null) { inline.Process(b); b.Clear(); free.Add(b); }
            else queue.Add(b, failed.Token); // cancelled only when a worker failed: its exception is rethrown in finally
        }
    }

    /// <summary>Throws the first errors of all workers (in row order, with the total) when a row was bad; null otherwise.</summary>
    private static IReadOnlyList<InputError>? ThrowErrors<TWorker>(List<TWorker> workers, ReadLimits limits) where TWorker : Worker
    {
        var total = workers.Sum(w => w.ErrorTotal);
        if (total == 0) return null;
        var first = workers.SelectMany(w => w.Errors).OrderBy(e => e.Row).Take(limits.MaxErrors).ToList();
        throw new InputException(first, total);
    }

    private static string[] HeaderOf(string file, SepReader reader, ReadLimits limits)
    {
        var row = reader.Current;
        CsvText.CheckColumns(file, row, null, limits);
        var fields = new string[row.ColCount];
        var newlines = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            var raw = row[i].Span;
            fields[i] = CsvText.Field(file, raw, CsvText.LineOf(row), newlines, null, limits);
            if (raw.Length > 0 && raw[0] == '"') newlines += raw.Count('\n');
        }
        return fields;
    }

    /// <summary>Checks a data row against the limits and the quoting rules and copies its sample columns; false for a blank row.</summary>
    private static bool Copy(string file, SepReader reader, string[] header, int[] keyToCol, Batch batch, ReadLimits limits)
    {
        var row = reader.Current;
        CsvText.CheckColumns(file, row, header, limits);
        var n = row.ColCount;
        var blank = true;
        var quoted = false;
        for (var i = 0; i < n; i++)
        {
            var raw = row[i].Span;
            if (raw.Length > limits.MaxCellChars || raw.Contains('"')) { quoted = true; break; }
            if (blank && !raw.IsWhiteSpace()) blank = false;
        }
        var r = batch.Rows;
        if (quoted)
        {
            // The rare row with quotes or a long cell: through the exact field rules, one string per field.
            var fields = new string[n];
            var newlines = 0;
            for (var i = 0; i < n; i++)
            {
                var raw = row[i].Span;
                fields[i] = CsvText.Field(file, raw, CsvText.LineOf(row), newlines, CsvText.ColumnName(header, i), limits);
                if (raw.Length > 0 && raw[0] == '"') newlines += raw.Count('\n');
            }
            if (fields.All(string.IsNullOrWhiteSpace)) return false;
            for (var k = 0; k < Batch.Keys; k++)
                batch.Put(r, k, keyToCol[k] is var c && c >= 0 && c < n ? fields[c] : default);
        }
        else
        {
            if (blank) return false;
            for (var k = 0; k < Batch.Keys; k++)
                batch.Put(r, k, keyToCol[k] is var c && c >= 0 && c < n ? row[c].Span : default);
        }
        batch.Row[r] = CsvText.LineOf(row);
        batch.Rows++;
        return true;
    }

    /// <summary>The whole file as samples in file order (one worker on the reading thread).</summary>
    public static SampleFile ReadAll(string file, Source source, SampleProvenance defaults, IndicatorCatalog catalog, ReadLimits limits)
    {
        var warnings = Run(file, source, limits, 1, headers => new ListWorker(file, defaults, catalog, limits, headers), out var workers);
        return new SampleFile(workers[0].Samples, warnings);
    }

    private sealed class ListWorker(string file, SampleProvenance defaults, IndicatorCatalog catalog, ReadLimits limits, Dictionary<string, string> headers)
        : Worker(file, defaults, catalog, limits, headers)
    {
        public List<Sample> Samples { get; } = [];

        public override void Process(Batch batch)
        {
            for (var r = 0; r < batch.Rows; r++)
                if (Slow(batch, r) is { } s && ErrorTotal == 0) Samples.Add(s);
        }
    }

    /// <summary>
    /// Every valid row into <paramref name="sink"/>, in file order, on one worker thread beside the reading thread
    /// (<see cref="SampleFeed"/>); the sink sees no row once a bad one was read, and the errors are thrown at the end.
    /// </summary>
    public static IReadOnlyList<InputError> Stream(string file, Source source, SampleProvenance defaults, IndicatorCatalog catalog, ReadLimits limits,
        Action<SampleRecord> sink) =>
        Run(file, source, limits, 1, headers => new FeedWorker(file, defaults, catalog, limits, headers, sink), out _, offThread: true);

    private sealed class FeedWorker(string file, SampleProvenance defaults, IndicatorCatalog catalog, ReadLimits limits, Dictionary<string, string> headers,
        Action<SampleRecord> sink) : Worker(file, defaults, catalog, limits, headers)
    {
        private readonly FastRows _fast = new(file, defaults, catalog);

        public override void Process(Batch batch)
        {
            for (var r = 0; r < batch.Rows; r++)
            {
                if (_fast.TryRead(batch, r, out var record))
                {
                    if (ErrorTotal == 0) sink(record);
                }
                else if (Slow(batch, r) is { } s && ErrorTotal == 0) sink(SampleRecord.Of(s));
            }
        }
    }

    /// <summary>
    /// The fast path of a row: a row every rule accepts (the checks of <see cref="SampleReader.ParseRow"/> and
    /// <see cref="Sample.Create"/>) read from spans, with the same values they give; false for any row that might hold an
    /// error or need a rarer rule (ND, 0.01L, a unit in the indicator's name, quotes), which the exact rules then read.
    /// Strings met again (sections, units, who measured) are made once per reader.
    /// </summary>
    internal sealed class FastRows
    {
        private static readonly int Section = KeyIndex("section"), SampledAt = KeyIndex("sampled_at"), IndicatorKey = KeyIndex("indicator"),
            Value = KeyIndex("value"), Unit = KeyIndex("unit"), Flag = KeyIndex("flag"), DetectionLimit = KeyIndex("detection_limit"),
            Saturation = KeyIndex("saturation"), MeasuredBy = KeyIndex("measured_by"), SourceKey = KeyIndex("source");

        private readonly string _file;
        private readonly SampleProvenance _defaults;
        private readonly IndicatorCatalog _catalog;
        private readonly Dictionary<Indicator, int> _ordinal;
        private readonly Dictionary<string, Known?> _indicators = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Known?>.AlternateLookup<ReadOnlySpan<char>> _indicatorBySpan;
        private readonly Dictionary<string, SampleSource?> _sources = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SampleSource?>.AlternateLookup<ReadOnlySpan<char>> _sourceBySpan;
        private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stringBySpan;

        /// <summary>An indicator as written in the file, with its position in the catalog and the factors of the units seen with it.</summary>
        internal sealed class Known(Indicator indicator, int ordinal)
        {
            public Indicator Indicator { get; } = indicator;
            public int Ordinal { get; } = ordinal;
            public Dictionary<string, decimal?> Factors { get; } = new(StringComparer.Ordinal);
            public Dictionary<string, decimal?>.AlternateLookup<ReadOnlySpan<char>> FactorBySpan => field.Dictionary is null ? field = Factors.GetAlternateLookup<ReadOnlySpan<char>>() : field;

            /// <summary>The unit of the last row read with this indicator (a key of <see cref="Factors"/>), its factor, and whether that is exactly 1.</summary>
            public string? LastUnit { get; set; }
            public decimal? LastFactor { get; set; }
            public bool LastFactorIsOne { get; set; }
        }

        public FastRows(string file, SampleProvenance defaults, IndicatorCatalog catalog)
        {
            _file = file;
            _defaults = defaults;
            _catalog = catalog;
            _ordinal = catalog.All.Select((i, k) => (i, k)).ToDictionary(x => x.i, x => x.k);
            _indicatorBySpan = _indicators.GetAlternateLookup<ReadOnlySpan<char>>();
            _sourceBySpan = _sources.GetAlternateLookup<ReadOnlySpan<char>>();
            _stringBySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>The catalog position of an indicator (an accumulator array's index).</summary>
        public int OrdinalOf(Indicator indicator) => _ordinal[indicator];

        public int IndicatorCount => _ordinal.Count;

        public bool TryRead(Batch b, int r, out SampleRecord record)
        {
            record = default;
            var section = b.Cell(r, Section);
            if (section.IsEmpty || !SampledAtOf(b.Cell(r, SampledAt), out var at)) return false;
            if (IndicatorOf(b.Cell(r, IndicatorKey)) is not { } known) return false;
            var indicator = known.Indicator;
            if (!Number(b.Cell(r, Value), out var value) || !Number(b.Cell(r, DetectionLimit), out var limit) || !Number(b.Cell(r, Saturation), out var saturation))
                return false;
            var flag = b.Cell(r, Flag);
            var below = flag.Length == 1 && (flag[0] is 'L' or 'l');
            if (!below && flag.Length > 0) return false;
            var source = _defaults.Source;
            var sourceText = b.Cell(r, SourceKey);
            if (sourceText.Length > 0)
            {
                if (SourceOf(sourceText) is not { } s) return false;
                source = s;
            }
            var unit = b.Cell(r, Unit);
            if (Factor(known, unit) is not { } factor) return false;
            if (limit is { } dl && dl <= 0) return false;
            if (below)
            {
                if (limit is null) return false;
                value = null;
            }
            else
            {
                if (value is not { } v || decimal.IsNegative(v) && v != 0m || (indicator.IsPh && v > 14)) return false;
                // Times a factor of exactly 1 (no unit, or the indicator's own) is the value itself, scale and all.
                value = known.LastFactorIsOne ? v : v * factor;
            }
            if (saturation is < 0) return false;
            var measuredBy = b.Cell(r, MeasuredBy);
            record = new SampleRecord(Text(section, ref _lastSection), at, indicator, value, below, limit * factor, indicator.IsDissolvedOxygen ? saturation : null,
                unit.IsEmpty ? null : Text(unit, ref _lastUnit), measuredBy.IsEmpty ? _defaults.MeasuredBy : Text(measuredBy, ref _lastMeasuredBy),
                source, _file, b.Row[r]);
            LastOrdinal = known.Ordinal;
            return true;
        }

        /// <summary>The catalog position of the indicator of the row <see cref="TryRead"/> last accepted.</summary>
        public int LastOrdinal { get; private set; }

        private static bool IsOne(decimal factor) => factor == 1m && factor.Scale == 0;

        // Rows come grouped (a time's sections, or a section's times, each with several indicators), so the last time's
        // text and value are kept and compared before parsing again; only a successful parse is kept, and parsing is a
        // function of the text alone.
        private readonly char[] _atText = new char[32];
        private int _atLength = -1;
        private DateTime _at;

        private bool SampledAtOf(ReadOnlySpan<char> text, out DateTime at)
        {
            if (_atLength >= 0 && text.SequenceEqual(_atText.AsSpan(0, _atLength))) { at = _at; return true; }
            if (!SampleDates.TryParse(text, out at)) return false;
            if (text.Length <= _atText.Length)
            {
                text.CopyTo(_atText);
                _atLength = text.Length;
                _at = at;
            }
            return true;
        }

        // Rows come grouped (a section's indicators one after another, one unit for most), so the text of the previous
        // row is compared before any hashing.
        private string? _lastSection, _lastUnit, _lastMeasuredBy;

        private string Text(ReadOnlySpan<char> span, ref string? last)
        {
            if (last is not null && span.SequenceEqual(last)) return last;
            if (!_stringBySpan.TryGetValue(span, out var s))
            {
                s = span.ToString();
                _strings.Add(s);
            }
            return last = s;
        }

        private static bool Number(ReadOnlySpan<char> text, out decimal? value)
        {
            value = null;
            if (text.IsEmpty) return true;
            if (!PlainDecimal.TryParse(text, out var d) && !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return false;
            value = d;
            return true;
        }

        // A file's few indicator names by a cheap hash of their characters, compared in full before any dictionary is
        // hashed; a miss (or a collision) goes to the dictionary and takes the slot.
        private readonly (string Text, Known? Known)[] _recent = new (string, Known?)[64];

        private Known? IndicatorOf(ReadOnlySpan<char> text)
        {
            var slot = text.IsEmpty ? 0 : (text.Length * 31 + text[0] * 7 + text[^1] * 3 + text[text.Length >> 1]) & 63;
            ref var recent = ref _recent[slot];
            if (recent.Text is not null && text.SequenceEqual(recent.Text)) return recent.Known;
            if (!_indicatorBySpan.TryGetValue(text, out var known))
            {
                var name = text.ToString();
                known = IndicatorNames.TryFind(_catalog, name, out var found, out var unitInName) && unitInName is null ? new Known(found, _ordinal[found]) : null;
                _indicators[name] = known;
            }
            recent = (_indicatorBySpan.TryGetValue(text, out var key, out _) ? key : text.ToString(), known);
            return known;
        }

        private static decimal? Factor(Known known, ReadOnlySpan<char> unit)
        {
            // An indicator's rows nearly always carry one unit: the last one's factor is kept on the indicator.
            if (known.LastUnit is { } last && unit.SequenceEqual(last)) return known.LastFactor;
            if (!known.FactorBySpan.TryGetValue(unit, out var factor))
            {
                var s = unit.ToString();
                factor = ConcentrationUnit.TryFactor(known.Indicator, s.Length > 0 ? s : null, out var f) ? f : null;
                known.Factors[s] = factor;
            }
            known.FactorBySpan.TryGetValue(unit, out var unitKey, out _);
            known.LastUnit = unitKey;
            known.LastFactor = factor;
            known.LastFactorIsOne = factor is { } one && IsOne(one);
            return factor;
        }

        private SampleSource? SourceOf(ReadOnlySpan<char> text)
        {
            if (_sourceBySpan.TryGetValue(text, out var source)) return source;
            var s = text.ToString();
            return _sources[s] = SampleReader.TryParseSource(s, out var parsed) ? parsed : null;
        }
    }
}
