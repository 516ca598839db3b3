using Liuyu.Data.Csv;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// Turns errors into problem details (RFC 9457). Input a user can get wrong (<see cref="InputException"/> from the
/// store and the data layer) becomes 400 with the store's own message; anything else is a bug: logged with its
/// stack trace, answered with a plain 500 that shows none.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail, coded) = exception switch
        {
            InputException e => (StatusCodes.Status400BadRequest, "The request cannot be accepted", e.Message, Problem.Codes(e.Errors)),
            NotAllowedException e => (StatusCodes.Status403Forbidden, "Not allowed", e.Message, Problem.Codes([e.Error])),
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message, Problem.Codes([e.Error])),
            AntiforgeryValidationException => (StatusCodes.Status400BadRequest, "Anti-forgery token missing or invalid", "Reload the page and try again.",
                Problem.Codes([new InputError("", null, null, ErrorCodes.AntiforgeryInvalid)])),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message, Problem.Codes([new InputError("", null, null, ErrorCodes.RequestBad, ("reason", e.Message))])),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The error has been logged; please try again or tell the administrator.", null),
        };
        if (status >= 500) log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        foreach (var (key, value) in coded ?? []) context.ProblemDetails.Extensions[key] = value;
        return await problems.TryWriteAsync(context);
    }
}

/// <summary>What a problem tells the page: a code from <see cref="ErrorCodes"/> and its arguments, worded by the page.</summary>
public sealed record CodeView(string Code, IReadOnlyDictionary<string, string> Args)
{
    public static CodeView Of(InputError e) => new(e.Code, e.Args);
}

/// <summary>
/// Shorthands for the problems the endpoints return. Every refusal carries codes beside its English <c>detail</c>
/// (docs/web.md, "Refusals are codes"): a problem about one thing has <c>code</c> and <c>args</c>; a validation problem
/// keeps ASP.NET's <c>errors</c> (field → English messages) and adds <c>codes</c> (field → [{code, args}], same order).
/// </summary>
public static class Problem
{
    public static ValidationProblem Invalid(string field, string code, params (string Name, object? Value)[] args) =>
        Invalid([new InputError(field, null, null, code, args)]);

    public static ProblemHttpResult NotFound(string code, params (string Name, object? Value)[] args) =>
        Coded(StatusCodes.Status404NotFound, "Not found", new InputError("", null, null, code, args));

    /// <summary>A use case's refusals of something that is not there (an unknown river, one without a cross-province statement).</summary>
    public static ProblemHttpResult NotFound(IReadOnlyList<InputError> refusals) =>
        TypedResults.Problem(string.Join(" ", refusals.Select(e => e.Message)), statusCode: StatusCodes.Status404NotFound, title: "Not found", extensions: Codes(refusals));

    public static ProblemHttpResult Forbidden(string code, params (string Name, object? Value)[] args) =>
        Coded(StatusCodes.Status403Forbidden, "Not allowed", new InputError("", null, null, code, args));

    /// <summary>Several refusals at once (e.g. every table of an upload the user may not import).</summary>
    public static ProblemHttpResult Forbidden(IReadOnlyList<InputError> refusals) =>
        TypedResults.Problem(string.Join(" ", refusals.Select(e => e.Message)), statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", extensions: Codes(refusals));

    /// <summary>Errors keyed by field (an <see cref="InputError.File"/> of the store names the field), as a validation problem.</summary>
    public static ValidationProblem Invalid(IEnumerable<InputError> errors)
    {
        var byField = errors.GroupBy(e => e.File).ToList();
        return TypedResults.ValidationProblem(
            byField.ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            extensions: new Dictionary<string, object?> { ["codes"] = byField.ToDictionary(g => g.Key, g => g.Select(CodeView.Of).ToArray()) });
    }

    /// <summary>A use case's refusal (<see cref="NotAllowedException"/>) as a 403 with its code.</summary>
    public static ProblemHttpResult Refused(NotAllowedException e) => Coded(StatusCodes.Status403Forbidden, "Not allowed", e.Error);

    public static ProblemHttpResult Rejected(InputException e) =>
        TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be accepted", extensions: Codes(e.Errors));

    private static ProblemHttpResult Coded(int status, string title, InputError e) =>
        TypedResults.Problem(e.Message, statusCode: status, title: title, extensions: Codes([e]));

    /// <summary>
    /// The extensions of a problem: one refusal as <c>code</c> and <c>args</c>; several as <c>codes</c>, field → [{code, args}]
    /// (a refusal without a field under "").
    /// </summary>
    public static Dictionary<string, object?> Codes(IReadOnlyList<InputError> errors) => errors.Count == 1
        ? new() { ["code"] = errors[0].Code, ["args"] = errors[0].Args }
        : new() { ["codes"] = errors.GroupBy(e => e.File).ToDictionary(g => g.Key, g => g.Select(CodeView.Of).ToArray()) };
}

/// <summary>
/// What Liuyu itself writes where users read it: the demo import's source and the actors of the server's own, anonymous
/// and <c>liuyu demo</c>'s writes. They are stored as the English of their codes (so stores written before keep
/// matching) and sent with the code, which the page words.
/// </summary>
public static class ServerWords
{
    public static readonly string DemoSource = ErrorCodes.Templates[ErrorCodes.SourceDemo];
    public static readonly string ServerActor = ErrorCodes.Templates[ErrorCodes.ActorServer];
    public static readonly string Anonymous = ErrorCodes.Templates[ErrorCodes.ActorAnonymous];
    private static readonly string CliDemoActor = ErrorCodes.Templates[ErrorCodes.ActorDemo];

    /// <summary>The code of a stored word, or null when a person or a file named it.</summary>
    public static string? CodeOf(string text) =>
        text == DemoSource ? ErrorCodes.SourceDemo : text == ServerActor ? ErrorCodes.ActorServer : text == Anonymous ? ErrorCodes.ActorAnonymous
        : text == CliDemoActor ? ErrorCodes.ActorDemo : null;
}

/// <summary>
/// Anti-forgery on every state-changing request: the page fetches a token from <c>/api/account/antiforgery</c> and
/// sends it in the <c>X-CSRF-TOKEN</c> header; the cookie alone is not enough, so another site cannot post for a
/// signed-in user.
/// </summary>
public sealed class AntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method))
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return TypedResults.Problem("Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest, title: "Anti-forgery token missing or invalid",
                    extensions: Problem.Codes([new InputError("", null, null, ErrorCodes.AntiforgeryInvalid)]));
        }
        return await next(context);
    }
}
