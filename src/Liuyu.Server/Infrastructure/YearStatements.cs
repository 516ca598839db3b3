using Liuyu.Application;
using Liuyu.Domain;
using Liuyu.Domain.Settlement;
using Microsoft.Extensions.Caching.Memory;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// The scheme (without its monthly results: the year's lines carry theirs) and a year's statement (R-SET-1/2), built
/// once per store version (<see cref="StoreVersion"/>) and shared by the pages that show the year: the overview, each
/// river, the settlement and its payments. On a national year (240,000 lines) building them takes a second or more, which
/// each of those pages, and each river's page, paid again until the store changed. Both are only read by the pages.
/// Bounded by weight (a statement's lines and the scheme's sections): one national year (measured: about 200 MB more
/// resident in the server while it is kept), any number of provincial ones (a province's year is about a thousand lines);
/// an entry not asked for in ten minutes goes, and one that does not fit is built for its request and not kept.
/// </summary>
public sealed class YearStatements(StoreVersion version) : IDisposable
{
    /// <summary>The most lines and sections kept at once.</summary>
    public const long Weight = 300_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Weight });

    public (Scheme Scheme, SettlementStatement Statement) Of(ILiuyuStore store, int year)
    {
        // The version is read before the store is: what is kept under it is never older than it.
        var key = (year, version.Current());
        if (_cache.TryGetValue(key, out (Scheme, SettlementStatement) kept)) return kept;
        var made = store.LoadAndSettle(year);
        _cache.Set(key, made, new MemoryCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(10),
            Size = 1 + made.Statement.Lines.Count + made.Statement.Adjustments.Count + made.Scheme.Sections.Count,
        });
        return made;
    }

    public void Dispose() => _cache.Dispose();
}
