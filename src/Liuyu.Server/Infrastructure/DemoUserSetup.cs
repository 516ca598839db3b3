using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// Creates the demo users (one per bureau role, one per district) that do not exist yet, fast: the shared demo password
/// is hashed once (a real Identity hash, PBKDF2 as for every password) and that hash is given to every demo user, and
/// they are written in one transaction. Hashing it per user took seconds at first start for forty-odd users that all
/// share one password anyway. The password policy still runs for each user (it can refuse a password that contains the
/// user's name). Real users keep a hash of their own: they are created through <see cref="IdentitySetup.CreateAsync"/>.
/// </summary>
public static class DemoUserSetup
{
    public static async Task<int> CreateMissingAsync(IServiceProvider sp, IEnumerable<(string Name, string Role, string? Party)> demoUsers, string password)
    {
        var users = sp.GetRequiredService<UserManager<LiuyuUser>>();
        var existing = (await users.Users.Select(u => u.NormalizedUserName).ToListAsync()).ToHashSet();
        var missing = demoUsers.Where(u => !existing.Contains(users.NormalizeName(u.Name))).ToList();
        if (missing.Count == 0) return 0;
        var db = sp.GetRequiredService<UsersDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        string? hash = null;
        foreach (var (name, role, party) in missing)
        {
            var user = new LiuyuUser { UserName = name, PartyId = party };
            foreach (var validator in users.PasswordValidators)
                Check(await validator.ValidateAsync(users, user, password), name);
            user.PasswordHash = hash ??= users.PasswordHasher.HashPassword(user, password);
            Check(await users.CreateAsync(user), name);
            Check(await users.AddToRoleAsync(user, role), name);
        }
        await tx.CommitAsync();
        return missing.Count;
    }

    private static void Check(IdentityResult r, string name)
    {
        if (!r.Succeeded) throw new InvalidOperationException($"demo user {name}: {string.Join("; ", r.Errors.Select(e => e.Description))}");
    }
}
