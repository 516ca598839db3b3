using System.Runtime.CompilerServices;

namespace Liuyu.Storage;

/// <summary>
/// The store compiled ahead of time (NativeAOT: the CLI's native front, src/Liuyu.Cli.Native), where nothing is compiled
/// at run time: EF Core cannot build its model there, and System.Text.Json serialises only the types generated for it.
/// The store's plain-SQL paths (making a new store, a new store's import, <c>account</c>, <c>settle</c>) run there as
/// they run anywhere; the first step that would need either throws <see cref="NeedsFullRuntimeException"/> instead: the
/// warm-up of EF Core's model, which work that needs it asks for before it writes anything, and, behind it, the making of
/// an EF Core context and an audit entry of a type without generated JSON. It is thrown before the transaction it is part
/// of commits, and the front hands the whole command line to the full CLI. Nothing is ever done differently: it is done
/// natively or not at all.
/// </summary>
public static class AheadOfTime
{
    /// <summary>True in a NativeAOT build (no code is compiled at run time).</summary>
    public static bool Compiled { get; } = !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Throws <see cref="NeedsFullRuntimeException"/> in a NativeAOT build: <paramref name="what"/> needs the full runtime.</summary>
    internal static void Require(string what)
    {
        if (Compiled) throw new NeedsFullRuntimeException(what);
    }
}

/// <summary>
/// Work that the store compiled ahead of time cannot do (<see cref="AheadOfTime"/>); nothing of it is committed. Not an
/// <see cref="InvalidOperationException"/>, so no handler of store errors mistakes it for a store that cannot be opened.
/// </summary>
public sealed class NeedsFullRuntimeException(string what) : Exception($"{what} needs the full .NET runtime (this build is compiled ahead of time)");
