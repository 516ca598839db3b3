using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Liuyu.Storage;

/// <summary>
/// Rows written in PostgreSQL's binary COPY format (<c>COPY … FROM STDIN (FORMAT BINARY)</c>: a header, then for each
/// row its number of fields and for each field its length and bytes, then a trailer) into a buffer, and through
/// Npgsql's raw copy stream (<see cref="NpgsqlConnection.BeginRawBinaryCopy(string)"/>). Npgsql's binary importer
/// binds every value as a parameter (a converter resolved, the value sized, an async state machine run): a third of
/// <c>account</c>'s samples on PostgreSQL were its writes of a national year's ledger. Only the types written here
/// (text, bigint, integer, boolean, numeric) take this path; the bulk writer sends a table with a column of any other
/// type through the importer. Text is written as UTF-8, so only on a connection whose text is UTF-8
/// (<see cref="LiuyuStore.DecodesUtf8(System.Data.Common.DbConnection)"/>); the server checks it as it checks any.
/// </summary>
internal sealed class PgBinaryRows(Stream copy)
{
    /// <summary>The signature: <c>PGCOPY\n\377\r\n\0</c>.</summary>
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    /// <summary>Invalid UTF-16 (a lone surrogate) throws, as Npgsql's own text encoding does, rather than being replaced.</summary>
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer = new byte[1 << 16];
    private int _at;
    private bool _started;

    /// <summary>Begins a row of <paramref name="fields"/> fields (the header before the first).</summary>
    public void StartRow(int fields)
    {
        WriteHeaderOnce();
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_at), checked((short)fields));
        _at += 2;
    }

    private void WriteHeaderOnce()
    {
        if (_started) return;
        Ensure(Header.Length + 8);
        Header.CopyTo(_buffer.AsSpan(_at));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at + Header.Length), 0); // flags: no OIDs
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at + Header.Length + 4), 0); // no header extension
        _at += Header.Length + 8;
        _started = true;
    }

    public void Null()
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), -1);
        _at += 4;
    }

    public void Int64(long value)
    {
        Ensure(12);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), 8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_at + 4), value);
        _at += 12;
    }

    public void Int32(int value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at + 4), value);
        _at += 8;
    }

    public void Boolean(bool value)
    {
        Ensure(5);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), 1);
        _buffer[_at + 4] = value ? (byte)1 : (byte)0;
        _at += 5;
    }

    public void Text(string value)
    {
        Ensure(4 + Strict.GetMaxByteCount(value.Length));
        var written = Strict.GetBytes(value, _buffer.AsSpan(_at + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), written);
        _at += 4 + written;
    }

    /// <summary>
    /// A decimal as PostgreSQL's binary numeric: the number of base-10,000 digits, the weight of the first, the sign, the
    /// display scale (the decimal's own scale, as Npgsql writes it: 1.10 stays 1.10), then the digits, grouped from the
    /// decimal point outward. Worked from the decimal's invariant text, which has every digit and never an exponent;
    /// PostgreSQL drops zero groups at either end itself.
    /// </summary>
    public void Numeric(decimal value)
    {
        Span<char> text = stackalloc char[40];
        if (!value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException("a decimal's text is longer than 40 characters");
        ReadOnlySpan<char> s = text[..length];
        var negative = s[0] == '-';
        if (negative) s = s[1..];
        var point = s.IndexOf('.');
        var whole = (point < 0 ? s : s[..point]).TrimStart('0');
        var fraction = point < 0 ? [] : s[(point + 1)..];
        var wholeGroups = (whole.Length + 3) / 4;
        var fractionGroups = (fraction.Length + 3) / 4;
        var digits = wholeGroups + fractionGroups;
        Ensure(4 + 8 + 2 * digits);
        var into = _buffer.AsSpan(_at);
        BinaryPrimitives.WriteInt32BigEndian(into, 8 + 2 * digits);
        BinaryPrimitives.WriteInt16BigEndian(into[4..], (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(into[6..], (short)(wholeGroups - 1));
        BinaryPrimitives.WriteUInt16BigEndian(into[8..], negative ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(into[10..], (short)fraction.Length);
        var at = 12;
        // The whole part's groups end at the point: the first group takes what is left over at the left.
        var pad = wholeGroups * 4 - whole.Length;
        for (var g = 0; g < wholeGroups; g++)
        {
            var group = 0;
            for (var i = g * 4 - pad; i < g * 4 - pad + 4; i++) group = group * 10 + (i < 0 ? 0 : whole[i] - '0');
            BinaryPrimitives.WriteInt16BigEndian(into[at..], (short)group);
            at += 2;
        }
        // The fraction's groups begin at the point: the last is filled with zeros at the right.
        for (var g = 0; g < fractionGroups; g++)
        {
            var group = 0;
            for (var i = g * 4; i < g * 4 + 4; i++) group = group * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
            BinaryPrimitives.WriteInt16BigEndian(into[at..], (short)group);
            at += 2;
        }
        _at += 4 + 8 + 2 * digits;
    }

    /// <summary>The trailer (after the header, for no rows), and everything still in the buffer to the stream, which the caller then disposes to end the COPY.</summary>
    public void Finish()
    {
        WriteHeaderOnce();
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_at), -1);
        _at += 2;
        Flush();
    }

    private void Ensure(int bytes)
    {
        if (_at + bytes <= _buffer.Length) return;
        Flush();
        if (bytes > _buffer.Length) _buffer = new byte[Math.Max(bytes, _buffer.Length * 2)];
    }

    private void Flush()
    {
        copy.Write(_buffer, 0, _at);
        _at = 0;
    }
}
