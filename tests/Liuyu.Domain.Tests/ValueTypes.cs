namespace Liuyu.Domain.Tests;

/// <summary>WaterClass spellings (formats.md), YearMonth and Fen.</summary>
public class ValueTypes
{
    [Theory]
    [InlineData("I", 1)] [InlineData("Ⅰ", 1)] [InlineData("1", 1)] [InlineData(" ii ", 2)] [InlineData("Ⅱ", 2)] [InlineData("III", 3)] [InlineData("Ⅲ类", 3)]
    [InlineData("IV", 4)] [InlineData("Ⅳ", 4)] [InlineData("4", 4)] [InlineData("V", 5)] [InlineData("Ⅴ", 5)] [InlineData("劣V", 6)] [InlineData("劣Ⅴ", 6)]
    [InlineData("6", 6)] [InlineData("VI", 6)] [InlineData("劣Ⅴ类", 6)] [InlineData("iii", 3)] [InlineData("Ⅲ ", 3)] [InlineData("劣v", 6)] [InlineData("Ⅵ", 6)]
    public void Every_accepted_spelling_of_a_water_class_parses(string text, int ordinal) => Assert.Equal(ordinal, WaterClass.Parse(text).Ordinal);

    [Theory]
    [InlineData("")] [InlineData("0")] [InlineData("7")] [InlineData("VII")] [InlineData("劣IV")] [InlineData("X")] [InlineData("III.")]
    public void Anything_else_is_not_a_water_class(string text) => Assert.False(WaterClass.TryParse(text, out _));

    [Fact]
    public void Classes_print_in_exchange_and_display_spellings()
    {
        Assert.Equal(["I", "II", "III", "IV", "V", "劣V"], WaterClass.All.Select(c => c.Code));
        Assert.Equal("劣Ⅴ", WaterClass.WorseThanV.Display);
        Assert.True(WaterClass.III.IsGood() && !WaterClass.IV.IsGood());
    }

    [Theory]
    [InlineData("2023-01", 2023, 1)] [InlineData("2023-12", 2023, 12)] [InlineData("2023/7", 2023, 7)] [InlineData("2023年7月", 2023, 7)]
    [InlineData(" 2023-07", 2023, 7)] [InlineData("2023-07 ", 2023, 7)] [InlineData("2023/07", 2023, 7)] [InlineData("9999-12", 9999, 12)] [InlineData("1900-01", 1900, 1)]
    public void Months_parse(string text, int y, int m) => Assert.Equal(new YearMonth(y, m), YearMonth.Parse(text));

    [Theory]
    [InlineData("2023-13")] [InlineData("2023-00")] [InlineData("23-01")] [InlineData("2023-1-1")] [InlineData("January")] [InlineData("")]
    // Seven characters with a dash at 4 that are not YYYY-MM: the exact fast path must not take them (YearMonth.TryParse).
    [InlineData("1899-12")] [InlineData("2023-1x")] [InlineData("+023-01")] [InlineData("2023--1")] [InlineData("２０２３-01")] [InlineData("2023-+1")]
    public void Bad_months_do_not_parse(string text) => Assert.False(YearMonth.TryParse(text, out _));

    [Fact]
    public void Fen_is_exact_and_refuses_fractions_of_a_fen()
    {
        Assert.Equal(100_000_000L, Fen.FromYuan(1_000_000m).Value);
        Assert.Equal("0.30", (Fen.FromYuan(0.1m) + Fen.FromYuan(0.2m)).ToString());
        Assert.Throws<ArgumentException>(() => Fen.FromYuan(0.001m));
        Assert.True(Fen.TryParseYuan("1,200,000.50", out var f) && f.Value == 120_000_050);
        Assert.False(Fen.TryParseYuan("1.005", out _));
        Assert.Equal(new Fen(11), new Fen(105).Times(0.10m));
    }
}
