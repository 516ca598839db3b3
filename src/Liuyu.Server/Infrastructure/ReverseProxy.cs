using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// The <c>Liuyu:Proxy</c> configuration section: a deployment behind a reverse proxy that terminates TLS (docs/web.md,
/// "Behind a reverse proxy"). The proxy's X-Forwarded-For and X-Forwarded-Proto are trusted only from the loopback
/// address and the addresses and networks named here; from anyone else they are ignored.
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of the proxies whose forwarded headers are trusted (besides loopback), e.g. 10.0.0.5.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. 10.0.0.0/24.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>
    /// The site is served over HTTPS (by the proxy): a plain-HTTP request is redirected to HTTPS, every HTTPS answer
    /// carries Strict-Transport-Security, and the cookies are always Secure.
    /// </summary>
    public bool Https { get; set; }

    /// <summary>The HTTPS port redirected to (the proxy's; 443 unless it listens elsewhere).</summary>
    public int HttpsPort { get; set; } = 443;

    /// <summary>Strict-Transport-Security max-age, in days.</summary>
    public int HstsDays { get; set; } = 365;
}

public static class ReverseProxy
{
    public static IServiceCollection AddLiuyuReverseProxy(this IServiceCollection services, IConfiguration config)
    {
        var proxy = config.GetSection("Liuyu:Proxy").Get<ProxyOptions>() ?? new ProxyOptions();
        services.AddSingleton(proxy);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults (loopback) stay; the configured ones are added.
            foreach (var p in proxy.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(p.Trim()));
            foreach (var n in proxy.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n.Trim()));
        });
        if (proxy.Https)
        {
            services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(proxy.HstsDays); o.IncludeSubDomains = false; });
            services.AddHttpsRedirection(o => { o.HttpsPort = proxy.HttpsPort; o.RedirectStatusCode = StatusCodes.Status308PermanentRedirect; });
            services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }
        return services;
    }

    /// <summary>First in the pipeline: the client's address and scheme from a trusted proxy; then, when the site is HTTPS, redirection and HSTS.</summary>
    public static WebApplication UseLiuyuReverseProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<ProxyOptions>().Https)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        return app;
    }
}
