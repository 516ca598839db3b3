using System.Globalization;

namespace Liuyu.Stations.Hj212;

/// <summary>
/// One HJ 212 data segment (§6.3.2, Table 3): the header fields, and the command parameters <c>CP=&amp;&amp;…&amp;&amp;</c>
/// kept as text (<see cref="Cp"/>) until <see cref="Hj212Data.Parse"/> reads them (after split packets are joined).
/// </summary>
public sealed record Hj212Packet(string? Qn, string? St, string Cn, string? Pw, string Mn, int Flag, int? PNum, int? PNo, string Cp)
{
    /// <summary>V5..V0 of the Flag: 0 = HJ/T 212-2005, 1 = HJ 212-2017, 2 = HJ 212-2025 (any is accepted, §2 and §9).</summary>
    public int Version => Flag >> 2;
    /// <summary>D: the packet is one part of a split data segment and carries PNUM/PNO.</summary>
    public bool IsSplit => (Flag & 2) != 0;
    /// <summary>A: the sender wants a reply (for uploads, CN=9014).</summary>
    public bool WantsReply => (Flag & 1) != 0;

    public static readonly string[] HeaderFields = ["QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO"];

    /// <summary>Parses a data segment; null and a refusal code when it is not one.</summary>
    public static Hj212Packet? Parse(string segment, out string? refusal)
    {
        refusal = null;
        var cpAt = segment.StartsWith("CP=&&", StringComparison.Ordinal) ? 0 : segment.IndexOf(";CP=&&", StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        if (cpAt < 0 || segment.Length < cpAt + 7 || !segment.EndsWith("&&", StringComparison.Ordinal))
            return Refuse(out refusal, Hj212Refusals.CpMissing);
        var cp = segment.Substring(cpAt + 5, segment.Length - cpAt - 7);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in segment.AsSpan(0, cpAt).ToString().Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) return Refuse(out refusal, Hj212Refusals.FieldBad);
            var name = part[..eq];
            if (!fields.TryAdd(name, part[(eq + 1)..])) return Refuse(out refusal, Hj212Refusals.FieldTwice);
        }
        if (!fields.TryGetValue("MN", out var mn) || mn.Length is 0 or > 24 * 2) return Refuse(out refusal, Hj212Refusals.MnMissing);
        if (!fields.TryGetValue("CN", out var cn) || cn.Length != 4 || !cn.All(char.IsAsciiDigit)) return Refuse(out refusal, Hj212Refusals.CnBad);
        var flag = 0;
        if (fields.TryGetValue("Flag", out var flagText) && (!int.TryParse(flagText, NumberStyles.None, CultureInfo.InvariantCulture, out flag) || flag > 255))
            return Refuse(out refusal, Hj212Refusals.FlagBad);
        int? pnum = null, pno = null;
        if ((flag & 2) != 0)
        {
            if (!fields.TryGetValue("PNUM", out var pnumText) || !int.TryParse(pnumText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1
                || !fields.TryGetValue("PNO", out var pnoText) || !int.TryParse(pnoText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p < 1 || p > n)
                return Refuse(out refusal, Hj212Refusals.SplitBad);
            pnum = n; pno = p;
        }
        var qn = fields.GetValueOrDefault("QN");
        if (qn is not null && (qn.Length is < 14 or > 17 || !qn.All(char.IsAsciiDigit))) return Refuse(out refusal, Hj212Refusals.QnBad);
        // A reply repeats the QN: a packet that asks for one must carry it.
        if ((flag & 1) != 0 && qn is null) return Refuse(out refusal, Hj212Refusals.QnBad);
        return new Hj212Packet(qn, fields.GetValueOrDefault("ST"), cn, fields.GetValueOrDefault("PW"), mn, flag, pnum, pno, cp);
    }

    private static Hj212Packet? Refuse(out string? refusal, string code)
    {
        refusal = code;
        return null;
    }

    /// <summary>The data segment of this packet as a sender writes it.</summary>
    public string ToSegment()
    {
        var sb = new System.Text.StringBuilder();
        if (Qn is not null) sb.Append("QN=").Append(Qn).Append(';');
        if (St is not null) sb.Append("ST=").Append(St).Append(';');
        sb.Append("CN=").Append(Cn).Append(';');
        if (Pw is not null) sb.Append("PW=").Append(Pw).Append(';');
        sb.Append("MN=").Append(Mn).Append(';');
        sb.Append("Flag=").Append(Flag.ToString(CultureInfo.InvariantCulture)).Append(';');
        if (PNum is { } n && PNo is { } p) sb.Append("PNUM=").Append(n.ToString(CultureInfo.InvariantCulture)).Append(";PNO=").Append(p.ToString(CultureInfo.InvariantCulture)).Append(';');
        sb.Append("CP=&&").Append(Cp).Append("&&");
        return sb.ToString();
    }

    /// <summary>
    /// The data acknowledgement (CN=9014, §6.5) of this packet: the same QN, ST=91, the same PW and MN, Flag with the
    /// packet's version and no reply asked, empty CP. Sent only once what the packet carried is stored.
    /// </summary>
    public Hj212Packet DataAck() => new(Qn, "91", "9014", Pw, Mn, Version << 2, null, null, "");
}

/// <summary>The refusal codes of the receiver (ErrorCodes, <c>hj212-…</c>): what it logs when it drops a connection.</summary>
public static class Hj212Refusals
{
    public const string Garbage = Liuyu.Data.Csv.ErrorCodes.Hj212Garbage;
    public const string LengthBad = Liuyu.Data.Csv.ErrorCodes.Hj212LengthBad;
    public const string LengthTooLarge = Liuyu.Data.Csv.ErrorCodes.Hj212LengthTooLarge;
    public const string CrcBad = Liuyu.Data.Csv.ErrorCodes.Hj212CrcBad;
    public const string TailMissing = Liuyu.Data.Csv.ErrorCodes.Hj212TailMissing;
    public const string NotUtf8 = Liuyu.Data.Csv.ErrorCodes.Hj212NotUtf8;
    public const string CpMissing = Liuyu.Data.Csv.ErrorCodes.Hj212CpMissing;
    public const string FieldBad = Liuyu.Data.Csv.ErrorCodes.Hj212FieldBad;
    public const string FieldTwice = Liuyu.Data.Csv.ErrorCodes.Hj212FieldTwice;
    public const string MnMissing = Liuyu.Data.Csv.ErrorCodes.Hj212MnMissing;
    public const string CnBad = Liuyu.Data.Csv.ErrorCodes.Hj212CnBad;
    public const string FlagBad = Liuyu.Data.Csv.ErrorCodes.Hj212FlagBad;
    public const string SplitBad = Liuyu.Data.Csv.ErrorCodes.Hj212SplitBad;
    public const string QnBad = Liuyu.Data.Csv.ErrorCodes.Hj212QnBad;
    public const string DataTimeBad = Liuyu.Data.Csv.ErrorCodes.Hj212DataTimeBad;
    public const string ValueBad = Liuyu.Data.Csv.ErrorCodes.Hj212ValueBad;
    public const string MnUnknown = Liuyu.Data.Csv.ErrorCodes.Hj212MnUnknown;
    public const string PasswordWrong = Liuyu.Data.Csv.ErrorCodes.Hj212PasswordWrong;
    public const string Timeout = Liuyu.Data.Csv.ErrorCodes.Hj212Timeout;
    public const string PacketCut = Liuyu.Data.Csv.ErrorCodes.Hj212PacketCut;
    public const string TooManyConnections = Liuyu.Data.Csv.ErrorCodes.Hj212TooManyConnections;
    public const string StoreFailed = Liuyu.Data.Csv.ErrorCodes.Hj212StoreFailed;

    public static string Of(FrameError e) => e switch
    {
        FrameError.Garbage => Garbage,
        FrameError.LengthNotDigits => LengthBad,
        FrameError.LengthTooLarge => LengthTooLarge,
        FrameError.CrcNotHex or FrameError.CrcMismatch => CrcBad,
        FrameError.TailMissing => TailMissing,
        FrameError.NotUtf8 => NotUtf8,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, null),
    };

    public static readonly string[] All =
    [
        Garbage, LengthBad, LengthTooLarge, CrcBad, TailMissing, NotUtf8, CpMissing, FieldBad, FieldTwice, MnMissing, CnBad, FlagBad,
        SplitBad, QnBad, DataTimeBad, ValueBad, MnUnknown, PasswordWrong, Timeout, PacketCut, TooManyConnections, StoreFailed,
    ];
}
