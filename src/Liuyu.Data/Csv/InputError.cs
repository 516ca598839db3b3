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
/// Raised when an input cannot be accepted; carries the errors found so the user fixes them in one pass: the first
/// <see cref="ReadLimits.MaxErrors"/> of them (of the limits in force) and the <see cref="Total"/> count, so that a
/// file of a million bad rows is answered with a page of errors and a number, not a million lines.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(IReadOnlyList<InputError> errors, int? total = null) : this(Kept(errors), Math.Max(total ?? errors.Count, errors.Count), 0) { }

    private InputException(IReadOnlyList<InputError> kept, int total, int _)
        : base(string.Join(Environment.NewLine, kept.Select(e => e.ToString()))
               + (total > kept.Count ? Environment.NewLine + ErrorCodes.Format(ErrorCodes.ErrorsTruncated, ErrorCodes.Args(("shown", kept.Count), ("total", total))) : ""))
    {
        Errors = kept;
        Total = total;
    }

    public InputException(InputError error) : this([error]) { }

    /// <summary>The errors kept: the first ones, at most <see cref="ReadLimits.MaxErrors"/>.</summary>
    public IReadOnlyList<InputError> Errors { get; }

    /// <summary>How many errors were found, kept or not.</summary>
    public int Total { get; }

    /// <summary>Whether more errors were found than are kept.</summary>
    public bool Truncated => Total > Errors.Count;

    private static IReadOnlyList<InputError> Kept(IReadOnlyList<InputError> errors)
    {
        var max = Math.Max(1, ReadLimits.Current.MaxErrors);
        return errors.Count > max ? errors.Take(max).ToList() : errors;
    }
}
