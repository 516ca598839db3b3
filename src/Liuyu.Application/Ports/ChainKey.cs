using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Liuyu.Application;

/// <summary>
/// Tamper evidence (issue "a ledger anyone can verify"). Ledger lines, audit entries, settlement steps (认定, 清算)
/// and closings each form a hash chain: every row stores the SHA-256 of its own content
/// (<c>content_hash</c>) and a link over the previous row's link and its content hash (<c>chain_hash</c>); the head
/// of each chain (length, last id, head link) is kept in <c>chain_heads</c> with a seal over the three.
/// <para>
/// Two modes. <b>sha256</b> (default): the links are SHA-256. It shows any change made without recomputing the chain
/// (an <c>UPDATE</c> of an amount, a deleted audit entry, a rewritten statement digest), but someone who can write the
/// database and knows the format can recompute every link after his change. <b>hmac-sha256</b> (a secret in
/// configuration, <c>Liuyu:ChainKey</c> or <c>LIUYU_CHAIN_KEY</c>, never in the database): the links and the seals
/// are HMACs, so a change made with only database access cannot be re-sealed. Neither mode can tell a chain cut back
/// to a state it really had (restoring an older copy of the whole database): that is what the chain head printed on
/// each statement is for (<c>liuyu verify --head HEX --year Y</c>).
/// </para>
/// </summary>
public sealed class ChainKey
{
    private readonly byte[]? _key;

    private ChainKey(byte[]? key) => _key = key;

    public static readonly ChainKey Plain = new(null);

    /// <summary>A keyed chain from a secret of at least 16 characters.</summary>
    public static ChainKey Keyed(string secret) => secret.Length >= 16
        ? new ChainKey(Encoding.UTF8.GetBytes(secret))
        : throw new Liuyu.Data.Csv.InputException(new Liuyu.Data.Csv.InputError("LIUYU_CHAIN_KEY", null, null, Liuyu.Data.Csv.ErrorCodes.ChainKeyTooShort, ("min", 16)));

    /// <summary>The key from <c>LIUYU_CHAIN_KEY</c>, or the plain mode when it is unset.</summary>
    public static ChainKey FromEnvironment() =>
        Environment.GetEnvironmentVariable("LIUYU_CHAIN_KEY") is { Length: > 0 } k ? Keyed(k) : Plain;

    public bool IsKeyed => _key is not null;

    public string Mode => IsKeyed ? "hmac-sha256" : "sha256";

    /// <summary>A public fingerprint of the key (so that a store refuses the wrong key), never the key.</summary>
    public string? KeyId => _key is null ? null : Convert.ToHexStringLower(SHA256.HashData([.. "liuyu-chain-key-id:"u8, .. _key]))[..16];

    /// <summary>The link after <paramref name="previous"/>: the MAC of "previous|contentHash", made on the stack (one per ledger line).</summary>
    public string Link(string previous, string contentHash)
    {
        var max = Encoding.UTF8.GetMaxByteCount(previous.Length + contentHash.Length + 1);
        Span<byte> text = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var n = Encoding.UTF8.GetBytes(previous, text);
        text[n++] = (byte)'|';
        n += Encoding.UTF8.GetBytes(contentHash, text[n..]);
        Span<byte> mac = stackalloc byte[32];
        var hasher = Hasher();
        try
        {
            hasher.AppendData(text[..n]);
            hasher.GetHashAndReset(mac);
        }
        catch
        {
            // Never left half-fed for the next link.
            if (ReferenceEquals(hasher, _hmac)) (_hmac, _hmacFor) = (null, null);
            else _sha256 = null;
            hasher.Dispose();
            throw;
        }
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// This thread's hasher of links: SHA-256, or the HMAC under this key, reset after each link. SHA256.HashData and
    /// HMACSHA256.HashData set up a new digest context on every call, which costs more than hashing a link's 129 bytes
    /// (a national year is 240,000 of them, on the thread that seals the ledger). The HMAC's hasher is kept for the
    /// last <see cref="ChainKey"/> instance it was made for (a process has one; another instance makes a new one).
    /// </summary>
    private IncrementalHash Hasher()
    {
        if (_key is null) return _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!ReferenceEquals(_hmacFor, this))
        {
            _hmac?.Dispose();
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
            _hmacFor = this;
        }
        return _hmac!;
    }

    [ThreadStatic] private static IncrementalHash? _sha256;
    [ThreadStatic] private static IncrementalHash? _hmac;
    [ThreadStatic] private static ChainKey? _hmacFor;

    public string Seal(string name, long length, long lastId, string head) =>
        Mac(string.Create(CultureInfo.InvariantCulture, $"head|{name}|{length}|{lastId}|{head}"));

    private string Mac(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(_key is null ? SHA256.HashData(bytes) : HMACSHA256.HashData(_key, bytes));
    }
}
