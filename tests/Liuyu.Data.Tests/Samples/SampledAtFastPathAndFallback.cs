using System.Globalization;
using Liuyu.Data.Samples;

namespace Liuyu.Data.Tests.Samples;

/// <summary>
/// sampled_at (gb3838.md): the usual shapes are read by the fast path, every other accepted format by the fallback,
/// and the fast path never accepts a text the accepted formats refuse nor reads it differently.
/// </summary>
public class SampledAtFastPathAndFallback
{
    [Theory]
    [InlineData("2023-01-05", 2023, 1, 5, 0, 0, 0)]
    [InlineData("2023-12-31 23:59", 2023, 12, 31, 23, 59, 0)]
    [InlineData("2024-02-29T08:30", 2024, 2, 29, 8, 30, 0)]
    [InlineData("2023-06-01 04:00:59", 2023, 6, 1, 4, 0, 59)]
    public void The_usual_shapes_take_the_fast_path(string text, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.True(SampleDates.TryParseFast(text, out var fast));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s), fast);
        Assert.True(SampleDates.TryParse(text, out var any));
        Assert.Equal(fast, any);
    }

    [Theory]
    [InlineData("2023/1/5", "2023-01-05 00:00:00")]
    [InlineData("2023-1-5", "2023-01-05 00:00:00")]
    [InlineData("2023-01-05 8:05", "2023-01-05 08:05:00")]
    [InlineData("2023/01/05 08:05:07", "2023-01-05 08:05:07")]
    [InlineData("2023-01-05T08:05:07.25", "2023-01-05 08:05:07")]
    public void Other_accepted_formats_fall_back(string text, string expected)
    {
        Assert.False(SampleDates.TryParseFast(text, out _));
        Assert.True(SampleDates.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2023-13-01")]
    [InlineData("2023-00-10")]
    [InlineData("0000-01-01")]
    [InlineData("2023-01-01 24:00")]
    [InlineData("2023-01-01 12:60")]
    [InlineData("2023-01-01 12:00:60")]
    [InlineData("2023-01-01x12:00")]
    [InlineData("2023.01.01")]
    [InlineData("")]
    public void Impossible_dates_are_refused_by_both_paths(string text)
    {
        Assert.False(SampleDates.TryParseFast(text, out _));
        Assert.False(SampleDates.TryParse(text, out _));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void The_fast_path_agrees_with_the_formats_on_random_texts_for_seed(int seed)
    {
        var rng = new Random(seed);
        var formats = new[] { "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss" };
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new DateTime(1 + rng.Next(9998), 1 + rng.Next(12), 1 + rng.Next(28), rng.Next(24), rng.Next(60), rng.Next(60))
                .ToString(formats[rng.Next(formats.Length)], CultureInfo.InvariantCulture).ToCharArray();
            if (rng.Next(2) == 0) chars[rng.Next(chars.Length)] = "0123456789 -:T/x"[rng.Next(16)];
            var text = new string(chars);
            var exact = DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected);
            var fast = SampleDates.TryParseFast(text, out var value);
            if (fast) Assert.True(exact && expected == value, $"seed {seed}: '{text}' read as {value:o} by the fast path");
            else Assert.False(exact, $"seed {seed}: '{text}' refused by the fast path but accepted as {expected:o}");
        }
    }
}
