using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using Liuyu.Data.Csv;
using Microsoft.Win32.SafeHandles;
using nietras.SeparatedValues;

namespace Liuyu.Data.Samples;

internal static partial class SampleCsv
{
    /// <summary>
    /// How a file is cut for the split reading: pieces of about <paramref name="ChunkBytes"/> (at line ends) handed to the
    /// workers in file order, each read in blocks of at most <paramref name="BlockBytes"/>; a chunk size of 0 turns it off.
    /// <paramref name="Read"/> hears whether a file was read split (true) or handed back to the exact reader (tests).
    /// </summary>
    internal sealed record Split(int ChunkBytes, int BlockBytes, Action<bool>? Read = null)
    {
        public static readonly Split Default = new(4 << 20, 1 << 20);
    }

    /// <summary>The bytes of a file (positional reads, so workers share one handle) or of an array.</summary>
    internal sealed class RawBytes : IDisposable
    {
        private readonly byte[]? _array;
        private readonly SafeFileHandle? _handle;

        public RawBytes(byte[] array) { _array = array; Length = array.LongLength; }

        public RawBytes(SafeFileHandle handle) { _handle = handle; Length = RandomAccess.GetLength(handle); }

        public long Length { get; }

        /// <summary>Up to <paramref name="count"/> bytes from <paramref name="offset"/>: a slice of the array, or read into <paramref name="buffer"/>.</summary>
        public ReadOnlySpan<byte> Read(long offset, int count, byte[] buffer)
        {
            count = (int)Math.Min(count, Length - offset);
            if (_array is not null) return _array.AsSpan((int)offset, count);
            var read = 0;
            while (read < count)
            {
                var n = RandomAccess.Read(_handle!, buffer.AsSpan(read, count - read), offset + read);
                if (n == 0) break; // the file shrank while read: the pieces then cannot be trusted, see TrySplit
                read += n;
            }
            return buffer.AsSpan(0, read);
        }

