namespace Liuyu.Application;

/// <summary>
/// A use case's refusal because the caller may not do this (403 on the web, exit 1 on the CLI): a code the page and
/// the CLI word, its arguments, and an English sentence for logs and API clients.
/// </summary>
public sealed class NotAllowedException(string code, IReadOnlyDictionary<string, string> args, string message) : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string> Args { get; } = args;
}

/// <summary>A use case's refusal because what it names does not exist (404 on the web, exit 1 on the CLI).</summary>
public sealed class NotFoundException(string code, IReadOnlyDictionary<string, string> args, string message) : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string> Args { get; } = args;
}
