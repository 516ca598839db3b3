using System.Buffers;
using System.Text.Json;

namespace Liuyu.Data.Contracts;

/// <summary>
/// The items of a long JSON array (a national year's 240,000 ledger lines, 24,000 evaluated months) written on every
/// core, with the bytes of one writer: runs of items are written in parallel, each by a writer of its own that stands at
/// the items' depth (so it indents them the same), and handed to the document's writer in order as raw values, each
/// with the line break and indentation that writer would have put before it. Only a few runs are held at a time.
/// </summary>
public static class JsonItems
{
    /// <summary>
    /// Writes items 0 … <paramref name="count"/>−1 into the array <paramref name="w"/> has just opened, at nesting
    /// <paramref name="depth"/> (an array that is a property of the root object: 2). <paramref name="writeItem"/> writes
    /// one item and says whether it wrote one (false: nothing, the item is left out); it must be safe to call from
    /// several threads at once. <paramref name="afterWave"/> runs after each wave of runs (between waves nothing made
    /// for the last one is referenced any more).
    /// </summary>
    public static void Write(Utf8JsonWriter w, JsonWriterOptions options, int depth, int count, Func<Utf8JsonWriter, int, bool> writeItem,
        int? parallelism = null, int run = 256, Action? afterWave = null)
    {
        var threads = Math.Max(1, parallelism ?? Environment.ProcessorCount);
        var runs = (count + run - 1) / run;
        if (threads == 1 || runs <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                writeItem(w, i);
                if (w.BytesPending > FlushAt) w.Flush();
            }
            return;
        }

        var wave = new Run[threads * 2];
        for (var k = 0; k < wave.Length; k++) wave[k] = new Run(options, depth);
        for (var first = 0; first < runs; first += wave.Length)
        {
            var n = Math.Min(wave.Length, runs - first);
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
            {
                var from = (first + k) * run;
                wave[k].Write(from, Math.Min(count, from + run), writeItem);
            });
            afterWave?.Invoke();
            for (var k = 0; k < n; k++)
            {
                var bytes = wave[k].Bytes;
                var ends = wave[k].Ends;
                for (int j = 0, start = wave[k].Start; j < ends.Count; start = ends[j++])
                {
                    // A run's items after its first are preceded by the comma its writer put between them; ours puts its own.
                    var item = bytes[start..ends[j]];
                    w.WriteRawValue(item[0] == (byte)',' ? item[1..] : item, skipInputValidation: true);
                    if (w.BytesPending > FlushAt) w.Flush();
                }
            }
        }
    }

    /// <summary>Past this, a writer into a stream flushes (it would otherwise hold a national year before writing it).</summary>
    private const int FlushAt = 64 * 1024;

    /// <summary>One run's bytes: its items, each with what precedes it (comma, line break, indentation), and where each ends.</summary>
    private sealed class Run
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
        private readonly Utf8JsonWriter _writer;
        private readonly int _depth;

        public Run(JsonWriterOptions options, int depth)
        {
            _depth = depth;
            // The run's own writer never checks nesting: it only ever opens the arrays that put its items at their depth.
            _writer = new Utf8JsonWriter(_buffer, options with { SkipValidation = true });
        }

        public List<int> Ends { get; } = [];

        public int Start { get; private set; }

        public ReadOnlySpan<byte> Bytes => _buffer.WrittenSpan;

        public void Write(int from, int to, Func<Utf8JsonWriter, int, bool> writeItem)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            Ends.Clear();
            for (var d = 0; d < _depth; d++) _writer.WriteStartArray();
            _writer.Flush();
            Start = (int)_writer.BytesCommitted;
            for (var i = from; i < to; i++)
            {
                if (!writeItem(_writer, i)) continue;
                _writer.Flush();
                Ends.Add((int)_writer.BytesCommitted);
            }
        }
    }
}
