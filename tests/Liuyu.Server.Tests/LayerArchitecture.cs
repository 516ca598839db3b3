using System.Reflection;
using Liuyu.Storage;
using NetArchTest.Rules;

namespace Liuyu.Server.Tests;

/// <summary>
/// The layers, each checked (issue "one application layer"): the domain depends on nothing (Liuyu.Domain.Tests);
/// the application layer on the domain and the file formats, never on EF Core, a database driver, ASP.NET or the
/// store; the store implements the application's port; the server's features reach the store only through that port.
/// </summary>
public class LayerArchitecture
{
    private static readonly Assembly Application = typeof(ILiuyuStore).Assembly;
    private static readonly Assembly Storage = typeof(LiuyuStore).Assembly;
    private static readonly Assembly Server = typeof(Program).Assembly;

    private static void Holds(TestResult result, string what) =>
        Assert.True(result.IsSuccessful, what + ": " + string.Join(", ", result.FailingTypeNames ?? []));

    [Fact]
    public void The_application_layer_depends_on_the_domain_and_formats_only()
    {
        Holds(Types.InAssembly(Application).ShouldNot()
            .HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite", "Liuyu.Storage", "Liuyu.Server", "Liuyu.Cli",
                "System.CommandLine", "Spectre.Console")
            .GetResult(), "application types reaching for infrastructure");
        var refs = Application.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(refs, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r is "netstandard" or "Liuyu.Domain" or "Liuyu.Data" or "Liuyu.Reports",
            $"Liuyu.Application references {r}"));
    }

    [Fact]
    public void The_store_implements_the_application_port_and_knows_no_caller()
    {
        Assert.True(typeof(ILiuyuStore).IsAssignableFrom(typeof(LiuyuStore)));
        Assert.Contains(Storage.GetReferencedAssemblies(), a => a.Name == "Liuyu.Application");
        Holds(Types.InAssembly(Storage).ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore", "Liuyu.Server", "Liuyu.Cli", "System.CommandLine", "Spectre.Console").GetResult(),
            "storage types reaching for a caller");
    }

    [Fact]
    public void The_server_features_reach_the_store_only_through_the_application()
    {
        Holds(Types.InAssembly(Server).That().ResideInNamespace("Liuyu.Server.Features")
            .ShouldNot().HaveDependencyOnAny("Liuyu.Storage", "Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite").GetResult(),
            "server features using the store or EF Core directly");
        // The composition root (Infrastructure) is the one place that names the store's implementation.
        Assert.Contains(Types.InAssembly(Server).That().HaveDependencyOn("Liuyu.Storage").GetTypes(), t => t.Namespace == "Liuyu.Server.Infrastructure");
    }

    [Fact]
    public void Formats_and_documents_know_nothing_of_storage_or_the_application()
    {
        foreach (var assembly in new[] { typeof(Liuyu.Data.Csv.InputError).Assembly, typeof(Liuyu.Reports.SettlementPdf).Assembly })
            Holds(Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny("Liuyu.Storage", "Liuyu.Application", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore").GetResult(),
                $"{assembly.GetName().Name} reaching up the layers");
    }
}
