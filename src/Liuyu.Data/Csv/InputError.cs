namespace Liuyu.Data.Csv;

/// <summary>
/// One problem with user input, located precisely: file (or sheet), row (1 = header row, data from 2),
/// column (the header as written), and what was expected. Users can cause these; they are values, not bugs.
/// </summary>
public sealed record InputError(string File, int? Row, string? Column, string Message)
{
    public override string ToString()
    {
        var where = File;
        if (Row is not null) where += $", row {Row}";
        if (Column is not null) where += $", column '{Column}'";
        return $"{where}: {Message}";
    }
}

/// <summary>Raised when an input cannot be accepted; carries every error found so the user fixes them in one pass.</summary>
public sealed class InputException(IReadOnlyList<InputError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<InputError> Errors { get; } = errors;

    public InputException(InputError error) : this([error]) { }
}
