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
        g.MapPost("/login", Login).AllowAnonymous().AddEndpointFilter<AntiforgeryFilter>();
        g.MapPost("/logout", Logout).RequireAuthorization().AddEndpointFilter<AntiforgeryFilter>();
        g.MapGet("/me", GetMe).RequireAuthorization();
    }

    /// <summary>Issues the anti-forgery cookie and the request token (fetch it again after signing in: it names the user).</summary>
    private static Ok<AntiforgeryToken> GetToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryToken(tokens.RequestToken!, tokens.HeaderName!));
    }

    /// <summary>
    /// Signs in. The failure that locks an account is recorded in the audit log (<c>user.lockout</c>, with the
    /// caller's address); single failures are only logged, so that anyone on the network cannot flood the audit log.
    /// </summary>
    private static async Task<Results<Ok<Me>, ValidationProblem, ProblemHttpResult>> Login(LoginRequest request, SignInManager<LiuyuUser> signIn, UserManager<LiuyuUser> users,
        StoreAccess store, HttpContext http, ILoggerFactory logs)
    {
        var log = logs.CreateLogger("Liuyu.Server.Account");
        if (string.IsNullOrWhiteSpace(request.UserName)) return Problem.Invalid("userName", ErrorCodes.UserNameMissing);
        if (string.IsNullOrEmpty(request.Password)) return Problem.Invalid("password", ErrorCodes.PasswordMissing);
        var account = await users.FindByNameAsync(request.UserName.Trim());
        var wasLocked = account is not null && await users.IsLockedOutAsync(account);
        var result = await signIn.PasswordSignInAsync(request.UserName.Trim(), request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            if (account is not null && !wasLocked)
            {
                var locked = (await users.FindByIdAsync(account.Id))!;
                store.Write(new AuditActor(ServerWords.Anonymous), s =>
                {
                    s.RecordAudit("user.lockout", locked.UserName!, new { lockedOut = false },
                        new { lockedOut = true, lockedUntil = locked.LockoutEnd, failedAttempts = users.Options.Lockout.MaxFailedAccessAttempts, from = http.Connection.RemoteIpAddress?.ToString() });
                    return 0;
                });
            }
            log.LogWarning("Sign-in refused for {User}: locked out", request.UserName);
            return TypedResults.Problem("Too many failed attempts: the account is locked for 15 minutes.", statusCode: StatusCodes.Status423Locked, title: "Account locked",
                extensions: Problem.Codes([new InputError("", null, null, ErrorCodes.AccountLocked, ("minutes", 15))]));
        }
        if (!result.Succeeded)
        {
            log.LogWarning("Sign-in failed for {User}", request.UserName);
            return TypedResults.Problem("User name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                extensions: Problem.Codes([new InputError("", null, null, ErrorCodes.SignInFailed)]));
        }
        var user = (await users.FindByNameAsync(request.UserName.Trim()))!;
        log.LogInformation("{User} signed in", user.UserName);
        return TypedResults.Ok(new Me(user.UserName!, [.. await users.GetRolesAsync(user)], user.PartyId));
    }

    private static async Task<NoContent> Logout(SignInManager<LiuyuUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static Ok<Me> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new Me(user.Identity!.Name!, [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)], user.Party()?.Value));
}
