namespace Liuyu.Domain;

/// <summary>
/// A nullable number or name in a canonical text that is hashed (the input digest R-LEDGER-3, the ledger's content
/// hash): nothing when null, otherwise exactly what interpolating the value writes. An interpolation handler given the
/// nullable itself boxes it to find its formatter, once per field of every line; this does not.
/// </summary>
public readonly struct Maybe<T>(T? value) : IUtf8SpanFormattable, ISpanFormattable where T : struct, IUtf8SpanFormattable, ISpanFormattable
{
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (value is { } v) return v.TryFormat(utf8Destination, out bytesWritten, format, provider);
        bytesWritten = 0;
        return true;
    }

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (value is { } v) return v.TryFormat(destination, out charsWritten, format, provider);
        charsWritten = 0;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => value is { } v ? v.ToString(format, formatProvider) : "";

    public override string ToString() => ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Makes <see cref="Maybe{T}"/> and names enums for canonical texts without boxing.</summary>
public static class Canonical
{
    public static Maybe<T> Of<T>(T? value) where T : struct, IUtf8SpanFormattable, ISpanFormattable => new(value);

    /// <summary>The enum's name as <c>ToString()</c> gives it for a defined value, "" for null; made once per value.</summary>
    public static string Name<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Names<TEnum>.Of(v) : "";

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<TEnum, string> Known = new();

        public static string Of(TEnum value) => Known.GetOrAdd(value, static v => v.ToString());
    }
}
