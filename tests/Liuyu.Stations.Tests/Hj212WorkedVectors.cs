using System.Text;
using Liuyu.Stations.Hj212;

namespace Liuyu.Stations.Tests;

/// <summary>Every worked CRC vector of hj212.md (§4.3–§4.5): the Appendix A algorithm, the length field, the frame.</summary>
public class Hj212WorkedVectors
{
    public static TheoryData<string> Packets => new()
    {
        // §4.3, HJ 212-2017 Appendix A
        "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n",
        // §4.4, xiaoyao9184/hj-t212-parser tests
        "##0139ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817000;B01-Rtd=36.91;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&4980\r\n",
        // lowercase hex: parsed as hex, compared as a number
        "##0136ST=32;CN=2011;PW=000000;MN=LD130133000015;CP=&&DataTime=20160824003817;011-Rtd=231.0,011-Flag=N;B01-Rtd=36.91;060-Rtd=1.803,060-Flag=N&&1dc0\r\n",
        "##0178ST=32;CN=2011;PW=123456;MN=0873HHMZWSLH02;CP=&&DataTime=20160103133030;060-Rtd=3.0943,060-Flag=N;011-Rtd=18.0412,011-Flag=N;001-Rtd=8.2137,001-Flag=N;B01-Rtd=10.9890,B01-Flag=N&&a9c1\r\n",
        // surface-water hourly packet, Flag=9
        "##0561QN=20201030000000437;ST=21;CN=2061;PW=123456;MN=NM100000_0005;Flag=9;CP=&&DataTime=20201129210001;w01010-Avg=23.1,w01010-Flag=N;w01001-Avg=7.64,w01001-Flag=N;w01009-Avg=6.60,w01009-Flag=N;w01014-Avg=300,w01014-Flag=N;w01003-Avg=17,w01003-Flag=N;w01019-Avg=1.4,w01019-Flag=N;w21011-Avg=0.042,w21011-Flag=N;w21001-Avg=3.04,w21001-Flag=N;w21003-Avg=0.16,w21003-Flag=N;w20120-Avg=0.00011,w20120-Flag=N;w20119-Avg=0.00000,w20119-Flag=N;w23002-Avg=0.0005,w23002-Flag=N;w21016-Avg=0.002,w21016-Flag=N;w20115-Avg=0.00001,w20115-Flag=N;w20122-Avg=0.00005,w20122-Flag=N&&4C80\r\n",
        // §4.5, constructed
        "##0352QN=20240601090000000;ST=21;CN=2061;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20240601080000;w01010-Avg=22.5,w01010-Flag=N;w01001-Avg=7.62,w01001-Flag=N;w01009-Avg=7.85,w01009-Flag=N;w01014-Avg=412.3,w01014-Flag=N;w01019-Avg=2.8,w01019-Flag=N;w21003-Avg=0.214,w21003-Flag=N;w21011-Avg=0.087,w21011-Flag=N;w21001-Avg=1.92,w21001-Flag=N&&7C40\r\n",
        "##0087QN=20240601090000000;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&F881\r\n",
        "##0094QN=20160801085857223;ST=91;CN=9011;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&1B00\r\n",
        "##0095QN=20160801085857223;ST=91;CN=9012;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&ExeRtn=1&&6240\r\n",
        "##0087QN=20240601090000089;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&0880\r\n",
    };

    [Theory, MemberData(nameof(Packets))]
    public void The_worked_packet_frames_with_its_stated_length_and_crc(string packet)
    {
        var bytes = Encoding.UTF8.GetBytes(packet);
        var frame = Hj212Framing.TryRead(bytes);
        Assert.Equal(FrameError.None, frame.Error);
        Assert.Equal(bytes.Length, frame.Consumed);
        var segment = frame.DataSegment!;
        Assert.Equal(int.Parse(packet[2..6]), Encoding.UTF8.GetByteCount(segment));
        Assert.Equal(Convert.ToUInt16(packet[^6..^2], 16), Hj212Crc.Compute(segment));
        Assert.NotNull(Hj212Packet.Parse(segment, out var refusal));
        Assert.Null(refusal);
    }

    [Theory, MemberData(nameof(Packets))]
    public void A_sender_writes_the_worked_packet_with_four_uppercase_digits(string packet)
    {
        var segment = packet[6..^6];
        Assert.Equal(packet[..^6] + packet[^6..^2].ToUpperInvariant() + "\r\n", Hj212Framing.EncodeToString(segment));
    }

    [Fact]
    public void The_standard_example_is_1C80_and_not_the_modbus_crc_0759()
    {
        var segment = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";
        Assert.Equal(0x1C80, Hj212Crc.Compute(segment));
        Assert.Equal(0x0759, ModbusCrc(Encoding.ASCII.GetBytes(segment)));
        Assert.Equal("0880", Hj212Crc.Format(0x0880));
    }

    [Fact]
    public void The_readme_packet_with_a_reused_crc_is_refused_its_own_crc_is_3C00()
    {
        var segment = "ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817;B01-Rtd=36.91;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&";
        Assert.Equal(136, segment.Length);
        Assert.Equal(FrameError.CrcMismatch, Hj212Framing.TryRead(Encoding.ASCII.GetBytes("##0136" + segment + "4980\r\n")).Error);
        Assert.Equal(0x3C00, Hj212Crc.Compute(segment));
    }

    [Fact]
    public void Chinese_text_is_counted_and_checked_as_utf8_bytes()
    {
        var segment = "QN=20240601090000000;ST=21;CN=3020;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&i11001-Info=断面A&&";
        Assert.Equal(106, Encoding.UTF8.GetByteCount(segment));
        Assert.Equal(102, segment.Length);
        // §4.5: 7BC0 over UTF-8 bytes; libraries that run over UTF-16 code units get A6C1.
        Assert.Equal(0x7BC0, Hj212Crc.Compute(segment));
        Assert.Equal(0xA6C1, Utf16Crc(segment));
        var frame = Hj212Framing.TryRead(Hj212Framing.Encode(segment));
        Assert.Equal(segment, frame.DataSegment);
        Assert.StartsWith("##0106", Hj212Framing.EncodeToString(segment));
    }

    [Fact]
    public void Every_crc_has_one_of_the_eight_low_bytes_of_the_algorithm()
    {
        var random = new Random(212);
        var lows = new HashSet<int> { 0x00, 0x01, 0x40, 0x41, 0x80, 0x81, 0xC0, 0xC1 };
        for (var i = 0; i < 2000; i++)
        {
            var data = new byte[random.Next(1, 200)];
            random.NextBytes(data);
            Assert.Contains(Hj212Crc.Compute(data) & 0xFF, lows);
        }
    }

    private static ushort Utf16Crc(string s)
    {
        uint r = 0xFFFF;
        foreach (var c in s)
        {
            r = (r >> 8) ^ c;
            for (var i = 0; i < 8; i++) r = (r & 1) != 0 ? (r >> 1) ^ 0xA001 : r >> 1;
        }
        return (ushort)r;
    }

    private static ushort ModbusCrc(byte[] data)
    {
        uint crc = 0xFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
        }
        return (ushort)crc;
    }
}
