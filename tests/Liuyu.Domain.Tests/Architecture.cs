using NetArchTest.Rules;

namespace Liuyu.Domain.Tests;

/// <summary>The domain references nothing but the BCL: no EF Core, no ASP.NET, no file system.</summary>
public class Architecture
{
    [Fact]
    public void The_domain_does_not_depend_on_infrastructure()
    {
        var result = Types.InAssembly(typeof(WaterClass).Assembly).ShouldNot()
            .HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "System.IO.File", "System.IO.Directory", "System.Net", "Npgsql", "Liuyu.Storage", "Liuyu.Data")
            .GetResult();
        Assert.True(result.IsSuccessful, "domain types reaching for infrastructure: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_domain_assembly_references_only_the_framework()
    {
        var refs = typeof(WaterClass).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(refs, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard" || r == "mscorlib", $"unexpected reference {r}"));
    }
}
