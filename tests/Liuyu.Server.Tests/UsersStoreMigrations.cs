using Liuyu.Server.Infrastructure;
using Liuyu.Storage.Tests;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Server.Tests;

/// <summary>
/// The users store is migrated like the ledger store: a new store gets the migration set, and a store created by an
/// earlier version with <c>EnsureCreated</c> (tables, no history) is adopted at the first migration without losing users.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UsersStoreMigrations(PostgresCluster cluster)
{
    private static SqliteUsersDb Sqlite(string file) => new(new DbContextOptionsBuilder<SqliteUsersDb>().UseSqlite($"Data Source={file};Pooling=false").Options);
    private PostgresUsersDb Postgres(string connection) => new(new DbContextOptionsBuilder<PostgresUsersDb>().UseNpgsql(connection).Options);

    [Fact]
    public async Task A_new_SQLite_users_store_is_created_by_its_migrations()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("liuyu-users").FullName, "users.db");
        await using var db = Sqlite(file);
        await db.MigrateAsync();
        Assert.Equal([UsersDb.InitialMigration], await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task A_SQLite_users_store_made_by_EnsureCreated_keeps_its_users_when_adopted()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("liuyu-users").FullName, "users.db");
        await Adopts(() => Sqlite(file));
    }

    [Fact]
    public async Task A_PostgreSQL_users_store_made_by_EnsureCreated_keeps_its_users_when_adopted()
    {
        var connection = cluster.NewDatabase();
        await Adopts(() => Postgres(connection));
    }

    private static async Task Adopts(Func<UsersDb> open)
    {
        await using (var legacy = open())
        {
            Assert.True(await legacy.Database.EnsureCreatedAsync());
            legacy.Users.Add(new LiuyuUser { UserName = "dianjiang", NormalizedUserName = "DIANJIANG", PartyId = "dianjiang" });
            await legacy.SaveChangesAsync();
            Assert.Empty(await legacy.Database.GetAppliedMigrationsAsync());
        }
        await using (var db = open())
        {
            await db.MigrateAsync();
            Assert.Equal([UsersDb.InitialMigration], await db.Database.GetAppliedMigrationsAsync());
            var user = await db.Users.SingleAsync();
            Assert.Equal(("dianjiang", "dianjiang"), (user.UserName, user.PartyId));
        }
        // Migrating again is a no-op.
        await using (var again = open())
        {
            await again.MigrateAsync();
            Assert.Equal(1, await again.Users.CountAsync());
        }
    }
}
