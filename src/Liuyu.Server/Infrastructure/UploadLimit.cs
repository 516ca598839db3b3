using Microsoft.AspNetCore.Http.Features;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// A size limit for an upload endpoint, checked before anything reads the body. Add it before the
/// <see cref="AntiforgeryFilter"/>, which reads the form: the limit must hold before the form is read. A request over
/// the limit gets 413 with a message saying what is accepted, whether its length is declared or found while reading.
/// </summary>
public static class UploadLimit
{
    public static RouteHandlerBuilder LimitUploadTo(this RouteHandlerBuilder endpoint, long maxBytes, string advice) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.ContentLength > maxBytes) return TooLarge(maxBytes, advice);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
            try { return await next(context); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(maxBytes, advice); }
        });

    private static IResult TooLarge(long maxBytes, string advice) => TypedResults.Problem(
        $"The upload is larger than {maxBytes / 1024 / 1024} MB. {advice}",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large");
}
