using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// What makes the pages fast without changing what they say: answers built from the store are kept (ASP.NET Core output
/// caching) under the store's version, so a page is built once per change of the store and then served from memory;
/// JSON, scripts and styles go compressed (brotli or gzip, ASP.NET Core response compression); the page's files are
/// revalidated by ETag instead of downloaded again.
/// </summary>
public static class ResponseSpeed
{
    /// <summary>Output cache size: bounded, so a flood of distinct filters cannot grow the server.</summary>
    public const long CacheSizeBytes = 64L * 1024 * 1024;

    public static IServiceCollection AddResponseSpeed(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // Over HTTPS compression stays off (BREACH: pages carry the anti-forgery token); behind a reverse proxy that
            // terminates TLS the proxy decides.
            o.EnableForHttps = false;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddOutputCache(o =>
        {
            o.SizeLimit = CacheSizeBytes;
            o.MaximumBodySize = 16 * 1024 * 1024;
            o.AddPolicy(PerStoreVersion.Name, new PerStoreVersion());
        });
        return services;
    }

    /// <summary>
    /// The page's own files change with a release and keep their names: the browser revalidates them (ETag, 304). The
    /// bundled libraries change only with an upgrade of the server and are kept a day.
    /// </summary>
    public static StaticFileOptions StaticFiles() => new()
    {
        OnPrepareResponse = c => c.Context.Response.Headers.CacheControl =
            c.Context.Request.Path.StartsWithSegments("/lib") ? "public, max-age=86400" : "no-cache",
    };

    /// <summary>Caches an endpoint's answers per store version (see <see cref="PerStoreVersion"/>).</summary>
    public static TBuilder CachedPerStoreVersion<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.CacheOutput(PerStoreVersion.Name);
}

/// <summary>
/// Output caching of a read endpoint under the store's version (<see cref="Application.ILiuyuStore.Version"/>: the heads
/// of the ledger and audit chains, which every recorded change moves, whoever made it: this server, another one, or the
/// CLI on the same store). The version is checked on every request (<see cref="StoreVersion"/>: a change counter of the file on SQLite,
/// the chain heads on PostgreSQL), so an answer is never older than the store; the answer is kept per query string, per party of a district user (what a district may read can differ from
/// a bureau's), per set of roles (an answer that a role filters, such as the exemptions a district sees, is never served
/// to another role, and a user whose roles change gets the new roles' answer on the next request), per local day (what
/// is overdue, due or expired is as of today) and per language asked for. The request has passed authorisation before the cache is consulted (the
/// middleware runs after it). Signed-in requests are cached, which the built-in default policy does not do: these
/// answers are the same for every reader of the same party. The answer is kept as compressed for the encodings the
/// client accepts (compression runs inside the cache), so a large answer is compressed once, not on every request. The browser gets an ETag of the version and revalidates.
/// </summary>
public sealed class PerStoreVersion : IOutputCachePolicy
{
    public const string Name = "store-version";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var attempt = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = attempt;
        context.AllowCacheStorage = attempt;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        if (!attempt) return ValueTask.CompletedTask;
        var version = http.RequestServices.GetRequiredService<StoreVersion>().Current();
        var party = http.User.FindFirst(Roles.PartyClaim)?.Value ?? "";
        var roles = string.Join(',', http.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal));
        var day = DateOnly.FromDateTime(http.RequestServices.GetRequiredService<TimeProvider>().GetLocalNow().DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.HeaderNames = new Microsoft.Extensions.Primitives.StringValues([HeaderNames.AcceptLanguage, HeaderNames.AcceptEncoding]);
        context.CacheVaryByRules.VaryByValues["store"] = version;
        context.CacheVaryByRules.VaryByValues["party"] = party;
        context.CacheVaryByRules.VaryByValues["roles"] = roles;
        context.CacheVaryByRules.VaryByValues["day"] = day;
        context.Tags.Add(Name);
        var etag = "W/\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(version + "\n" + party + "\n" + roles + "\n" + day)), 0, 12) + "\"";
        // Set before the endpoint runs, so that the cached answer carries them and the cache can answer If-None-Match with
        // 304; taken off again from an answer that is not a success.
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, no-cache";
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode != StatusCodes.Status200OK)
            {
                http.Response.Headers.Remove(HeaderNames.ETag);
                http.Response.Headers.Remove(HeaderNames.CacheControl);
            }
            return Task.CompletedTask;
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only whole, successful answers that set no cookie (a renewed sign-in cookie belongs to one user) are kept.
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
