using System.Runtime.InteropServices;
using SQLitePCL;

namespace Liuyu.Storage;

/// <summary>
/// SQLite's column and bind calls made straight into the <c>e_sqlite3</c> library that SQLitePCLRaw loaded, by function
/// pointer and without the runtime's GC transition: each is a short call that neither blocks nor calls back. The lean
/// reads and bulk writes make millions of them (a national year's ledger read or written is 240,000 rows of 36 columns),
/// and through SQLitePCLRaw each took a reference to the statement's safe handle and gave it back, and went through the
/// provider's interface and the transition. The statement's handle is used without a reference: its owner disposes it
/// only after the last call. Stepping, preparing and resetting (which do the I/O) still go through SQLitePCLRaw. Where
/// the library is not found under that name (another SQLite provider), every call goes through SQLitePCLRaw as before.
/// </summary>
internal static unsafe class SqliteNative
{
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, long> ColumnInt64Call;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, IntPtr> ColumnBlobCall;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int> ColumnBytesCall;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, long, int> BindInt64Call;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int, int> BindIntCall;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int> BindNullCall;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, byte*, int, IntPtr, int> BindTextCall;

    /// <summary>SQLite's <c>SQLITE_TRANSIENT</c>: the library copies the bound bytes before the call returns.</summary>
    private static readonly IntPtr Transient = new(-1);

    static SqliteNative()
    {
        // The name and the probing of SQLitePCLRaw's own import, so the library already loaded (one copy of SQLite in the process).
        if (!NativeLibrary.TryLoad("e_sqlite3", typeof(raw).Assembly, null, out var library)) return;
        IntPtr Export(string name) => NativeLibrary.TryGetExport(library, name, out var f) ? f : IntPtr.Zero;
        var exports = new[] { "sqlite3_column_int64", "sqlite3_column_blob", "sqlite3_column_bytes", "sqlite3_bind_int64", "sqlite3_bind_int", "sqlite3_bind_null", "sqlite3_bind_text" }
            .Select(Export).ToArray();
        if (exports.Any(e => e == IntPtr.Zero)) return;
        ColumnInt64Call = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, long>)exports[0];
        ColumnBlobCall = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, IntPtr>)exports[1];
        ColumnBytesCall = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int>)exports[2];
        BindInt64Call = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, long, int>)exports[3];
        BindIntCall = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int, int>)exports[4];
        BindNullCall = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int>)exports[5];
        BindTextCall = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, byte*, int, IntPtr, int>)exports[6];
    }

    /// <summary>Whether the calls go straight to the library (false: through SQLitePCLRaw).</summary>
    internal static bool Direct => ColumnInt64Call != null;

    public static long ColumnInt64(sqlite3_stmt statement, int i) =>
        ColumnInt64Call != null ? ColumnInt64Call(statement.DangerousGetHandle(), i) : raw.sqlite3_column_int64(statement, i);

    /// <summary>A column's bytes (a text's UTF-8), valid until the statement steps again; empty for an empty value.</summary>
    public static ReadOnlySpan<byte> ColumnBlob(sqlite3_stmt statement, int i)
    {
        if (ColumnBlobCall == null) return raw.sqlite3_column_blob(statement, i);
        var handle = statement.DangerousGetHandle();
        var bytes = ColumnBlobCall(handle, i); // the pointer first, then its length (SQLite's rule for the pair)
        return bytes == IntPtr.Zero ? ReadOnlySpan<byte>.Empty : new ReadOnlySpan<byte>((void*)bytes, ColumnBytesCall(handle, i));
    }

    public static int BindInt64(sqlite3_stmt statement, int index, long value) =>
        BindInt64Call != null ? BindInt64Call(statement.DangerousGetHandle(), index, value) : raw.sqlite3_bind_int64(statement, index, value);

    public static int BindInt(sqlite3_stmt statement, int index, int value) =>
        BindIntCall != null ? BindIntCall(statement.DangerousGetHandle(), index, value) : raw.sqlite3_bind_int(statement, index, value);

    public static int BindNull(sqlite3_stmt statement, int index) =>
        BindNullCall != null ? BindNullCall(statement.DangerousGetHandle(), index) : raw.sqlite3_bind_null(statement, index);

    /// <summary>Binds UTF-8 text, copied by SQLite; an empty span binds NULL, as SQLitePCLRaw's span overload does.</summary>
    public static int BindText(sqlite3_stmt statement, int index, ReadOnlySpan<byte> utf8)
    {
        if (BindTextCall == null) return raw.sqlite3_bind_text(statement, index, utf8);
        fixed (byte* bytes = utf8) return BindTextCall(statement.DangerousGetHandle(), index, bytes, utf8.Length, Transient);
    }
}
