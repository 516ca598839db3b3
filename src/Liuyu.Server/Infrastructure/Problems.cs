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
        var (status, title, detail) = exception switch
        {
            InputException e => (StatusCodes.Status400BadRequest, "The request cannot be accepted", e.Message),
            NotAllowedException e => (StatusCodes.Status403Forbidden, "Not allowed", e.Message),
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            AntiforgeryValidationException => (StatusCodes.Status400BadRequest, "Anti-forgery token missing or invalid", "Reload the page and try again."),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The error has been logged; please try again or tell the administrator."),
        };
        if (status >= 500) log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>Shorthands for the problems the endpoints return.</summary>
public static class Problem
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    /// <summary>Errors keyed by field (an <see cref="InputError.File"/> of the store names the field), as a validation problem.</summary>
    public static ValidationProblem Invalid(IEnumerable<InputError> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.File).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

    public static ProblemHttpResult Rejected(InputException e) =>
        TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be accepted");
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
                return TypedResults.Problem("Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest, title: "Anti-forgery token missing or invalid");
        }
        return await next(context);
    }
}
