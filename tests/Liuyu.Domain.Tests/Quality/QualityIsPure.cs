using Liuyu.Domain.Quality;
using NetArchTest.Rules;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>The evaluation is pure: limits come from an embedded resource, never the file system, a clock or a database.</summary>
public class QualityIsPure
{
    [Fact]
    public void The_quality_namespace_touches_no_file_system_clock_network_or_database()
    {
        var result = Types.InAssembly(typeof(SectionEvaluator).Assembly)
            .That().ResideInNamespace("Liuyu.Domain.Quality")
            .ShouldNot().HaveDependencyOnAny("System.IO.File", "System.IO.Directory", "System.Net", "System.TimeProvider", "Microsoft.EntityFrameworkCore", "MiniExcelLibs")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
