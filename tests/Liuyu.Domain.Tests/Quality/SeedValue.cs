namespace Liuyu.Domain.Tests.Quality;

internal static class SeedValue
{
    public const string Value = "0000aHtgUBR1";
}
