using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Liuyu.Data.Csv;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Caching.Memory;

namespace Liuyu.Server.Infrastructure;

/// <summary>The <c>Liuyu:SignIn</c> configuration section: failed sign-ins and how often one may try.</summary>
public sealed class SignInLimits
{
    /// <summary>Failures in a row, for one user name from one client address, that lock sign-in from that address.</summary>
    public int MaxFailures { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in attempts one client address may make per minute (any user names), before 429.</summary>
    public int PerAddressPerMinute { get; set; } = 20;

    /// <summary>Sign-in attempts for one user name per minute (from any addresses), before 429.</summary>
    public int PerAccountPerMinute { get; set; } = 10;

    /// <summary>User names whose failures are remembered at once (known or not); the least recently used are forgotten first.</summary>
    public int TrackedNames { get; set; } = 10_000;

    public TimeSpan Lockout => TimeSpan.FromMinutes(LockoutMinutes);
}

/// <summary>What one failed sign-in leads to: how many attempts are left from this address, or the lock it starts.</summary>
public sealed record SignInFailure(int Remaining, DateTimeOffset? LockedUntil, bool LockedNow);

/// <summary>
/// Failed sign-ins per (user name, client address), for known and unknown names alike, so that the answer never tells
/// whether a name exists, and so that a stranger who guesses wrong from one address locks only that address out:
/// the user, signing in from anywhere else, is not locked. The per-account rate limit (<see cref="SignInGuard"/>)
/// slows a guesser who spreads over many addresses. Kept in memory, bounded by <see cref="SignInLimits.TrackedNames"/>
/// names (each with at most <see cref="AddressesPerName"/> addresses); a restart forgets it, as it forgets the limits.
/// </summary>
public sealed class SignInThrottle(SignInLimits limits, TimeProvider clock) : IDisposable
{
    public const int AddressesPerName = 256;

    private readonly MemoryCache _names = new(new MemoryCacheOptions { SizeLimit = limits.TrackedNames });

    private sealed class Failures
    {
        public readonly Dictionary<string, (int Count, DateTimeOffset? LockedUntil, DateTimeOffset Last)> ByAddress = new(StringComparer.Ordinal);
    }

    public static string Key(string userName) => userName.Trim().ToUpperInvariant();

    /// <summary>Until when sign-in for this name from this address is locked, or null.</summary>
    public DateTimeOffset? LockedUntil(string name, string address)
    {
        if (!_names.TryGetValue(Key(name), out Failures? f)) return null;
        lock (f!)
            return f.ByAddress.TryGetValue(address, out var e) && e.LockedUntil is { } until && until > clock.GetUtcNow() ? until : null;
    }

    /// <summary>Whether sign-in for this name is locked from any address (for the administrator's list).</summary>
    public bool IsLocked(string name)
    {
        if (!_names.TryGetValue(Key(name), out Failures? f)) return false;
        var now = clock.GetUtcNow();
        lock (f!) return f.ByAddress.Values.Any(e => e.LockedUntil > now);
    }

    /// <summary>The most failures in a row from one address for this name (for the audit log).</summary>
    public int MostFailures(string name)
    {
        if (!_names.TryGetValue(Key(name), out Failures? f)) return 0;
        lock (f!) return f.ByAddress.Values.Select(e => e.Count).DefaultIfEmpty(0).Max();
    }

    public SignInFailure Fail(string name, string address)
    {
        var now = clock.GetUtcNow();
        var f = _names.GetOrCreate(Key(name), e =>
        {
            e.Size = 1;
            e.SlidingExpiration = limits.Lockout;
            return new Failures();
        })!;
        lock (f)
        {
            var (count, until, _) = f.ByAddress.TryGetValue(address, out var e) && e.Last > now - limits.Lockout ? e : (0, null, now);
            if (until is { } u && u <= now) (count, until) = (0, null); // an expired lock starts a new count
            count++;
            var lockedNow = until is null && count >= limits.MaxFailures;
            if (lockedNow) until = now + limits.Lockout;
            if (!f.ByAddress.ContainsKey(address) && f.ByAddress.Count >= AddressesPerName)
                f.ByAddress.Remove(f.ByAddress.MinBy(x => x.Value.Last).Key);
            f.ByAddress[address] = (count, until, now);
            return new SignInFailure(Math.Max(0, limits.MaxFailures - count), until, lockedNow);
        }
    }

    /// <summary>A right password from this address forgets its failures.</summary>
    public void Succeeded(string name, string address)
    {
        if (_names.TryGetValue(Key(name), out Failures? f)) lock (f!) f.ByAddress.Remove(address);
    }

    /// <summary>The administrator unlocks the name from every address.</summary>
    public void Unlock(string name) => _names.Remove(Key(name));

    public void Dispose() => _names.Dispose();
}

/// <summary>
/// Rate limits on signing in (ASP.NET Core's rate limiter): per client address by the middleware's policy
/// <see cref="Policy"/>, and per user name in the endpoint (the name is in the body, which the middleware does not
/// read). Both answer 429 with <c>Retry-After</c> and the code <c>too-many-requests</c>.
/// </summary>
public static class SignInGuard
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddLiuyuSignInGuard(this IServiceCollection services, IConfiguration config)
    {
        var limits = config.GetSection("Liuyu:SignIn").Get<SignInLimits>() ?? new SignInLimits();
        services.AddSingleton(limits);
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton(new AccountRateLimiter(limits));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(Address(http), _ => Window(limits.PerAddressPerMinute)));
            o.OnRejected = (context, ct) => new ValueTask(TooMany(context.HttpContext, context.Lease, ct));
        });
        return services;
    }

    /// <summary>The client's address (after the forwarded headers of a trusted proxy were applied).</summary>
    public static string Address(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } a ? (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToString() : IPAddress.None.ToString();

    internal static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    /// <summary>Answers 429 with Retry-After (whole seconds) and a problem with the code too-many-requests {seconds}.</summary>
    public static Task TooMany(HttpContext http, RateLimitLease lease, CancellationToken ct) => new TooManyRequests(lease).ExecuteAsync(http);
}

/// <summary>429 with Retry-After (whole seconds, from the limiter's lease) and a problem with the code too-many-requests {seconds}.</summary>
public sealed class TooManyRequests(RateLimitLease lease) : IResult
{
    public int Seconds { get; } = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Seconds.ToString(CultureInfo.InvariantCulture);
        var error = new InputError("", null, null, ErrorCodes.TooManyRequests, ("seconds", Seconds));
        await TypedResults.Problem(error.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", extensions: Problem.Codes([error]))
            .ExecuteAsync(http);
    }
}

/// <summary>Sign-in attempts per user name (normalised), known or not, per minute.</summary>
public sealed class AccountRateLimiter(SignInLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        name => RateLimitPartition.GetFixedWindowLimiter(name, _ => SignInGuard.Window(limits.PerAccountPerMinute)));

    public RateLimitLease Acquire(string userName) => _limiter.AttemptAcquire(SignInThrottle.Key(userName));

    public void Dispose() => _limiter.Dispose();
}
