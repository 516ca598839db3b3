using System.Security.Claims;
using Liuyu.Domain;
using Liuyu.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Liuyu.Server.Infrastructure;

/// <summary>The roles of the scheme. A district user is bound to one party (<see cref="LiuyuUser.PartyId"/>).</summary>
public static class Roles
{
    /// <summary>市财政局: clears the settlement, confirms for the municipal treasury, approves exemptions.</summary>
    public const string FinanceBureau = "FinanceBureau";
    /// <summary>市生态环境局: approves exemptions and sections.</summary>
    public const string EcologyBureau = "EcologyBureau";
    /// <summary>市生态环境监测中心: imports monitoring results.</summary>
    public const string MonitoringCentre = "MonitoringCentre";
    /// <summary>区县政府: confirms its settlement and applies for exemptions, for its own party only.</summary>
    public const string District = "District";
    /// <summary>审计: reads everything, changes nothing.</summary>
    public const string Auditor = "Auditor";
    /// <summary>Manages users; created from configuration on first start.</summary>
    public const string Administrator = "Administrator";
    /// <summary>
    /// R-EXT-2 外省财政部门: the finance department of another province, bound to its party; reads and confirms the statement
    /// of that party's cross-province agreements and nothing else (the default policy refuses it everywhere else).
    /// </summary>
    public const string ProvinceFinance = "ProvinceFinance";

    public static readonly string[] All = [FinanceBureau, EcologyBureau, MonitoringCentre, District, Auditor, Administrator, ProvinceFinance];

    /// <summary>The roles inside the scheme: every role but <see cref="ProvinceFinance"/>.</summary>
    public static readonly string[] Scheme = [FinanceBureau, EcologyBureau, MonitoringCentre, District, Auditor, Administrator];

    /// <summary>Any signed-in user, the other province's finance department included (its account, the cross-province statements).</summary>
    public const string SignedInPolicy = "signed-in";

    /// <summary>
    /// The default policy of <c>RequireAuthorization()</c>: signed in with a role of the scheme. A user whose only role is
    /// <see cref="ProvinceFinance"/> is refused by every endpoint that does not name it (R-EXT-2: "nothing else").
    /// </summary>
    public static Microsoft.AspNetCore.Authorization.AuthorizationPolicy InsideTheScheme { get; } =
        new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Scheme).Build();

    public const string PartyClaim = "liuyu:party";

    public static PartyId? Party(this ClaimsPrincipal user) =>
        user.FindFirstValue(PartyClaim) is { Length: > 0 } p ? new PartyId(p) : null;
}

/// <summary>A user of the web application.</summary>
public sealed class LiuyuUser : IdentityUser
{
    /// <summary>For a district user: the party (区县) the user acts for.</summary>
    public string? PartyId { get; set; }
}

/// <summary>
/// The users store (ASP.NET Core Identity), kept apart from the ledger store: its own SQLite file by default, or a
/// PostgreSQL database. Like the ledger store it has a migration set per engine (<see cref="SqliteUsersDb"/>,
/// <see cref="PostgresUsersDb"/>, in Migrations/Users*), so that a later schema change reaches existing installations.
/// </summary>
public abstract class UsersDb(DbContextOptions options) : IdentityDbContext<LiuyuUser>(options)
{
    /// <summary>The first migration: the schema that earlier versions created with <c>EnsureCreated</c>.</summary>
    public const string InitialMigration = "20261204140000_Users";

    /// <summary>
    /// Migrates the users store. A store created by an earlier version (with <c>EnsureCreated</c>, so with the tables
    /// but no migrations history) is first marked as being at <see cref="InitialMigration"/>, which is that schema.
    /// </summary>
    public async Task MigrateAsync()
    {
        var history = this.GetService<IHistoryRepository>();
        // No migration applied (the history table may be missing or empty) but the tables are there: adopt them.
        if (!(await Database.GetAppliedMigrationsAsync()).Any() && await HasLegacySchemaAsync())
        {
            await Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript());
            await Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(InitialMigration, ProductInfo.GetVersion())));
        }
        await Database.MigrateAsync();
    }

    protected abstract Task<bool> HasLegacySchemaAsync();
}

