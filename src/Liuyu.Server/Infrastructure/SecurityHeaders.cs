namespace Liuyu.Server.Infrastructure;

/// <summary>
/// Browser hardening on every response: no MIME sniffing, no framing, no referrer to other sites, and a content
/// security policy that lets the page load only its own scripts (the API reference under /scalar keeps its own
/// inline bootstrap script, so it is left without the policy).
/// </summary>
public static class SecurityHeaders
{
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                                  "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            if (!http.Request.Path.StartsWithSegments("/scalar")) h.ContentSecurityPolicy = Policy;
            return Task.CompletedTask;
        });
        await next(http);
    });
}
