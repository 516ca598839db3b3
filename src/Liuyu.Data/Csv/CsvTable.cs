namespace Liuyu.Data.Csv;

/// <summary>
/// A column a table expects: its English key and the Chinese alias users' spreadsheets carry (formats.md);
/// several aliases may be given separated by '|'.
/// </summary>
public sealed record ColumnSpec(string Key, string? Alias = null, bool Required = true)
{
    public bool Matches(string header) =>
        string.Equals(Key, header, StringComparison.OrdinalIgnoreCase)
        || (Alias is not null && Alias.Split('|').Any(a => a == header));
}

/// <summary>
/// A parsed table (CSV file or xlsx sheet): header resolved to the expected keys, rows kept with their
/// 1-based row numbers as a spreadsheet shows them (header is row 1).
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;

    public string File { get; }
    public IReadOnlyList<CsvRow> Rows { get; }
    public IReadOnlyList<InputError> Warnings { get; }

    /// <summary><see cref="_index"/> as two arrays, for <see cref="IndexOf"/>'s look-up by reference.</summary>
    private readonly string[] _keys;
    private readonly int[] _slots;

    private CsvTable(string file, Dictionary<string, int> index, IReadOnlyList<CsvRow> rows, IReadOnlyList<InputError> warnings)
    {
        File = file;
        _index = index;
        _keys = [.. index.Keys];
        _slots = [.. index.Values];
        Rows = rows;
        Warnings = warnings;
        foreach (var r in rows) r.Table = this;
    }

    public bool Has(string key) => _index.ContainsKey(key);

    private readonly List<InputError> _cellErrors = [];

    /// <summary>
    /// Cells that can hold no value at all (a spreadsheet's <c>#N/A</c>): readers report them with their own errors,
    /// in place of any other error about the same cell.
    /// </summary>
    public IReadOnlyList<InputError> CellErrors => _cellErrors;

    internal void AddCellErrors(IEnumerable<InputError> errors) => _cellErrors.AddRange(errors);

    /// <summary>Adds the cell errors to <paramref name="errors"/>, dropping other errors about the same cells.</summary>
    public static void MergeCellErrors(List<InputError> errors, IReadOnlyCollection<InputError> cellErrors)
    {
        if (cellErrors.Count == 0) return;
        var cells = cellErrors.Select(c => (c.File, c.Row, c.Column)).ToHashSet();
        errors.RemoveAll(e => cells.Contains((e.File, e.Row, e.Column)));
        errors.InsertRange(0, cellErrors);
    }

    /// <remarks>
    /// Readers ask by the column specs' own key strings, row after row (ten times a row, a national results table has
    /// 240,000): those are found by reference among a table's few columns before the dictionary hashes the key.
    /// </remarks>
    internal int? IndexOf(string key)
    {
        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
            if (ReferenceEquals(keys[i], key)) return _slots[i];
        return _index.TryGetValue(key, out var ix) ? ix : null;
    }

    internal string HeaderOf(string key) => Headers.TryGetValue(key, out var h) ? h : key;

    private Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>Reads CSV bytes: strict UTF-8 (a BOM is accepted), RFC 4180 quoting, <paramref name="limits"/> checked while reading.</summary>
    public static CsvTable Parse(string file, byte[] bytes, IReadOnlyList<ColumnSpec> columns, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Current;
        CsvText.CheckSize(file, bytes.LongLength, limits);
        var text = CsvText.Decode(file, bytes);
        return FromRecords(file, CsvText.Records(file, text, limits), columns, limits);
    }

    /// <summary>
    /// Reads a CSV file as <see cref="Parse"/> reads its bytes, with the same table and the same errors, but streamed: the
    /// file is decoded as it is split, so neither its bytes nor its text are held whole (a national results file is
    /// 7 MB of bytes and 15 MB of text, both large objects that the collector counts towards a full collection).
    /// </summary>
    /// <remarks>
    /// <see cref="Parse"/> decodes the whole file before it splits it, so a byte that is not UTF-8 is the error even when
    /// a row before it is malformed. Here a row's error can come first; whenever reading fails, the file is checked whole,
    /// and a bad byte is reported exactly as <see cref="Parse"/> reports it. Only a failed read pays for that.
    /// </remarks>
    public static CsvTable Read(string path, IReadOnlyList<ColumnSpec> columns, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Current;
        CsvText.CheckSize(path, new FileInfo(path).Length, limits);
        try
        {
            using var text = CsvText.OpenStrict(path);
            return FromRecords(path, CsvText.Records(path, text, limits), columns, limits);
        }
        catch (Exception e) when (e is System.Text.DecoderFallbackException or InputException)
        {
            var bytes = System.IO.File.ReadAllBytes(path);
            if (!System.Text.Unicode.Utf8.IsValid(bytes)) CsvText.Decode(path, bytes); // throws the error Parse gives
            if (e is InputException) throw;
            throw new InvalidOperationException($"{path}: a decoding error on bytes that are UTF-8", e);
        }
    }

    /// <summary>A table with the expected header and no rows.</summary>
    public static CsvTable Empty(string file, IReadOnlyList<ColumnSpec> columns) =>
        FromRecords(file, [(1, columns.Select(c => c.Key).ToArray())], columns);

    /// <summary>Builds a table from already split records (the first one is the header), e.g. from an xlsx sheet.</summary>
    /// <remarks>The records are enumerated once, so a streamed sheet is never held twice.</remarks>
    public static CsvTable FromRecords(string file, IEnumerable<(int Row, string[] Fields)> records, IReadOnlyList<ColumnSpec> columns, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Current;
        using var e = records.GetEnumerator();
        if (!e.MoveNext())
            throw new InputException(new InputError(file, 1, null, ErrorCodes.FileEmpty, ("columns", string.Join(", ", columns.Where(c => c.Required).Select(c => c.Key)))));
        var (headerRow, header) = e.Current;
        var (index, headers, warnings) = ResolveHeader(file, headerRow, header, columns, limits);

        var rows = new List<CsvRow>();
        while (e.MoveNext())
        {
            var (rowNo, fields) = e.Current;
            if (IsBlank(fields)) continue; // blank lines, trailing rows
            rows.Add(new CsvRow(rowNo, fields));
        }
        return new CsvTable(file, index, rows, warnings) { Headers = headers };
    }

    private static bool IsBlank(string[] fields)
    {
        foreach (var f in fields)
            if (!string.IsNullOrWhiteSpace(f)) return false;
        return true;
    }

    /// <summary>
    /// Matches a header to the expected columns: each key's position and header as written, warnings for unknown columns
    /// (at most <see cref="ReadLimits.MaxErrors"/>); a duplicate or missing required column is an error.
    /// </summary>
    internal static (Dictionary<string, int> Index, Dictionary<string, string> Headers, List<InputError> Warnings) ResolveHeader(
        string file, int headerRow, IReadOnlyList<string> header, IReadOnlyList<ColumnSpec> columns, ReadLimits limits)
    {
        if (header.Count > limits.MaxColumns)
            throw new InputException(new InputError(file, headerRow, null, ErrorCodes.ColumnsTooMany, ("count", header.Count), ("limit", limits.MaxColumns)));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var warnings = new List<InputError>();
        var errors = new List<InputError>();
        for (var i = 0; i < header.Count; i++)
        {
            var h = header[i].Trim();
            var spec = columns.FirstOrDefault(c => c.Matches(h));
            if (spec is null)
            {
                if (h.Length > 0 && warnings.Count < limits.MaxErrors) warnings.Add(new InputError(file, null, null, ErrorCodes.ColumnUnknown, ("column", h)));
                continue;
            }
            if (!index.TryAdd(spec.Key, i))
                errors.Add(new InputError(file, headerRow, h, ErrorCodes.ColumnTwice, ("column", spec.Key)));
            headers[spec.Key] = h;
        }
        foreach (var c in columns.Where(c => c.Required && !index.ContainsKey(c.Key)))
            errors.Add(c.Alias is null
                ? new InputError(file, headerRow, c.Key, ErrorCodes.ColumnMissing, ("column", c.Key))
                : new InputError(file, headerRow, c.Key, ErrorCodes.ColumnMissingAlias, ("column", c.Key), ("alias", c.Alias)));
        if (errors.Count > 0) throw new InputException(errors);
        return (index, headers, warnings);
    }
}

/// <summary>One data row of a <see cref="CsvTable"/>, with typed accessors that report errors located at this row.</summary>
public sealed class CsvRow(int number, string[] fields)
{
    public int Number { get; } = number;
    internal CsvTable Table { get; set; } = null!;

    /// <summary>The trimmed text of a column, or "" when the column is absent or the row is short.</summary>
    public string this[string key]
    {
        get
        {
            var i = Table.IndexOf(key);
            return i is { } ix && ix < fields.Length ? fields[ix].Trim() : "";
        }
    }

    public InputError Error(string key, string code, params (string Name, object? Value)[] args) => new(Table.File, Number, Table.HeaderOf(key), code, args);
}
