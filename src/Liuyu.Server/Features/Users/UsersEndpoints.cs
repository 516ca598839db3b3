using Liuyu.Domain;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Liuyu.Server.Features.Users;

public sealed record UserView(string UserName, IReadOnlyList<string> Roles, string? Party, bool LockedOut);
public sealed record CreateUserRequest(string? UserName, string? Password, string? Role, string? Party);

/// <summary>User administration: the administrator creates users and binds a district user to its party.</summary>
public static class UsersEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(p => p.RequireRole(Roles.Administrator));
        g.MapGet("/", List);
        g.MapPost("/", Create).AddEndpointFilter<AntiforgeryFilter>();
    }

    private static async Task<Ok<List<UserView>>> List(UserManager<LiuyuUser> users)
    {
        var list = new List<UserView>();
        foreach (var u in users.Users.OrderBy(u => u.UserName).ToList())
            list.Add(new UserView(u.UserName!, [.. await users.GetRolesAsync(u)], u.PartyId, await users.IsLockedOutAsync(u)));
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<UserView>, ValidationProblem>> Create(CreateUserRequest request, UserManager<LiuyuUser> users, StoreAccess store)
    {
        if (string.IsNullOrWhiteSpace(request.UserName)) return Problem.Invalid("userName", "Enter a user name.");
        if (string.IsNullOrEmpty(request.Password)) return Problem.Invalid("password", "Enter a password.");
        if (request.Role is null || !Roles.All.Contains(request.Role)) return Problem.Invalid("role", $"Role must be one of {string.Join(", ", Roles.All)}.");
        if (request.Role == Roles.District)
        {
            if (string.IsNullOrWhiteSpace(request.Party)) return Problem.Invalid("party", "A district user is bound to one party: name it.");
            var known = store.Read(s => s.Known());
            if (!known.Parties.TryGetValue(new PartyId(request.Party), out var kind) || kind != PartyKind.District)
                return Problem.Invalid("party", $"'{request.Party}' is not a district of the scheme.");
        }
        else if (!string.IsNullOrEmpty(request.Party)) return Problem.Invalid("party", "Only a district user is bound to a party.");
        if (await users.FindByNameAsync(request.UserName.Trim()) is not null) return Problem.Invalid("userName", "This user name is taken.");
        var result = await IdentitySetup.CreateAsync(users, request.UserName.Trim(), request.Password, request.Role, request.Party);
        if (!result.Succeeded) return Problem.Invalid("password", string.Join(" ", result.Errors.Select(e => e.Description)));
        return TypedResults.Created($"/api/users/{request.UserName.Trim()}", new UserView(request.UserName.Trim(), [request.Role], request.Party, false));
    }
}