public sealed class SqliteUsersDb(DbContextOptions<SqliteUsersDb> options) : UsersDb(options)
{
    protected override async Task<bool> HasLegacySchemaAsync() =>
        await Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'AspNetUsers'").SingleAsync() > 0;
}

public sealed class PostgresUsersDb(DbContextOptions<PostgresUsersDb> options) : UsersDb(options)
{
    protected override async Task<bool> HasLegacySchemaAsync() =>
        await Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'AspNetUsers'").SingleAsync() > 0;
}

/// <summary>Design-time factories for <c>dotnet ef migrations add</c>; the connection strings are never opened.</summary>
public sealed class SqliteUsersDesignFactory : IDesignTimeDbContextFactory<SqliteUsersDb>
{
    public SqliteUsersDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteUsersDb>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresUsersDesignFactory : IDesignTimeDbContextFactory<PostgresUsersDb>
{
    public PostgresUsersDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgresUsersDb>().UseNpgsql("Host=localhost;Database=design").Options);
}

/// <summary>Adds the user's party to the sign-in cookie, so that every request knows it without a lookup.</summary>
public sealed class LiuyuClaimsFactory(UserManager<LiuyuUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<LiuyuUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(LiuyuUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.PartyId is { Length: > 0 } p) identity.AddClaim(new Claim(Roles.PartyClaim, p));
        return identity;
    }
}

/// <summary>
/// The session check on every request (<see cref="SecurityStampValidatorOptions.ValidationInterval"/> is zero): the
/// user still exists, is not locked by the administrator, and the cookie's security stamp is the user's current one.
/// Every change that must end a session (role, party, password, lock, deletion, sign-out) renews the stamp, so a cookie
/// whose stamp still matches carries the current role and party: it is kept as it is, not rebuilt on each request.
/// </summary>
public sealed class SessionValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<LiuyuUser> signIn, ILoggerFactory logs,
    SessionCache sessions)
    : SecurityStampValidator<LiuyuUser>(options, signIn, logs)
{
    protected override async Task<LiuyuUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        var id = principal is null ? null : SignInManager.UserManager.GetUserId(principal);
        var stamp = principal?.FindFirstValue(SignInManager.Options.ClaimsIdentity.SecurityStampClaimType);
        var generation = sessions.Generation();
        if (id is not null && stamp is not null && generation is { } g && sessions.Find(id, g) is { } known && known.Stamp == stamp)
            return known.LockedAt(TimeProvider.GetUtcNow()) ? null : known.User;
        if (await base.VerifySecurityStamp(principal) is not { } user || await SignInManager.UserManager.IsLockedOutAsync(user)) return null;
        if (generation is { } now) sessions.Keep(now, user);
        return user;
    }

    protected override Task SecurityStampVerified(LiuyuUser user, CookieValidatePrincipalContext context) => Task.CompletedTask;
}

/// <summary>
/// The users' security stamps and locks as last read, kept only while the users database has not changed
/// (<see cref="ChangeWatch"/>: any write to it, by this server or another process, empties what is known). The session
/// check on every request then costs a counter read instead of a query, and is still exact on the next request after a
/// change of role, party, password, lock or deletion, or a sign-out. On PostgreSQL nothing is kept.
/// </summary>
public sealed class SessionCache(ChangeWatch watch) : IDisposable
{
    public sealed record Known(long Generation, string Stamp, bool LockoutEnabled, DateTimeOffset? LockoutEnd, LiuyuUser User)
    {
        public bool LockedAt(DateTimeOffset now) => LockoutEnabled && LockoutEnd is { } end && end >= now;
    }

    private const int MostKept = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Known> _known = new();

    public long? Generation() => watch.Generation();

    public Known? Find(string userId, long generation) =>
        _known.TryGetValue(userId, out var k) && k.Generation == generation ? k : null;

    public void Keep(long generation, LiuyuUser user)
    {
        if (user.SecurityStamp is null) return;
        if (_known.Count >= MostKept) _known.Clear();
        _known[user.Id] = new Known(generation, user.SecurityStamp, user.LockoutEnabled, user.LockoutEnd, user);
    }

    public void Dispose() => watch.Dispose();
}

