using System.Security.Claims;
using Liuyu.Data.Csv;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Liuyu.Server.Features.Account;

public sealed record LoginRequest(string? UserName, string? Password);
public sealed record AntiforgeryToken(string Token, string HeaderName);
public sealed record Me(string UserName, IReadOnlyList<string> Roles, string? Party);

/// <summary>Signing in and out with the Identity cookie; the anti-forgery token the page sends with every change.</summary>
public static class AccountEndpoints
{
    public static void MapAccount(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/account").WithTags("Account");
        g.MapGet("/antiforgery", GetToken).AllowAnonymous();
        g.MapPost("/login", Login).AllowAnonymous().AddEndpointFilter<AntiforgeryFilter>().RequireRateLimiting(SignInGuard.Policy);
        g.MapPost("/logout", Logout).RequireAuthorization(Roles.SignedInPolicy).AddEndpointFilter<AntiforgeryFilter>();
        g.MapGet("/me", GetMe).RequireAuthorization(Roles.SignedInPolicy);
    }

    /// <summary>Issues the anti-forgery cookie and the request token (fetch it again after signing in: it names the user).</summary>
    private static Ok<AntiforgeryToken> GetToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryToken(tokens.RequestToken!, tokens.HeaderName!));
    }

    /// <summary>
    /// Signs in. An unknown user name is answered exactly as a known one with a wrong password: the same status and
    /// body, a password hashed all the same (so about the same time), and the same count of failures towards the
    /// lockout, which holds for one user name from one client address (<see cref="SignInThrottle"/>): a stranger who
    /// guesses from elsewhere does not lock the user out. The failure before the lockout warns; the lockout says for how
    /// many minutes. Attempts are rate limited per client address (the endpoint's policy) and per user name (here).
    /// A lockout of a known user is recorded in the audit log (<c>user.lockout</c>, with the caller's address); single
    /// failures are only logged, so that anyone on the network cannot flood the audit log.
    /// </summary>
    private static async Task<Results<Ok<Me>, ValidationProblem, ProblemHttpResult, TooManyRequests>> Login(LoginRequest request, SignInManager<LiuyuUser> signIn,
        UserManager<LiuyuUser> users, IPasswordHasher<LiuyuUser> hasher, SignInThrottle throttle, AccountRateLimiter perAccount, SignInLimits limits,
        StoreAccess store, HttpContext http, TimeProvider clock, ILoggerFactory logs)
    {
        var log = logs.CreateLogger("Liuyu.Server.Account");
        if (string.IsNullOrWhiteSpace(request.UserName)) return Problem.Invalid("userName", ErrorCodes.UserNameMissing);
        if (string.IsNullOrEmpty(request.Password)) return Problem.Invalid("password", ErrorCodes.PasswordMissing);
        var name = request.UserName.Trim();
        var address = SignInGuard.Address(http);
        using (var lease = perAccount.Acquire(name))
            if (!lease.IsAcquired) return new TooManyRequests(lease);
        if (throttle.LockedUntil(name, address) is { } lockedUntil)
        {
            log.LogWarning("Sign-in refused for {User} from {Address}: locked out", name, address);
            return Locked(lockedUntil, clock);
        }

        var account = await users.FindByNameAsync(name);
        bool passwordRight;
        if (account is null)
        {
            // The same work as for a known user: one password hash verified.
            hasher.VerifyHashedPassword(Nobody, NobodysHash(hasher), request.Password);
            passwordRight = false;
        }
        else passwordRight = await users.CheckPasswordAsync(account, request.Password);

        if (!passwordRight)
        {
            var failure = throttle.Fail(name, address);
            log.LogWarning("Sign-in failed for {User} from {Address}, {Remaining} attempt(s) left", name, address, failure.Remaining);
            if (failure.LockedNow)
            {
                if (account is not null)
                    store.Write(new AuditActor(ServerWords.Anonymous), s =>
                    {
                        s.RecordAudit("user.lockout", account.UserName!, new { lockedOut = false },
                            new { lockedOut = true, lockedUntil = failure.LockedUntil, failedAttempts = limits.MaxFailures, from = address });
                        return 0;
                    });
                return Locked(failure.LockedUntil!.Value, clock);
            }
            return failure.Remaining == 1
                ? Coded(StatusCodes.Status401Unauthorized, "Sign-in failed", new InputError("", null, null, ErrorCodes.SignInFailedWarning, ("remaining", failure.Remaining)))
                : Coded(StatusCodes.Status401Unauthorized, "Sign-in failed", new InputError("", null, null, ErrorCodes.SignInFailed));
        }
        // The right password: only now may the answer say that the administrator has disabled the account.
        if (await users.IsLockedOutAsync(account!))
            return Coded(StatusCodes.Status423Locked, "Account disabled", new InputError("", null, null, ErrorCodes.AccountDisabled));
        throttle.Succeeded(name, address);
        await signIn.SignInAsync(account!, isPersistent: false);
        log.LogInformation("{User} signed in", account!.UserName);
        return TypedResults.Ok(new Me(account.UserName!, [.. await users.GetRolesAsync(account)], account.PartyId));
    }

    private static readonly LiuyuUser Nobody = new() { UserName = "" };
    private static string? _nobodysHash;

    /// <summary>A hash of a random password, made once: what an unknown user's password is checked against.</summary>
    private static string NobodysHash(IPasswordHasher<LiuyuUser> hasher) =>
        _nobodysHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));

    private static ProblemHttpResult Locked(DateTimeOffset until, TimeProvider clock) =>
        Coded(StatusCodes.Status423Locked, "Sign-in locked",
            new InputError("", null, null, ErrorCodes.AccountLocked, ("minutes", Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalMinutes)))));

    private static ProblemHttpResult Coded(int status, string title, InputError error) =>
        TypedResults.Problem(error.Message, statusCode: status, title: title, extensions: Problem.Codes([error]));

    /// <summary>Signs out and ends the session on the server: a new security stamp, so a copy of the cookie dies too (and the user's other sessions with it).</summary>
    private static async Task<NoContent> Logout(SignInManager<LiuyuUser> signIn, UserManager<LiuyuUser> users, ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is { } user) await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static Ok<Me> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new Me(user.Identity!.Name!, [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)], user.Party()?.Value));
}
