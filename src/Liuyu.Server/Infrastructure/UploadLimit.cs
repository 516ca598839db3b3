using Liuyu.Data.Csv;
using Microsoft.AspNetCore.Http.Features;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// A size limit for an upload endpoint, checked before anything reads the body. Add it before the
/// <see cref="AntiforgeryFilter"/>, which reads the form: the limit must hold before the form is read. A request over
/// the limit gets 413 with a message saying what is accepted, whether its length is declared or found while reading.
/// </summary>
public static class UploadLimit
{
    /// <param name="code">The refusal's code (<see cref="ErrorCodes"/>), with the argument <c>maxMb</c>; it says what is accepted.</param>
    public static RouteHandlerBuilder LimitUploadTo(this RouteHandlerBuilder endpoint, long maxBytes, string code) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.ContentLength > maxBytes) return TooLarge(maxBytes, code);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
            try { return await next(context); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(maxBytes, code); }
        });

    private static IResult TooLarge(long maxBytes, string code)
    {
        var refusal = new InputError("", null, null, code, ("maxMb", maxBytes / 1024 / 1024));
        return TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large", extensions: Problem.Codes([refusal]));
    }
}