        public void Dispose() => _handle?.Dispose();
    }

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The split reading of a plain file, for the evaluation's parallel workers: the file is cut at line ends into chunks;
    /// each worker takes the next chunk, decodes it block by block and splits its lines at commas in place, with no string
    /// and no copy per field, into batches it processes itself. Rows are numbered from their chunk's start, and the errors
    /// kept get the numbers a spreadsheet shows once every chunk's lines are counted. A worker takes chunks in file
    /// order, so its first errors are its lowest rows, and the first errors of all workers are the first of the file.
    /// </summary>
    /// <remarks>
    /// Only what the exact reader (Sep, <see cref="Copy"/>) reads the same way is read so: no quote anywhere in the file,
    /// every CR followed by LF, strict UTF-8, no row over <see cref="ReadLimits.MaxColumns"/> or with a cell over
    /// <see cref="ReadLimits.MaxCellChars"/>, no more lines than <see cref="ReadLimits.MaxRows"/> allows. Anything else
    /// returns false, with whatever the workers had made thrown away, and the caller reads the file the exact way, which
    /// gives the exact errors.
    /// </remarks>
    private static bool TrySplit<TWorker>(string file, Source source, ReadLimits limits, int parallelism, Split split,
        Func<Dictionary<string, string>, TWorker> newWorker, out List<TWorker> workers, out List<InputError> warnings) where TWorker : Worker
    {
        workers = [];
        warnings = [];
        using var raw = source.OpenRaw();
        var length = raw.Length;
        var probe = new byte[64 << 10];

        // The header: the first line, which must hold no quote or lone CR (the workers check each block of the rest).
        var head = raw.Read(0, probe.Length, probe);
        var start = head.StartsWith(Bom) ? Bom.Length : 0;
        var newline = head[start..].IndexOf((byte)'\n');
        if (newline < 0) return false;
        var headerBytes = head.Slice(start, newline);
        if (headerBytes.EndsWith((byte)'\r')) headerBytes = headerBytes[..^1];
        if (headerBytes.IndexOfAny((byte)'"', (byte)'\r') >= 0 || !Utf8.IsValid(headerBytes)) return false;
        var headerText = System.Text.Encoding.UTF8.GetString(headerBytes); // before the probe buffer is read into again
        var dataStart = start + newline + 1L;

        // Chunks end at line ends; a line longer than the probe is left to the exact reader.
        var bounds = new List<long> { dataStart };
        while (bounds[^1] < length)
        {
            var at = bounds[^1] + split.ChunkBytes;
            if (at >= length) { bounds.Add(length); break; }
            var end = raw.Read(at, probe.Length, probe).IndexOf((byte)'\n');
            if (end < 0) return false;
            bounds.Add(at + end + 1);
        }
        var chunks = bounds.Count - 1;

        var tail = raw.Read(length - 1, 1, probe);
        if (tail.IsEmpty) return false; // the file shrank since it was opened

        // The header through Sep, exactly as the exact reader resolves it.
        Dictionary<string, string> headers;
        int[] keyToCol = new int[Batch.Keys];
        string[] header;
        using (var reader = CsvText.Options.FromText(headerText))
        {
            if (!reader.MoveNext()) return false;
            header = HeaderOf(file, reader, limits);
            var (index, named, w) = CsvTable.ResolveHeader(file, 1, header, SampleReader.Columns, limits);
            warnings = w;
            headers = named;
            for (var k = 0; k < Batch.Keys; k++) keyToCol[k] = index.GetValueOrDefault(SampleReader.Columns[k].Key, -1);
        }

        // Rows are numbered from their chunk's start while read (a chunk's first line is not known until the chunks before it
        // are read) and the errors kept are renumbered at the end, each by its chunk's first line.
        var linesOf = new int[chunks];
        var lines = 1L; // the header
        var next = -1;
        var abandoned = 0;
        var tasks = new Task[parallelism];
        var kept = new List<(int Chunk, int From, int To)>[parallelism];
        for (var i = 0; i < parallelism; i++)
        {
            var worker = newWorker(headers);
            workers.Add(worker);
            var ranges = kept[i] = [];
            tasks[i] = Task.Factory.StartNew(() =>
            {
                var buffer = new byte[split.BlockBytes];
                var text = new char[split.BlockBytes];
                var batch = new Batch(text);
                var fields = new int[Math.Min(limits.MaxColumns, 1 << 16) + 2];
                int k;
                while (Volatile.Read(ref abandoned) == 0 && (k = Interlocked.Increment(ref next)) < chunks)
                {
                    var line = 0;
                    var errors = worker.Errors.Count;
                    for (var at = bounds[k]; at < bounds[k + 1];)
                    {
                        ReadLimits.Token.ThrowIfCancellationRequested();
                        var block = Block(raw, at, bounds[k + 1], length, buffer);
                        if (block.IsEmpty
                            || block.IndexOfAny((byte)'"', (byte)'\r') >= 0 && (block.Contains((byte)'"') || !CrOnlyBeforeLf(block))
                            || Utf8.ToUtf16(block, text, out _, out var chars, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done
                            || !Lines(text.AsSpan(0, chars), ref line, keyToCol, fields, batch, worker, limits)
                            || Volatile.Read(ref abandoned) != 0)
                        {
                            Volatile.Write(ref abandoned, 1);
                            return;
                        }
                        at += block.Length;
                    }
                    linesOf[k] = line;
                    if (worker.Errors.Count > errors) ranges.Add((k, errors, worker.Errors.Count));
                    // More lines than the exact reader reads: it gives the error, at its row.
                    if (Interlocked.Add(ref lines, line) > limits.MaxRows + 1L) Volatile.Write(ref abandoned, 1);
                }
            }, TaskCreationOptions.LongRunning);
        }
        try { Task.WaitAll(tasks); }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException!); }
        if (abandoned == 0)
        {
            var firstLine = new int[chunks];
            for (int k = 0, line = 2; k < chunks; line += linesOf[k], k++) firstLine[k] = line;
            for (var i = 0; i < parallelism; i++)
                foreach (var (k, from, to) in kept[i])
                    for (var e = from; e < to; e++)
                        workers[i].Errors[e] = workers[i].Errors[e] with { Row = workers[i].Errors[e].Row + firstLine[k] };
            return true;
        }
        workers = [];
        warnings = [];
        return false;
    }

    /// <summary>The bytes of a chunk from <paramref name="at"/>, ending at a line end unless the chunk ends first; empty when a line is longer than a block.</summary>
    private static ReadOnlySpan<byte> Block(RawBytes raw, long at, long end, long length, byte[] buffer)
    {
        var block = raw.Read(at, (int)Math.Min(buffer.Length, end - at), buffer);
        if (at + block.Length == end) return end == length || block.EndsWith((byte)'\n') ? block : default;
        var last = block.LastIndexOf((byte)'\n');
        return last < 0 ? default : block[..(last + 1)];
    }

    private static bool CrOnlyBeforeLf(ReadOnlySpan<byte> block)
    {
        for (var i = block.IndexOf((byte)'\r'); i >= 0;)
        {
            if (i + 1 >= block.Length || block[i + 1] != '\n') return false;
            var next = block[(i + 1)..].IndexOf((byte)'\r');
            i = next < 0 ? -1 : i + 1 + next;
        }
        return true;
    }

    /// <summary>
    /// The rows of decoded whole lines into the batch, as <see cref="Copy"/> takes them: fields split at commas, the
    /// sample columns trimmed, blank rows skipped, each row numbered; false for a row the exact reader must refuse.
    /// </summary>
    private static bool Lines(ReadOnlySpan<char> text, ref int line, int[] keyToCol, int[] fields, Batch batch, Worker worker, ReadLimits limits)
    {
        var at = 0;
        var separators = new Separators(text);
        while (at < text.Length)
        {
            // fields[c] is where field c starts; fields[count] one past the end of the last (as if a comma followed it).
            var count = 0;
            fields[0] = at;
            int end;
            for (var p = at; ;)
            {
                var next = separators.Next();
                var last = next == text.Length || text[next] == '\n';
                // The line's last field ends before a CR that ends the line (a plain file has no other CR).
                var fieldEnd = last && next > p && text[next - 1] == '\r' ? next - 1 : next;
                if (fieldEnd - p > limits.MaxCellChars || ++count > limits.MaxColumns || count >= fields.Length) return false;
                fields[count] = fieldEnd + 1;
                if (last) { end = next; break; }
                p = next + 1;
            }
            var stop = fields[count] - 1;

            var r = batch.Rows;
            var blank = true;
            for (var k = 0; k < Batch.Keys; k++)
            {
                var c = keyToCol[k];
                if (c >= 0 && c < count)
                {
                    var s = fields[c];
                    var e = fields[c + 1] - 1;
                    while (s < e && char.IsWhiteSpace(text[s])) s++;
                    while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
                    batch.Set(r, k, s, e - s);
                    if (e > s) blank = false;
                }
                else batch.Set(r, k, 0, 0);
            }
            if (!blank || !IsBlank(text[at..stop]))
            {
                batch.Row[r] = line;
                if (++batch.Rows == BatchRows) { worker.Process(batch); batch.Clear(); }
            }
            line++;
            at = end + 1;
        }
        if (batch.Rows > 0) { worker.Process(batch); batch.Clear(); }
        return true;
    }

    /// <summary>
    /// The commas and line feeds of decoded text in order, found 64 characters at a time with vector compares (one bit
    /// per character), where a field is a few characters and a search per field would cost more than the field.
    /// </summary>
    internal ref struct Separators(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private ulong _bits;
        private int _base = -64;

        /// <summary>The position of the next comma or line feed; the text's length when there is none.</summary>
        public int Next()
        {
            while (_bits == 0)
            {
                _base += 64;
                if (_base >= _text.Length) return _text.Length;
                _bits = Find(_text, _base);
            }
            var at = _base + System.Numerics.BitOperations.TrailingZeroCount(_bits);
            _bits &= _bits - 1;
            return at;
        }

        private static ulong Find(ReadOnlySpan<char> text, int from) => Find(text, from, Vector128.IsHardwareAccelerated);

        /// <summary>
        /// Bit i set where <paramref name="text"/>[from + i] is a comma or a line feed (i &lt; 64): eight 128-bit compares
        /// (SSE2, NEON; wider vectors measured no faster), or one character at a time where there are none or fewer than 64
        /// characters are left. Both give the same bits (tests run both).
        /// </summary>
        internal static ulong Find(ReadOnlySpan<char> text, int from, bool vectors)
        {
            if (vectors && from + 64 <= text.Length)
            {
                ref var start = ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), from));
                ulong bits = 0;
                for (var k = 0; k < 8; k++)
                {
                    var v = Vector128.LoadUnsafe(ref start, (nuint)(k * 8));
                    var hits = Vector128.Equals(v, Vector128.Create((ushort)',')) | Vector128.Equals(v, Vector128.Create((ushort)'\n'));
                    bits |= (ulong)hits.ExtractMostSignificantBits() << (k * 8);
                }
                return bits;
            }
            var found = 0UL;
            var end = Math.Min(text.Length, from + 64);
            for (var i = from; i < end; i++)
                if (text[i] is ',' or '\n') found |= 1UL << (i - from);
            return found;
        }
    }

    /// <summary>A row <see cref="Copy"/> skips: nothing but commas and white space.</summary>
    private static bool IsBlank(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
            if (c != ',' && !char.IsWhiteSpace(c)) return false;
        return true;
    }
}
