using Liuyu.Domain;

namespace Liuyu.Data.Stations;

/// <summary>
/// An automatic monitoring station (水质自动监测站) that reports under HJ 212-2017, registered by its MN (the data
/// logger's unique identifier) to one section. <see cref="Password"/> is the 6-character PW the logger sends (sent in
/// clear by the protocol) as stations.csv gives it, or, for a station read from a store, its salted hash
/// (<see cref="StationPassword"/>): a store never holds the PW itself. <see cref="Accepts"/> checks a PW against either. <see cref="Indicators"/> (optional) maps the pollutant codes it sends to GB 3838 indicator
/// keys where the code is not the catalog's (hj212.md §8: which metal code a station sends varies), e.g.
/// <c>w20141=As</c>; a code listed alone is taken as the catalog maps it. Empty: every code the catalog knows.
/// </summary>
public sealed record Station(string Mn, SectionId Section, string Password, string Name, IReadOnlyDictionary<string, string?> Indicators)
{
    public static Station Create(string mn, string section, string password, string name, string? indicators = null) =>
        new(mn, new SectionId(section), password, name, ParseIndicators(indicators ?? "") ?? new Dictionary<string, string?>());

    /// <summary><c>w01018;w20141=As</c> (also separated by spaces or commas); null when an entry is malformed.</summary>
    public static IReadOnlyDictionary<string, string?>? ParseIndicators(string text)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in text.Split([';', ',', ' ', '；', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=');
            var code = eq < 0 ? entry : entry[..eq];
            var key = eq < 0 ? null : entry[(eq + 1)..];
            if (code.Length == 0 || key is { Length: 0 } || !map.TryAdd(code, key)) return null;
        }
        return map;
    }

    /// <summary>Whether <paramref name="password"/> (a packet's PW) is this station's, in constant time.</summary>
    public bool Accepts(string? password) =>
        password is not null && (StationPassword.IsHash(Password)
            ? StationPassword.Verify(password, Password)
            : System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(password), System.Text.Encoding.UTF8.GetBytes(Password)));

    public string IndicatorsText => string.Join(';', Indicators.Select(kv => kv.Value is null ? kv.Key : $"{kv.Key}={kv.Value}"));

    /// <summary>
    /// The GB 3838 indicator a pollutant code stands for: the station's own mapping when it lists codes (a code it does not
    /// list: none), else the catalogue's HJ 212 code; a station no longer registered (null) is read by the catalogue.
    /// </summary>
    public static Domain.Quality.Indicator? IndicatorOf(Station? station, string code, Domain.Quality.IndicatorCatalog catalog)
    {
        var key = code;
        if (station?.Indicators is { Count: > 0 } map)
        {
            if (!map.TryGetValue(code, out var mapped)) return null;
            key = mapped ?? code;
        }
        return catalog.TryFind(key, out var indicator) ? indicator : null;
    }
}

/// <summary>What a station's identifiers may be: they travel inside HJ 212 fields, so none may hold the separators.</summary>
public static class StationRules
{
    /// <summary>An MN: 1 to 48 letters, digits, '-' or '_' (real loggers do not all follow EPC-96's 24 hex characters, hj212.md §4.4).</summary>
    public static bool IsMn(string mn) => mn.Length is >= 1 and <= 48 && mn.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A PW: 6 characters (HJ 212 Table 3), none of the field separators.</summary>
    public static bool IsPassword(string pw) => pw.Length == 6 && !pw.Any(c => c is ';' or '=' or ',' or '&' or '\r' or '\n' || char.IsWhiteSpace(c));
}

/// <summary>
/// How a store keeps a station's PW: <c>hmac-sha256$SALT$MAC</c>, the HMAC-SHA256 of the PW keyed by 16 random bytes of
/// its own station (hex). Why this and not PBKDF2 or Argon2: the receiver checks the PW of every packet (2,000 a second
/// and more), so the check must cost microseconds, not the tens of milliseconds a password-stretching function is
/// built to cost; and stretching would buy little here, since a PW is 6 characters that the protocol sends in clear
/// in every packet anyway. What the hash does buy: someone who reads the database (a backup, a support dump) does not
/// read the PWs to send data as a station, and the salt makes two stations with the same PW look different and rules
/// out tables computed in advance.
/// </summary>
public static class StationPassword
{
    public const string Scheme = "hmac-sha256";
    private const int SaltBytes = 16;

    public static bool IsHash(string stored) => stored.StartsWith(Scheme + "$", StringComparison.Ordinal);

    /// <summary>A new salted hash of <paramref name="password"/> (a fresh salt each time).</summary>
    public static string Hash(string password) => Hash(password, System.Security.Cryptography.RandomNumberGenerator.GetBytes(SaltBytes));

    private static string Hash(string password, byte[] salt) =>
        $"{Scheme}${Convert.ToHexStringLower(salt)}${Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(salt, System.Text.Encoding.UTF8.GetBytes(password)))}";

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="stored"/> was made from (constant time in the MAC).</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 3 || parts[0] != Scheme) return false;
        byte[] salt, mac;
        try { (salt, mac) = (Convert.FromHexString(parts[1]), Convert.FromHexString(parts[2])); }
        catch (FormatException) { return false; }
        Span<byte> computed = stackalloc byte[32];
        System.Security.Cryptography.HMACSHA256.HashData(salt, System.Text.Encoding.UTF8.GetBytes(password), computed);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(computed, mac);
    }
}
