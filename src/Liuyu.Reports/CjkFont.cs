using Liuyu.Data.Csv;
using PdfSharp.Fonts;

namespace Liuyu.Reports;

/// <summary>
/// The fonts of Liuyu's PDFs, loaded from the file system and embedded (subset) in every document so that the Chinese
/// prints and copies correctly anywhere. PDFsharp 6.2 cannot read TrueType collections (<c>.ttc</c>, how Debian ships
/// Noto CJK and WenQuanYi), so the CJK default is Debian's plain <c>DroidSansFallbackFull.ttf</c> (package
/// <c>fonts-droid-fallback</c>); <c>$LIUYU_PDF_FONT</c> or <c>--font</c> names another <c>.ttf</c>/<c>.otf</c>. Droid
/// Sans Fallback has no Latin letters or digits at all (it is a fallback font), so Latin text, digits and amounts are
/// drawn in DejaVu Sans (<c>fonts-dejavu-core</c>, <c>$LIUYU_PDF_LATIN_FONT</c>): the page splits each string into
/// runs by script (<see cref="IsCjk"/>).
/// </summary>
public sealed class CjkFont : IFontResolver
{
    public const string Family = "LiuyuCJK";
    public const string EnvironmentVariable = "LIUYU_PDF_FONT";
    public const string LatinEnvironmentVariable = "LIUYU_PDF_LATIN_FONT";
    public const string LatinFamily = "LiuyuLatin";
    public static readonly string LatinDefault = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    private static string? _latin, _latinBold;

    public static readonly IReadOnlyList<string> DefaultPaths =
    [
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    ];

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, byte[]> Loaded = new(StringComparer.Ordinal);
    private static string? _current;

    /// <summary>The face every document drawn after <see cref="Use"/> uses (its path is part of the face name).</summary>
    internal static string Face => "LiuyuFile:" + (_current ?? throw new InvalidOperationException("CjkFont.Use was not called"));

    /// <summary>
    /// Chooses the font file: <paramref name="path"/>, else <c>$LIUYU_PDF_FONT</c>, else the Debian default. A missing or
    /// unusable file is an error the user can fix, said plainly.
    /// </summary>
    public static void Use(string? path = null)
    {
        var chosen = path is { Length: > 0 } ? path
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
            : DefaultPaths.FirstOrDefault(File.Exists);
        const string where = "font";
        if (chosen is null)
            throw new InputException(new InputError(where, null, null, ErrorCodes.FontNone, ("default", DefaultPaths[0]), ("variable", EnvironmentVariable)));
        if (Path.GetExtension(chosen).Equals(".ttc", StringComparison.OrdinalIgnoreCase))
            throw new InputException(new InputError(where, null, null, ErrorCodes.FontCollection, ("path", chosen), ("default", DefaultPaths[0])));
        if (!File.Exists(chosen))
            throw new InputException(new InputError(where, null, null, ErrorCodes.FontFileMissing, ("path", chosen)));
        var latin = Environment.GetEnvironmentVariable(LatinEnvironmentVariable) is { Length: > 0 } l ? l : LatinDefault;
        if (!File.Exists(latin))
            throw new InputException(new InputError(where, null, null, ErrorCodes.FontLatinNone, ("default", LatinDefault), ("variable", LatinEnvironmentVariable)));
        var latinBold = Path.Combine(Path.GetDirectoryName(latin)!, Path.GetFileNameWithoutExtension(latin) + "-Bold" + Path.GetExtension(latin));
        var full = Path.GetFullPath(chosen);
        foreach (var f in new[] { full, latin })
            if (!IsFontFile(f))
                throw new InputException(new InputError(where, null, null, ErrorCodes.FontInvalid, ("path", f)));
        lock (Gate)
        {
            foreach (var f in new[] { full, latin, latinBold }.Where(File.Exists))
                if (!Loaded.ContainsKey(f)) Loaded[f] = File.ReadAllBytes(f);
            _current = full;
            _latin = latin;
            _latinBold = File.Exists(latinBold) ? latinBold : null;
            // PDFsharp keeps one resolver for the process; it is set once and serves every font file loaded above.
            if (GlobalFontSettings.FontResolver is not CjkFont) GlobalFontSettings.FontResolver = new CjkFont();
        }
    }

    private static bool IsFontFile(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4) return false;
        return magic.SequenceEqual((ReadOnlySpan<byte>)[0, 1, 0, 0]) || magic.SequenceEqual("OTTO"u8) || magic.SequenceEqual("true"u8);
    }

    /// <summary>Characters drawn with the CJK font: CJK ideographs, kana, CJK punctuation and full-width forms.</summary>
    public static bool IsCjk(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFFEF';

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (familyName == LatinFamily)
            return bold && _latinBold is not null ? new FontResolverInfo("LiuyuFile:" + _latinBold, false, italic) : new FontResolverInfo("LiuyuFile:" + _latin, bold, italic);
        // Whatever family a document asks for, it gets the CJK face; bold and italic are simulated (the font has neither).
        var face = familyName.StartsWith("LiuyuFile:", StringComparison.Ordinal) ? familyName : Face;
        return new FontResolverInfo(face, bold, italic);
    }

    public byte[]? GetFont(string faceName)
    {
        lock (Gate)
            return faceName.StartsWith("LiuyuFile:", StringComparison.Ordinal) && Loaded.TryGetValue(faceName["LiuyuFile:".Length..], out var bytes) ? bytes : null;
    }
}
