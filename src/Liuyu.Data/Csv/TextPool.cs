using System.Text;

namespace Liuyu.Data.Csv;

/// <summary>
/// Short texts, one string per distinct value: a results table repeats each section twelve times and a dozen months and
/// classes in every row, a year's ledger each section, river and party on twelve or more lines, and a national year has
/// 240,000 of them, so the pool saves most of their strings (and the collector's work on them). A value is looked up
/// from its characters or its UTF-8 bytes without a string being made first. Bounded: values longer than
/// <see cref="MaxChars"/>, and every value past <see cref="MaxEntries"/> distinct ones, are new strings.
/// </summary>
public sealed class TextPool
{
    public const int MaxChars = 32;
    private const int MaxEntries = 1 << 16;
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public TextPool() => _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return "";
        if (_bySpan.TryGetValue(text, out var s)) return s;
        s = text.ToString();
        if (s.Length <= MaxChars && _strings.Count < MaxEntries) _strings.Add(s);
        return s;
    }

    /// <summary>The pooled string equal to <paramref name="text"/>, or <paramref name="text"/> itself (never a copy).</summary>
    public string Get(string text)
    {
        if (text.Length > MaxChars) return text;
        if (_bySpan.TryGetValue(text, out var s)) return s;
        if (_strings.Count < MaxEntries) _strings.Add(text);
        return text;
    }

    /// <summary>
    /// The text of UTF-8 bytes, decoded as <see cref="Encoding.UTF8"/> decodes them (an invalid sequence becomes U+FFFD,
    /// as <c>GetString</c> gives it).
    /// </summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        // A UTF-8 byte never makes more than one UTF-16 character.
        if (utf8.Length > MaxChars) return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[MaxChars];
        return Get(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
    }
}
