using System.Globalization;

namespace Liuyu.Data.Csv;

/// <summary>
/// One problem with user input, located precisely: file (or sheet, or the request field), row (1 = header row, data
/// from 2), column (the header as written), and what was expected as a <see cref="Code"/> from <see cref="ErrorCodes"/>
/// with its <see cref="Args"/>. The CLI prints the English <see cref="Message"/>; the web page words the code in the
/// reader's language. Users can cause these; they are values, not bugs. Warnings (accepted but worth a look) have the
/// same shape.
/// </summary>
public sealed record InputError(string File, int? Row, string? Column, string Code, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>An error with its arguments given as name/value pairs; values are written invariantly.</summary>
    public InputError(string file, int? row, string? column, string code, params (string Name, object? Value)[] args)
        : this(file, row, column, code, ErrorCodes.Args(args)) { }

    /// <summary>The English wording of <see cref="Code"/> with <see cref="Args"/> filled in (<see cref="ErrorCodes.Templates"/>).</summary>
    public string Message => ErrorCodes.Format(Code, Args);

    public override string ToString()
    {
        var where = File;
        if (Row is not null) where += string.Create(CultureInfo.InvariantCulture, $", row {Row}");
        if (Column is not null) where += $", column '{Column}'";
        return $"{where}: {Message}";
    }
}

/// <summary>
/// Raised when an input cannot be accepted; carries every error found so the user fixes them in one pass, or the first
/// <see cref="ReadLimits.MaxErrors"/> of them with the <see cref="Total"/> found ("200 of 999,999").
/// </summary>
public sealed class InputException(IReadOnlyList<InputError> errors, int total)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.ToString()))
        + (total > errors.Count ? string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}({errors.Count} of {total} errors shown)") : ""))
{
    public InputException(IReadOnlyList<InputError> errors) : this(errors, errors.Count) { }

    public InputException(InputError error) : this([error]) { }

    public IReadOnlyList<InputError> Errors { get; } = errors;

    /// <summary>How many errors were found; more than <see cref="Errors"/> holds when the reader stopped keeping them.</summary>
    public int Total { get; } = Math.Max(total, errors.Count);
}
