using NetArchTest.Rules;

namespace Liuyu.Cli.Tests;

/// <summary>The CLI's commands parse, call a use case through the application's port, and render: none names the store.</summary>
public class CliArchitecture
{
    [Fact]
    public void Commands_reach_the_store_only_through_the_application()
    {
        var result = Types.InAssembly(typeof(LiuyuCli).Assembly).That().ResideInNamespace("Liuyu.Cli.Features")
            .ShouldNot().HaveDependencyOnAny("Liuyu.Storage", "Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite").GetResult();
        Assert.True(result.IsSuccessful, "commands using the store directly: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
