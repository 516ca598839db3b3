namespace Liuyu.Stations.Hj212;

/// <summary>
/// The check of HJ 212-2017 Appendix A ("ANSI CRC16"), over the UTF-8 bytes of the data segment only. It is NOT
/// CRC-16/MODBUS: each byte is XORed into the register's high byte shifted down (<c>(crc &gt;&gt; 8) ^ b</c>), not into
/// the register, so only 256 values are possible (hj212.md §4.2). A sanity check, not integrity protection.
/// </summary>
public static class Hj212Crc
{
    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        uint register = 0xFFFF;
        foreach (var b in data)
        {
            register = (register >> 8) ^ b;
            for (var i = 0; i < 8; i++)
            {
                var lsb = register & 1;
                register >>= 1;
                if (lsb != 0) register ^= 0xA001;
            }
        }
        return (ushort)register;
    }

    public static ushort Compute(string dataSegment) => Compute(System.Text.Encoding.UTF8.GetBytes(dataSegment));

    /// <summary>What a sender writes: four uppercase hex digits, zero-padded (hj212.md §4.6).</summary>
    public static string Format(ushort crc) => crc.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
}
