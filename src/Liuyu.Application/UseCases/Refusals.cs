using Liuyu.Data.Csv;

namespace Liuyu.Application;

/// <summary>
/// A use case's refusal because the caller may not do this (403 on the web, exit 1 on the CLI): a code of
/// <see cref="ErrorCodes"/> with its arguments, which the page and the CLI word; the message is its English.
/// </summary>
public sealed class NotAllowedException(string code, params (string Name, object? Value)[] args)
    : Exception(ErrorCodes.Format(code, ErrorCodes.Args(args)))
{
    public InputError Error { get; } = new("", null, null, code, args);
}

/// <summary>A use case's refusal because what it names does not exist (404 on the web, exit 1 on the CLI).</summary>
public sealed class NotFoundException(string code, params (string Name, object? Value)[] args)
    : Exception(ErrorCodes.Format(code, ErrorCodes.Args(args)))
{
    public InputError Error { get; } = new("", null, null, code, args);
}
