using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Liuyu.Storage;

// Design-time factories for `dotnet ef migrations add`; the connection strings are placeholders never opened.

public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteLiuyuDb>
{
    public SqliteLiuyuDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLiuyuDb>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresLiuyuDb>
{
    public PostgresLiuyuDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLiuyuDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
