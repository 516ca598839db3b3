namespace Liuyu.Data.Csv;

/// <summary>
/// Bounds on what a reader accepts from user files, checked while reading (never after loading a whole file): every
/// input is bounded in size, rows, columns, cell length and time. <see cref="Server"/> applies to uploads through the
/// web app; <see cref="Cli"/> to the command line, whose flags can raise each bound. A bound that is hit refuses the
/// file with an error naming the file, row and column and the limit (a code in <see cref="ErrorCodes"/>).
/// </summary>
public sealed record ReadLimits
{
    /// <summary>Bytes of one file as given (a CSV, or a workbook's compressed size).</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Uncompressed bytes of one part (entry) of a workbook.</summary>
    public long MaxPartBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Uncompressed size over compressed size of one workbook part (a zip bomb's signature).</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>Data rows of one table.</summary>
    public int MaxRows { get; init; } = 20_000_000;

    /// <summary>Columns actually used in a row or header (not a sheet's declared dimension).</summary>
    public int MaxColumns { get; init; } = 256;

    /// <summary>Characters in one cell.</summary>
    public int MaxCellChars { get; init; } = 4_096;

    /// <summary>Files in one upload or folder.</summary>
    public int MaxFiles { get; init; } = 32;

    /// <summary>Errors and warnings kept and returned; the total is still counted and reported.</summary>
    public int MaxErrors { get; init; } = 200;

    /// <summary>Time a server import may run before it is stopped (the CLI has no budget unless asked).</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>
    /// The command line: large national files pass (a samples CSV of <see cref="MaxRows"/> rows is about 800 MB, so the
    /// file bound is 2 GiB here); each bound can be raised by a flag.
    /// </summary>
    public static ReadLimits Cli { get; } = new() { MaxFileBytes = 2L * 1024 * 1024 * 1024 };

    /// <summary>Uploads through the web app: what a bureau's monthly file needs, with a time budget.</summary>
    public static ReadLimits Server { get; } = new()
    {
        MaxFileBytes = 64L * 1024 * 1024,
        MaxPartBytes = 256L * 1024 * 1024,
        MaxRows = 2_000_000,
        TimeBudget = TimeSpan.FromSeconds(120),
    };

    /// <summary>
    /// Below this many uncompressed bytes a part's compression ratio is not held against it: small XML parts
    /// (styles, a short sheet) compress far better than 100:1 without being bombs.
    /// </summary>
    public long RatioFloorBytes { get; init; } = 1024 * 1024;

    private static readonly AsyncLocal<ReadScope?> Ambient = new();

    /// <summary>The bounds the readers on this flow obey: those of the innermost <see cref="Enter"/>, else <see cref="Cli"/>.</summary>
    public static ReadLimits Current => Ambient.Value?.Limits ?? Cli;

    /// <summary>Cancelled when the caller went away or the <see cref="TimeBudget"/> of the innermost <see cref="Enter"/> ran out.</summary>
    public static CancellationToken Token => Ambient.Value?.Token ?? CancellationToken.None;

    /// <summary>
    /// Makes <paramref name="limits"/> and <paramref name="cancellation"/> (with the time budget, when the limits have
    /// one) those of every reader called on this flow until the scope is disposed. Readers are reached through several
    /// layers (scenario, samples, bulletins) that need not pass the bounds along by hand; the use case or command that
    /// enters the scope is the one place that decides them.
    /// </summary>
    public static ReadScope Enter(ReadLimits limits, CancellationToken cancellation = default) => new(limits, cancellation, Ambient);
}

/// <summary>The bounds and cancellation in force for the readers on one flow (<see cref="ReadLimits.Enter"/>).</summary>
public sealed class ReadScope : IDisposable
{
    private readonly AsyncLocal<ReadScope?> _ambient;
    private readonly ReadScope? _outer;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _budget;

    internal ReadScope(ReadLimits limits, CancellationToken caller, AsyncLocal<ReadScope?> ambient)
    {
        Limits = limits;
        _caller = caller;
        _ambient = ambient;
        _outer = ambient.Value;
        var outerToken = _outer?.Token ?? CancellationToken.None;
        _budget = CancellationTokenSource.CreateLinkedTokenSource(caller, outerToken);
        if (limits.TimeBudget is { } budget) _budget.CancelAfter(budget);
        ambient.Value = this;
    }

    public ReadLimits Limits { get; }
    public CancellationToken Token => _budget.Token;

    /// <summary>Whether the work was stopped by the time budget, not because the caller went away.</summary>
    public bool OverBudget => _budget.IsCancellationRequested && !_caller.IsCancellationRequested && _outer?.Token.IsCancellationRequested != true;

    /// <summary>The refusal of work stopped by the time budget, naming what was being read.</summary>
    public InputException BudgetExceeded(string file) => new(new InputError(file, null, null, ErrorCodes.ReadTimeBudget,
        ("seconds", (int)(Limits.TimeBudget ?? TimeSpan.Zero).TotalSeconds)));

    public void Dispose()
    {
        _ambient.Value = _outer;
        _budget.Dispose();
    }
}
