using System.Text;

namespace Liuyu.Stations.Hj212;

/// <summary>Why bytes were not a packet. Each is a refusal code (<c>hj212-…</c>, ErrorCodes).</summary>
public enum FrameError
{
    None,
    /// <summary>The bytes do not begin with <c>##</c>.</summary>
    Garbage,
    /// <summary>The 4-character length field is not four decimal digits.</summary>
    LengthNotDigits,
    /// <summary>The length field is over 1024 (§6.3, Table 2).</summary>
    LengthTooLarge,
    /// <summary>The CRC field is not four hex digits.</summary>
    CrcNotHex,
    /// <summary>The packet does not end with CR LF where its length says it ends.</summary>
    TailMissing,
    /// <summary>The CRC does not match the data segment.</summary>
    CrcMismatch,
    /// <summary>The data segment is not UTF-8.</summary>
    NotUtf8,
}

/// <summary>One attempt at taking a packet from the front of a buffer.</summary>
public readonly record struct FrameResult(FrameError Error, int Consumed, string? DataSegment)
{
    /// <summary>More bytes are needed (nothing consumed).</summary>
    public bool NeedsMore => Error == FrameError.None && DataSegment is null;
    public bool IsPacket => DataSegment is not null;
}

/// <summary>
/// The packet frame of HJ 212-2017 §6.3 (Table 2): <c>##</c>, the data segment's length as 4 decimal digits (at most
/// 1024), the data segment, its CRC as 4 hex digits (<see cref="Hj212Crc"/>), CR LF. The length counts bytes of the
/// UTF-8 data segment (the standard: ASCII, Chinese in UTF-8; hj212.md §4.5). The CRC is parsed as hex and compared as
/// a number, so <c>1c80</c> and <c>1C80</c> are the same (§4.6).
/// </summary>
public static class Hj212Framing
{
    public const int MaxDataLength = 1024;
    /// <summary><c>##</c> + length + CRC + CR LF.</summary>
    public const int Overhead = 2 + 4 + 4 + 2;
    public const int MaxPacketBytes = MaxDataLength + Overhead;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>
    /// Reads one packet from the front of <paramref name="buffer"/>. An error is final for the connection: after
    /// garbage or a bad length the stream cannot be re-synchronised reliably.
    /// </summary>
    public static FrameResult TryRead(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length >= 1 && buffer[0] != (byte)'#') return new(FrameError.Garbage, 0, null);
        if (buffer.Length >= 2 && buffer[1] != (byte)'#') return new(FrameError.Garbage, 0, null);
        if (buffer.Length < 6) return CheckDigitsSoFar(buffer);
        var length = 0;
        for (var i = 2; i < 6; i++)
        {
            var c = buffer[i];
            if (c is < (byte)'0' or > (byte)'9') return new(FrameError.LengthNotDigits, 0, null);
            length = length * 10 + (c - '0');
        }
        if (length > MaxDataLength) return new(FrameError.LengthTooLarge, 0, null);
        var total = length + Overhead;
        if (buffer.Length < total) return default;
        var data = buffer.Slice(6, length);
        if (buffer[total - 2] != (byte)'\r' || buffer[total - 1] != (byte)'\n') return new(FrameError.TailMissing, 0, null);
        if (!TryParseHex(buffer.Slice(6 + length, 4), out var crc)) return new(FrameError.CrcNotHex, 0, null);
        if (Hj212Crc.Compute(data) != crc) return new(FrameError.CrcMismatch, total, null);
        string segment;
        try { segment = StrictUtf8.GetString(data); }
        catch (DecoderFallbackException) { return new(FrameError.NotUtf8, total, null); }
        return new(FrameError.None, total, segment);
    }

    private static FrameResult CheckDigitsSoFar(ReadOnlySpan<byte> buffer)
    {
        for (var i = 2; i < buffer.Length; i++)
            if (buffer[i] is < (byte)'0' or > (byte)'9') return new(FrameError.LengthNotDigits, 0, null);
        return default;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> hex, out ushort value)
    {
        value = 0;
        foreach (var c in hex)
        {
            int d = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                _ => -1,
            };
            if (d < 0) return false;
            value = (ushort)((value << 4) | d);
        }
        return true;
    }

    /// <summary>A whole packet for a data segment: what a sender writes (uppercase, zero-padded CRC).</summary>
    public static byte[] Encode(string dataSegment)
    {
        var data = Encoding.UTF8.GetBytes(dataSegment);
        if (data.Length > MaxDataLength)
            throw new ArgumentException($"an HJ 212 data segment is at most {MaxDataLength} bytes, this one {data.Length}", nameof(dataSegment));
        var packet = new byte[data.Length + Overhead];
        packet[0] = packet[1] = (byte)'#';
        Encoding.ASCII.GetBytes(data.Length.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), packet.AsSpan(2));
        data.CopyTo(packet.AsSpan(6));
        Encoding.ASCII.GetBytes(Hj212Crc.Format(Hj212Crc.Compute(data)), packet.AsSpan(6 + data.Length));
        packet[^2] = (byte)'\r';
        packet[^1] = (byte)'\n';
        return packet;
    }

    public static string EncodeToString(string dataSegment) => Encoding.UTF8.GetString(Encode(dataSegment));
}
