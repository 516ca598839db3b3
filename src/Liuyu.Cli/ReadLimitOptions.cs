using System.CommandLine;
using Liuyu.Data.Csv;

namespace Liuyu.Cli;

/// <summary>
/// The flags that raise the bounds on what a command reads (<see cref="ReadLimits.Cli"/>): a file refused for its size,
/// rows, columns, cell length or errors names the bound, and the flag lets a deliberate large file through.
/// </summary>
public sealed class ReadLimitOptions
{
    private readonly Option<int?> _rows = new("--max-rows") { Description = $"most data rows read from one table (default {ReadLimits.Cli.MaxRows:N0})" };
    private readonly Option<int?> _columns = new("--max-columns") { Description = $"most columns used in a row or header (default {ReadLimits.Cli.MaxColumns})" };
    private readonly Option<int?> _cellChars = new("--max-cell-chars") { Description = $"most characters in one cell (default {ReadLimits.Cli.MaxCellChars:N0})" };
    private readonly Option<int?> _partMb = new("--max-part-mb") { Description = $"most MB one part of a workbook may expand to (default {ReadLimits.Cli.MaxPartBytes / (1024 * 1024)})" };
    private readonly Option<int?> _fileMb = new("--max-file-mb") { Description = $"most MB of one file (default {ReadLimits.Cli.MaxFileBytes / (1024 * 1024)})" };
    private readonly Option<int?> _ratio = new("--max-ratio") { Description = $"most a workbook part may expand over its compressed size (default {ReadLimits.Cli.MaxCompressionRatio})" };
    private readonly Option<int?> _errors = new("--max-errors") { Description = $"most errors listed; all are counted (default {ReadLimits.Cli.MaxErrors})" };

    /// <summary>Adds the flags to a command.</summary>
    public ReadLimitOptions(Command command)
    {
        foreach (var o in new[] { _rows, _columns, _cellChars, _partMb, _fileMb, _ratio, _errors }) command.Options.Add(o);
    }

    /// <summary>The bounds the command line asked for; a bound not given keeps its default.</summary>
    public ReadLimits From(ParseResult p)
    {
        int? Positive(Option<int?> o) => p.GetValue(o) is { } v ? v > 0 ? v : throw new UsageException($"{o.Name} {v}: give a number above 0") : null;
        var d = ReadLimits.Cli;
        return d with
        {
            MaxRows = Positive(_rows) ?? d.MaxRows,
            MaxColumns = Positive(_columns) ?? d.MaxColumns,
            MaxCellChars = Positive(_cellChars) ?? d.MaxCellChars,
            MaxPartBytes = Positive(_partMb) is { } part ? part * 1024L * 1024 : d.MaxPartBytes,
            MaxFileBytes = Positive(_fileMb) is { } file ? file * 1024L * 1024 : d.MaxFileBytes,
            MaxCompressionRatio = Positive(_ratio) ?? d.MaxCompressionRatio,
            MaxErrors = Positive(_errors) ?? d.MaxErrors,
        };
    }

    /// <summary>Makes the asked bounds those of every reader the command calls, until disposed.</summary>
    public ReadScope Enter(ParseResult p) => ReadLimits.Enter(From(p));
}
