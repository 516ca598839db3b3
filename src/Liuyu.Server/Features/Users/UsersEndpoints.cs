using System.Security.Claims;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Liuyu.Server.Features.Users;

public sealed record UserView(string UserName, IReadOnlyList<string> Roles, string? Party, bool LockedOut);
public sealed record CreateUserRequest(string? UserName, string? Password, string? Role, string? Party);
public sealed record RoleRequest(string? Role, string? Party);
public sealed record PasswordRequest(string? Password);

/// <summary>
/// User administration: the administrator creates users, binds a district user to its party, changes a user's role
/// and unlocks a locked account. Every change is recorded in the audit log (审计) under the administrator's name,
/// never with a password. The users store is not the ledger store, so the entry is written just after Identity saved
/// the change (a change that fails records nothing).
/// </summary>
public static class UsersEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(p => p.RequireRole(Roles.Administrator));
        g.MapGet("/", List);
        g.MapPost("/", Create).AddEndpointFilter<AntiforgeryFilter>();
        g.MapPost("/{name}/role", ChangeRole).AddEndpointFilter<AntiforgeryFilter>();
        g.MapPost("/{name}/unlock", Unlock).AddEndpointFilter<AntiforgeryFilter>();
        g.MapPost("/{name}/lock", Lock).AddEndpointFilter<AntiforgeryFilter>();
        g.MapPost("/{name}/password", ResetPassword).AddEndpointFilter<AntiforgeryFilter>();
        g.MapDelete("/{name}", Delete).AddEndpointFilter<AntiforgeryFilter>();
    }

    /// <summary>Locked: by the administrator, or sign-in from some address after repeated failures (<see cref="SignInThrottle"/>).</summary>
    private static async Task<bool> IsLocked(UserManager<LiuyuUser> users, SignInThrottle throttle, LiuyuUser user) =>
        await users.IsLockedOutAsync(user) || throttle.IsLocked(user.UserName!);

    private static async Task<Ok<List<UserView>>> List(UserManager<LiuyuUser> users, SignInThrottle throttle)
    {
        var list = new List<UserView>();
        foreach (var u in users.Users.OrderBy(u => u.UserName).ToList())
            list.Add(new UserView(u.UserName!, [.. await users.GetRolesAsync(u)], u.PartyId, await IsLocked(users, throttle, u)));
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<UserView>, ValidationProblem>> Create(CreateUserRequest request, ClaimsPrincipal admin, UserManager<LiuyuUser> users, StoreAccess store)
    {
        if (string.IsNullOrWhiteSpace(request.UserName)) return Problem.Invalid("userName", ErrorCodes.UserNameMissing);
        if (string.IsNullOrEmpty(request.Password)) return Problem.Invalid("password", ErrorCodes.PasswordMissing);
        if (CheckRole(request.Role, request.Party, store) is { } invalid) return invalid;
        if (await users.FindByNameAsync(request.UserName.Trim()) is not null) return Problem.Invalid("userName", ErrorCodes.UserNameTaken);
        var name = request.UserName.Trim();
        var result = await IdentitySetup.CreateAsync(users, name, request.Password, request.Role!, request.Party);
        if (!result.Succeeded) return PasswordRefused(result);
        store.Write(admin, s => { s.RecordAudit("user.create", name, null, new { userName = name, role = request.Role, party = request.Party }); return 0; });
        return TypedResults.Created($"/api/users/{name}", new UserView(name, [request.Role!], request.Party, false));
    }

    /// <summary>A role named, and a party given exactly when the role is District.</summary>
    private static ValidationProblem? CheckRole(string? role, string? party, StoreAccess store)
    {
        if (role is null || !Roles.All.Contains(role)) return Problem.Invalid("role", ErrorCodes.RoleInvalid, ("roles", string.Join(", ", Roles.All)));
        if (role == Roles.District)
        {
            if (string.IsNullOrWhiteSpace(party)) return Problem.Invalid("party", ErrorCodes.PartyRequiredForDistrict);
            var known = store.Read(s => s.Known());
            if (!known.Parties.TryGetValue(new PartyId(party), out var kind) || kind != PartyKind.District)
                return Problem.Invalid("party", ErrorCodes.PartyNotDistrict, ("party", party));
        }
        else if (role == Roles.ProvinceFinance)
        {
            // R-EXT-2: bound to a party of another province; it reads and confirms that party's cross-province statements.
            if (string.IsNullOrWhiteSpace(party)) return Problem.Invalid("party", ErrorCodes.PartyRequiredForProvinceFinance);
            var registry = store.Read(s => s.LoadRegistry());
            if (!registry.HasParty(new PartyId(party)) || registry.Party(new PartyId(party)).IsChongqing)
                return Problem.Invalid("party", ErrorCodes.PartyNotOtherProvince, ("party", party));
        }
        else if (!string.IsNullOrEmpty(party)) return Problem.Invalid("party", ErrorCodes.PartyOnlyForDistrict);
        return null;
    }

    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> ChangeRole(string name, RoleRequest request, ClaimsPrincipal admin,
        UserManager<LiuyuUser> users, StoreAccess store)
    {
        if (await users.FindByNameAsync(name) is not { } user) return Problem.NotFound(ErrorCodes.UserUnknown, ("user", name));
        if (CheckRole(request.Role, request.Party, store) is { } invalid) return invalid;
        // The administrator keeps the administration: another administrator changes this one's role.
        if (user.UserName == admin.Identity?.Name) return Problem.Invalid("role", ErrorCodes.RoleOwn);
        var before = new { roles = (await users.GetRolesAsync(user)).Order().ToList(), party = user.PartyId };
        var party = string.IsNullOrEmpty(request.Party) ? null : request.Party;
        if (before.roles.SequenceEqual([request.Role!]) && before.party == party) return Problem.Invalid("role", ErrorCodes.RoleUnchanged, ("user", name));
        var removed = await users.RemoveFromRolesAsync(user, before.roles);
        user.PartyId = party;
        var result = removed.Succeeded ? await users.AddToRoleAsync(user, request.Role!) : removed;
        if (!result.Succeeded) return Problem.Invalid("role", ErrorCodes.RoleRejected, ("reason", string.Join(" ", result.Errors.Select(e => e.Description))), ("identity", string.Join(",", result.Errors.Select(e => e.Code))));
        // The user's sign-in cookie carries the old role until it is renewed: a new security stamp ends it.
        await users.UpdateSecurityStampAsync(user);
        store.Write(admin, s => { s.RecordAudit("user.role", name, before, new { roles = new[] { request.Role }, party }); return 0; });
        return TypedResults.Ok(new UserView(name, [request.Role!], party, await users.IsLockedOutAsync(user)));
    }

    /// <summary>Unlocks a user: the administrator's lock, and sign-in from every address that failed too often.</summary>
    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> Unlock(string name, ClaimsPrincipal admin, UserManager<LiuyuUser> users,
        SignInThrottle throttle, StoreAccess store)
    {
        if (await users.FindByNameAsync(name) is not { } user) return Problem.NotFound(ErrorCodes.UserUnknown, ("user", name));
        if (!await IsLocked(users, throttle, user)) return Problem.Invalid("userName", ErrorCodes.UserNotLocked, ("user", name));
        var before = new { lockedOut = true, lockedUntil = user.LockoutEnd, failedAttempts = throttle.MostFailures(name), byAdministrator = await users.IsLockedOutAsync(user) };
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        throttle.Unlock(name);
        store.Write(admin, s => { s.RecordAudit("user.unlock", name, before, new { lockedOut = false }); return 0; });
        return TypedResults.Ok(new UserView(name, [.. await users.GetRolesAsync(user)], user.PartyId, false));
    }

    /// <summary>The administrator locks a user: sign-in is refused and the user's sessions end on their next request.</summary>
    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> Lock(string name, ClaimsPrincipal admin, UserManager<LiuyuUser> users, StoreAccess store)
    {
        if (await users.FindByNameAsync(name) is not { } user) return Problem.NotFound(ErrorCodes.UserUnknown, ("user", name));
        if (user.UserName == admin.Identity?.Name) return Problem.Invalid("userName", ErrorCodes.UserSelf);
        var before = new { lockedOut = await users.IsLockedOutAsync(user) };
        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        if (!result.Succeeded) return Problem.Invalid("userName", ErrorCodes.RoleRejected, ("reason", string.Join(" ", result.Errors.Select(e => e.Description))), ("identity", string.Join(",", result.Errors.Select(e => e.Code))));
        await users.UpdateSecurityStampAsync(user);
        store.Write(admin, s => { s.RecordAudit("user.lock", name, before, new { lockedOut = true, byAdministrator = true }); return 0; });
        return TypedResults.Ok(new UserView(name, [.. await users.GetRolesAsync(user)], user.PartyId, true));
    }

    /// <summary>The administrator sets a new password (the policy applies); the user's sessions end (Identity renews the security stamp).</summary>
    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> ResetPassword(string name, PasswordRequest request, ClaimsPrincipal admin,
        UserManager<LiuyuUser> users, SignInThrottle throttle, StoreAccess store)
    {
        if (await users.FindByNameAsync(name) is not { } user) return Problem.NotFound(ErrorCodes.UserUnknown, ("user", name));
        if (string.IsNullOrEmpty(request.Password)) return Problem.Invalid("password", ErrorCodes.PasswordMissing);
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), request.Password);
        if (!result.Succeeded) return PasswordRefused(result);
        store.Write(admin, s => { s.RecordAudit("user.password", name, null, new { passwordChanged = true }); return 0; });
        return TypedResults.Ok(new UserView(name, [.. await users.GetRolesAsync(user)], user.PartyId, await IsLocked(users, throttle, user)));
    }

    /// <summary>The administrator deletes a user; its sessions end on their next request (the user is gone).</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(string name, ClaimsPrincipal admin, UserManager<LiuyuUser> users, SignInThrottle throttle, StoreAccess store)
    {
        if (await users.FindByNameAsync(name) is not { } user) return Problem.NotFound(ErrorCodes.UserUnknown, ("user", name));
        if (user.UserName == admin.Identity?.Name) return Problem.Invalid("userName", ErrorCodes.UserSelf);
        var before = new { userName = name, roles = (await users.GetRolesAsync(user)).Order().ToList(), party = user.PartyId };
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded) return Problem.Invalid("userName", ErrorCodes.RoleRejected, ("reason", string.Join(" ", result.Errors.Select(e => e.Description))), ("identity", string.Join(",", result.Errors.Select(e => e.Code))));
        throttle.Unlock(name);
        store.Write(admin, s => { s.RecordAudit("user.delete", name, before, null); return 0; });
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A refused password, as codes: Identity's rules (length, a digit, a symbol, …) as one password-rejected with
    /// Identity's codes, as before; the policy's own as password-common and password-contains-user-name.
    /// </summary>
    private static ValidationProblem PasswordRefused(IdentityResult result)
    {
        var own = new[] { ErrorCodes.PasswordCommon, ErrorCodes.PasswordContainsUserName };
        var identity = result.Errors.Where(e => !own.Contains(e.Code)).ToList();
        var errors = new List<InputError>();
        if (identity.Count > 0)
            errors.Add(new InputError("password", null, null, ErrorCodes.PasswordRejected, ("reason", string.Join(" ", identity.Select(e => e.Description))), ("identity", string.Join(",", identity.Select(e => e.Code)))));
        if (result.Errors.Any(e => e.Code == ErrorCodes.PasswordCommon)) errors.Add(new InputError("password", null, null, ErrorCodes.PasswordCommon));
        if (result.Errors.Any(e => e.Code == ErrorCodes.PasswordContainsUserName)) errors.Add(new InputError("password", null, null, ErrorCodes.PasswordContainsUserName));
        return Problem.Invalid(errors);
    }
}
