using System.Globalization;
using CsCheck;
using Liuyu.Data.Samples;

namespace Liuyu.Data.Tests.Samples;

/// <summary>
/// Issue 10 (P2): measured values are read digit by digit when they are plain digits with at most one point. Whenever the
/// fast reader accepts a text, it gives exactly what <see cref="decimal.TryParse(string, NumberStyles, IFormatProvider, out decimal)"/>
/// gives, scale included (12.000 stays 12.000, which the stored text and the evaluation's rounding can see).
/// </summary>
public class PlainDecimalEqualsDecimalParse
{
    private static void Same(string text)
    {
        if (!PlainDecimal.TryParse(text, out var fast)) return;
        Assert.True(decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact), text);
        Assert.Equal(decimal.GetBits(exact), decimal.GetBits(fast));
    }

    [Theory]
    [InlineData("6.93")]
    [InlineData("12.000")]
    [InlineData("150")]
    [InlineData("0")]
    [InlineData("0.0005")]
    [InlineData(".5")]
    [InlineData("000.10")]
    [InlineData("999999999999999999")]
    [InlineData("0.00000000000000001")]
    public void Plain_values_take_the_fast_path_with_their_scale(string text)
    {
        Assert.True(PlainDecimal.TryParse(text, out _));
        Same(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("12.")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("1.2.3")]
    [InlineData(" 1")]
    [InlineData("1,000")]
    [InlineData("1234567890123456789")]
    [InlineData("０.５")]
    public void Anything_else_is_left_to_the_full_parser(string text) => Assert.False(PlainDecimal.TryParse(text, out _));

    [Fact]
    public void Any_text_of_digits_and_points_reads_as_decimal_parse_reads_it() =>
        Gen.String[Gen.Char["0123456789."], 0, 22].Sample(Same, iter: 20_000);
}
