using System.Text;
using Liuyu.Stations.Hj212;

namespace Liuyu.Stations.Tests;

/// <summary>Bytes that are not a packet: each is refused with its code, never taken as data.</summary>
public class Hj212BadInputIsRefused
{
    private const string Segment = "QN=20240601090000000;ST=21;CN=2061;PW=123456;MN=STATION01;Flag=5;CP=&&DataTime=20240601080000;w01018-Avg=12.5,w01018-Flag=N&&";

    private static FrameResult Read(string text) => Hj212Framing.TryRead(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_bad_crc_is_refused_though_the_frame_is_whole()
    {
        var good = Hj212Framing.EncodeToString(Segment);
        var crc = Convert.ToUInt16(good[^6..^2], 16);
        var bad = good[..^6] + ((ushort)(crc ^ 0x0100)).ToString("X4") + "\r\n";
        var frame = Read(bad);
        Assert.Equal(FrameError.CrcMismatch, frame.Error);
        Assert.False(frame.IsPacket);
        Assert.Equal(Hj212Refusals.CrcBad, Hj212Refusals.Of(frame.Error));
    }

    [Fact]
    public void A_crc_that_is_not_hex_is_refused() =>
        Assert.Equal(FrameError.CrcNotHex, Read(Hj212Framing.EncodeToString(Segment)[..^6] + "1G80\r\n").Error);

    [Fact]
    public void A_length_that_does_not_match_the_data_finds_no_tail()
    {
        var good = Hj212Framing.EncodeToString(Segment);
        var shorter = "##" + (Encoding.UTF8.GetByteCount(Segment) - 3).ToString("D4") + good[6..];
        Assert.Equal(FrameError.TailMissing, Read(shorter).Error);
    }

    [Theory]
    [InlineData("##01x0QN=1")]
    [InlineData("##-100")]
    [InlineData("## 12")]
    public void A_length_that_is_not_four_digits_is_refused(string text) => Assert.Equal(FrameError.LengthNotDigits, Read(text).Error);

    [Theory]
    [InlineData("##1025")]
    [InlineData("##9999QN=")]
    public void A_length_over_1024_is_refused_before_its_data_is_read(string text) => Assert.Equal(FrameError.LengthTooLarge, Read(text).Error);

    [Fact]
    public void A_length_of_1024_is_taken()
    {
        var padded = Segment[..^2] + ";x=" + new string('0', 1024 - Encoding.UTF8.GetByteCount(Segment) - 3) + "&&";
        Assert.Equal(1024, padded.Length);
        Assert.True(Hj212Framing.TryRead(Hj212Framing.Encode(padded)).IsPacket);
        Assert.Throws<ArgumentException>(() => Hj212Framing.Encode(padded + "0"));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("\0\0\0\0")]
    [InlineData("#!0100")]
    [InlineData("x")]
    public void Garbage_bytes_are_refused_at_once(string text) => Assert.Equal(FrameError.Garbage, Read(text).Error);

    [Fact]
    public void A_packet_cut_anywhere_asks_for_more_and_consumes_nothing()
    {
        var bytes = Hj212Framing.Encode(Segment);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var frame = Hj212Framing.TryRead(bytes.AsSpan(0, cut));
            Assert.True(frame.NeedsMore, $"cut at {cut}: {frame.Error}");
            Assert.Equal(0, frame.Consumed);
        }
    }

    [Fact]
    public void Two_packets_back_to_back_are_read_one_at_a_time()
    {
        var bytes = Hj212Framing.Encode(Segment).Concat(Hj212Framing.Encode(Segment.Replace("12.5", "13.5"))).ToArray();
        var first = Hj212Framing.TryRead(bytes);
        var second = Hj212Framing.TryRead(bytes.AsSpan(first.Consumed));
        Assert.Equal(Segment, first.DataSegment);
        Assert.Contains("13.5", second.DataSegment);
        Assert.Equal(bytes.Length, first.Consumed + second.Consumed);
    }

    [Fact]
    public void A_data_segment_that_is_not_utf8_is_refused()
    {
        var data = Encoding.ASCII.GetBytes("QN=20240601090000000;CN=2061;MN=A;CP=&&x=").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.ASCII.GetBytes("&&")).ToArray();
        var packet = Encoding.ASCII.GetBytes("##" + data.Length.ToString("D4")).Concat(data).Concat(Encoding.ASCII.GetBytes(Hj212Crc.Format(Hj212Crc.Compute(data)) + "\r\n")).ToArray();
        Assert.Equal(FrameError.NotUtf8, Hj212Framing.TryRead(packet).Error);
    }

    [Theory]
    [InlineData("QN=20240601090000000;CN=2061;MN=A;Flag=5", Hj212Refusals.CpMissing)]
    [InlineData("QN=20240601090000000;CN=2061;MN=A;Flag=5;CP=&&x=1", Hj212Refusals.CpMissing)]
    [InlineData("QN=20240601090000000;CN=2061;Flag=5;CP=&&&&", Hj212Refusals.MnMissing)]
    [InlineData("QN=20240601090000000;CN=20x1;MN=A;Flag=5;CP=&&&&", Hj212Refusals.CnBad)]
    [InlineData("QN=20240601090000000;CN=2061;MN=A;Flag=256;CP=&&&&", Hj212Refusals.FlagBad)]
    [InlineData("QN=20240601090000000;CN=2061;MN=A;Flag=-1;CP=&&&&", Hj212Refusals.FlagBad)]
    [InlineData("QN=20240601090000000;CN=2061;MN=A;Flag=7;CP=&&&&", Hj212Refusals.SplitBad)]
    [InlineData("QN=20240601090000000;CN=2061;MN=A;Flag=7;PNUM=2;PNO=3;CP=&&&&", Hj212Refusals.SplitBad)]
    [InlineData("CN=2061;MN=A;Flag=5;CP=&&&&", Hj212Refusals.QnBad)]
    [InlineData("QN=2024;CN=2061;MN=A;Flag=5;CP=&&&&", Hj212Refusals.QnBad)]
    [InlineData("QN=20240601090000000;CN=2061;CN=2061;MN=A;CP=&&&&", Hj212Refusals.FieldTwice)]
    [InlineData("QN=20240601090000000;CN2061;MN=A;CP=&&&&", Hj212Refusals.FieldBad)]
    public void A_data_segment_without_its_fields_is_refused(string segment, string code)
    {
        Assert.Null(Hj212Packet.Parse(segment, out var refusal));
        Assert.Equal(code, refusal);
    }

    [Theory]
    [InlineData("DataTime=2024060108;w01018-Avg=1", Hj212Refusals.DataTimeBad)]
    [InlineData("w01018-Avg=1", Hj212Refusals.DataTimeBad)]
    [InlineData("DataTime=20241301080000;w01018-Avg=1", Hj212Refusals.DataTimeBad)]
    [InlineData("DataTime=20240601080000;w01018-Avg=abc", Hj212Refusals.ValueBad)]
    [InlineData("DataTime=20240601080000;w01018-Avg=1e5", Hj212Refusals.ValueBad)]
    [InlineData("DataTime=20240601080000;w01018-Avg=1,w01018-Avg=2", Hj212Refusals.FieldTwice)]
    [InlineData("DataTime=20240601080000;w01018-Avg", Hj212Refusals.FieldBad)]
    public void Upload_data_that_cannot_be_read_is_refused(string cp, string code)
    {
        Assert.Null(Hj212Data.ParseUpload("2061", cp, out var refusal));
        Assert.Equal(code, refusal);
    }
}
