using Liuyu.Stations.Hj212;

namespace Liuyu.Stations.Tests;

/// <summary>Header fields, Flag bits, upload data, the 9014 reply and split packets.</summary>
public class Hj212PacketsAreRead
{
    [Fact]
    public void The_header_fields_and_flag_bits_are_read()
    {
        var p = Hj212Packet.Parse("QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&", out _)!;
        Assert.Equal(("20160801085857223", "32", "1062", "100000", "010000A8900016F000169DC0"), (p.Qn, p.St, p.Cn, p.Pw, p.Mn));
        Assert.Equal((1, false, true), (p.Version, p.IsSplit, p.WantsReply));
        Assert.Equal("RtdInterval=30", p.Cp);
    }

    [Theory]
    [InlineData(4, 1, false)]
    [InlineData(5, 1, true)]
    [InlineData(9, 2, true)]
    [InlineData(1, 0, true)]
    public void Any_version_bits_are_accepted(int flag, int version, bool reply)
    {
        var p = Hj212Packet.Parse($"QN=20240601090000000;ST=21;CN=2061;PW=123456;MN=A;Flag={flag};CP=&&&&", out _)!;
        Assert.Equal((version, reply), (p.Version, p.WantsReply));
        Assert.Equal(version << 2, p.DataAck().Flag);
    }

    [Fact]
    public void The_data_ack_repeats_the_qn_and_is_the_worked_F881_packet()
    {
        var p = Hj212Packet.Parse("QN=20240601090000000;ST=21;CN=2061;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20240601080000&&", out _)!;
        Assert.Equal("##0087QN=20240601090000000;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&F881\r\n",
            Hj212Framing.EncodeToString(p.DataAck().ToSegment()));
    }

    [Fact]
    public void An_hourly_upload_gives_each_code_its_average_and_flag()
    {
        var u = Hj212Data.ParseUpload("2061", "DataTime=20201129210001;w01010-Avg=23.1,w01010-Flag=N;w01001-Min=7.1,w01001-Avg=7.64,w01001-Max=7.8,w01001-Flag=M;w21003-Avg=-0.16", out var refusal)!;
        Assert.Null(refusal);
        Assert.Equal(new DateTime(2020, 11, 29, 21, 0, 1), u.DataTime);
        Assert.Equal([new Hj212Value("w01010", 23.1m, "N"), new Hj212Value("w01001", 7.64m, "M"), new Hj212Value("w21003", -0.16m, null)], u.Values);
    }

    [Fact]
    public void A_real_time_upload_takes_rtd_and_a_time_with_milliseconds()
    {
        var u = Hj212Data.ParseUpload("2011", "DataTime=20160824003817000;B01-Rtd=36.91;011-Rtd=231.0,011-Flag=N;060-Avg=1", out _)!;
        Assert.Equal(new DateTime(2016, 8, 24, 0, 38, 17), u.DataTime);
        Assert.Equal(["B01", "011"], u.Values.Select(v => v.Code));
    }

    [Fact]
    public void A_packet_written_and_read_again_is_the_same()
    {
        var p = new Hj212Packet("20240601090000000", "21", "2061", "123456", "MN1", 7, 3, 2, "DataTime=20240601080000;w01018-Avg=1.5,w01018-Flag=N");
        Assert.Equal(p, Hj212Packet.Parse(p.ToSegment(), out _));
    }

    [Fact]
    public void Split_parts_join_in_any_order_and_keep_every_qn()
    {
        var r = new Hj212Reassembly();
        Hj212Packet Part(int no, string qn, string cp) => new(qn, "21", "2061", "123456", "MN1", 7, 3, no, cp);
        Assert.Null(r.Add(Part(2, "20240601090000002", "DataTime=20240601080000;w21003-Avg=0.2,w21003-Flag=N"), out _));
        Assert.Null(r.Add(Part(1, "20240601090000001", "DataTime=20240601080000;w01018-Avg=12,w01018-Flag=N"), out _));
        Assert.Equal(1, r.Open);
        var (joined, parts) = r.Add(Part(3, "20240601090000003", "w21011-Avg=0.05,w21011-Flag=N"), out _)!.Value;
        Assert.Equal(0, r.Open);
        Assert.Equal(["20240601090000001", "20240601090000002", "20240601090000003"], parts.Select(p => p.Qn));
        Assert.False(joined.IsSplit);
        var u = Hj212Data.ParseUpload(joined.Cn, joined.Cp, out _)!;
        Assert.Equal(["w01018", "w21003", "w21011"], u.Values.Select(v => v.Code));
    }

    [Fact]
    public void Split_parts_that_disagree_on_data_time_are_refused()
    {
        Assert.Null(Hj212Data.ParseUpload("2061", "DataTime=20240601080000;w01018-Avg=1;DataTime=20240601090000", out var refusal));
        Assert.Equal(Hj212Refusals.FieldTwice, refusal);
    }

    [Fact]
    public void Split_sets_are_bounded()
    {
        var r = new Hj212Reassembly();
        Assert.Null(r.Add(new Hj212Packet("20240601090000000", "21", "2061", null, "MN1", 6, 65, 1, ""), out var tooMany));
        Assert.Equal(Hj212Refusals.SplitBad, tooMany);
        for (var n = 2; n < 2 + Hj212Reassembly.MaxOpenSets; n++)
        {
            Assert.Null(r.Add(new Hj212Packet("20240601090000000", "21", "2061", null, "MN1", 6, n, 1, ""), out var ok));
            Assert.Null(ok);
        }
        Assert.Null(r.Add(new Hj212Packet("20240601090000000", "21", "2061", null, "MN1", 6, 10, 1, ""), out var open));
        Assert.Equal(Hj212Refusals.SplitBad, open);
    }
}