public static class IdentitySetup
{
    public static void AddLiuyuIdentity(this IServiceCollection services, string usersLocation)
    {
        var location = StoreLocation.Parse(usersLocation);
        if (!location.IsPostgres) Directory.CreateDirectory(Path.GetDirectoryName(location.Display)!);
        if (location.IsPostgres) services.AddDbContext<UsersDb, PostgresUsersDb>(o => o.UseNpgsql(location.ConnectionString));
        // Pooled: a request's session check would otherwise open the file and parse its schema afresh.
        else services.AddDbContext<UsersDb, SqliteUsersDb>(o => o.UseSqlite(
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(location.ConnectionString) { Pooling = true }.ToString()));
        services.AddSingleton(_ => new SessionCache(new ChangeWatch(location))); // made by the container, so disposed with it
        services.AddIdentity<LiuyuUser, IdentityRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = PasswordPolicy.MinimumLength;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<UsersDb>()
            .AddClaimsPrincipalFactory<LiuyuClaimsFactory>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddDefaultTokenProviders(); // the administrator's password reset
        // Every request checks the cookie's security stamp against the users store (one row by key): a change of role,
        // party, password, a lock, a deletion or a sign-out takes effect on the user's next request.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, SessionValidator>());
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "liuyu.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure over HTTPS (directly, or behind a proxy whose X-Forwarded-Proto is trusted: docs/web.md).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // An API answers 401/403; the page shows its own sign-in form.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
    }

    /// <summary>
    /// Creates the users schema, the roles and the first administrator from configuration (Liuyu:Admin:User and
    /// Liuyu:Admin:Password; the code holds no default password). Needs nothing from the store, so the server runs it
    /// while the store is migrated (two databases, two models to build: on two cores a restart is that much shorter).
    /// </summary>
    public static async Task InitialiseUsersAsync(this IServiceProvider services, ServerOptions options)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var log = sp.GetRequiredService<ILogger<UsersDb>>();
        await sp.GetRequiredService<UsersDb>().MigrateAsync();
        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), role);
        var users = sp.GetRequiredService<UserManager<LiuyuUser>>();

        if (options.Admin.User is { Length: > 0 } admin && options.Admin.Password is { Length: > 0 } password && await users.FindByNameAsync(admin) is null)
        {
            Check(await CreateAsync(users, admin, password, Roles.Administrator, null), $"the first administrator {admin}");
            log.LogInformation("First administrator {User} created from configuration", admin);
        }
        else if (options.Admin.User is null && !users.Users.Any())
            log.LogWarning("No users yet: set Liuyu:Admin:User and Liuyu:Admin:Password (environment Liuyu__Admin__User, Liuyu__Admin__Password) to create the first administrator");
    }

    /// <summary>When asked (Liuyu:DemoUsers:Password), the demo users of the store's parties that are still missing.</summary>
    public static async Task InitialiseDemoUsersAsync(this IServiceProvider services, ServerOptions options, Func<IReadOnlyList<Party>> parties)
    {
        if (options.DemoUsers.Password is not { Length: > 0 } demoPassword) return;
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var created = await DemoUserSetup.CreateMissingAsync(sp, DemoUsers(parties()), demoPassword);
        if (created > 0) sp.GetRequiredService<ILogger<UsersDb>>().LogInformation("{Count} demo users created", created);
    }

    /// <summary>The demo users: one per bureau role, and one per district named after its party id.</summary>
    public static IEnumerable<(string Name, string Role, string? Party)> DemoUsers(IReadOnlyList<Party> parties)
    {
        yield return ("finance", Roles.FinanceBureau, null);
        yield return ("ecology", Roles.EcologyBureau, null);
        yield return ("monitoring", Roles.MonitoringCentre, null);
        yield return ("auditor", Roles.Auditor, null);
        foreach (var p in parties.Where(p => p.Kind == PartyKind.District))
            yield return (p.Id.Value, Roles.District, p.Id.Value);
    }

    public static async Task<IdentityResult> CreateAsync(UserManager<LiuyuUser> users, string name, string password, string role, string? party)
    {
        var user = new LiuyuUser { UserName = name, PartyId = party };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) return result;
        return await users.AddToRoleAsync(user, role);
    }

    private static void Check(IdentityResult r, string what)
    {
        if (!r.Succeeded) throw new InvalidOperationException($"{what}: {string.Join("; ", r.Errors.Select(e => e.Description))}");
    }
}
