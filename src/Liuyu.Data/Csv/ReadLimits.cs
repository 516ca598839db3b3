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
}
