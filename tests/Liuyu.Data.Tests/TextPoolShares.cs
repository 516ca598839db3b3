using System.Text;
using Liuyu.Data.Csv;

namespace Liuyu.Data.Tests;

/// <summary>
/// Issue 10: <see cref="TextPool"/> gives one string per distinct short value, whether the value comes as characters
/// (the CSV reader), as UTF-8 bytes (SQLite's columns) or as a string (PostgreSQL's reader), and the text is always
/// the value's own: bytes decode exactly as <see cref="Encoding.UTF8"/> decodes them.
/// </summary>
public class TextPoolShares
{
    [Fact]
    public void Equal_short_values_are_one_string_from_characters_bytes_or_strings()
    {
        var pool = new TextPool();
        var first = pool.Get("S000123".AsSpan());
        Assert.Same(first, pool.Get("S000123"u8));
        Assert.Same(first, pool.Get(new string("S000123".AsSpan())));
        Assert.Same(first, pool.Get("xS000123".AsSpan(1)));
        Assert.NotSame(first, pool.Get("S000124"u8));
        Assert.Equal("重庆", pool.Get(Encoding.UTF8.GetBytes("重庆")));
        Assert.Same(pool.Get(Encoding.UTF8.GetBytes("重庆")), pool.Get("重庆"));
        Assert.Equal("", pool.Get(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void A_value_longer_than_the_pool_keeps_is_its_own_string_each_time()
    {
        var pool = new TextPool();
        var text = new string('a', TextPool.MaxChars + 1);
        Assert.Same(text, pool.Get(text));
        var fromBytes = pool.Get(Encoding.UTF8.GetBytes(text));
        Assert.Equal(text, fromBytes);
        Assert.NotSame(fromBytes, pool.Get(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData(new byte[] { 0x53, 0xFF, 0x31 })]
    [InlineData(new byte[] { 0xE9, 0x87 })]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80, 0x41 })]
    public void Bytes_decode_as_utf8_decodes_them_invalid_ones_included(byte[] bytes)
    {
        var pool = new TextPool();
        Assert.Equal(Encoding.UTF8.GetString(bytes), pool.Get(bytes));
        Assert.Same(pool.Get(bytes), pool.Get(bytes));
    }
}
