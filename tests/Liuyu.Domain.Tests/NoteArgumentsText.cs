using System.Text.Json;
using Liuyu.Domain.Ledger;

namespace Liuyu.Domain.Tests;

/// <summary>
/// A note's arguments are stored (and digested) as the canonical JSON object <see cref="LineNote.ArgsText"/>. Its keys and
/// values are written with the serializer's compile-time metadata for a string, so that the CLI's native front (compiled
/// ahead of time, without reflection-based serialization) writes them; the text must stay the one the reflection-based
/// serializer wrote before, escapes and all, or stored lines would no longer match their digests.
/// </summary>
public class NoteArgumentsText
{
    [Fact]
    public void Arguments_are_written_as_the_reflection_based_serializer_writes_strings()
    {
        var random = new Random(20261206);
        string[] samples =
        [
            "", "断流", "复核 (2023-05)", "a\"b\\c", "tab\there", "line\nbreak", "<script>&'", "\u0001\u001f\u007f", "é ü ß", "💧水质",
            "\u2028\u2029", "emoji 🙂 and \ud83d", // a lone high surrogate too
        ];
        var generated = Enumerable.Range(0, 2000).Select(_ =>
            new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => (char)(random.Next(4) switch
            {
                0 => random.Next(0x20),
                1 => random.Next(0x20, 0x80),
                2 => random.Next(0x4E00, 0x9FFF),
                _ => random.Next(0x80, 0xFFFF),
            })).ToArray()));
        foreach (var value in samples.Concat(generated))
        {
            var note = LineNote.Of(NoteCodes.Text, ("text", value), ("key \"é\"", "x"));
            var expected = "{" + JsonSerializer.Serialize("key \"é\"") + ":" + JsonSerializer.Serialize("x") + ","
                           + JsonSerializer.Serialize("text") + ":" + JsonSerializer.Serialize(value) + "}";
            Assert.Equal(expected, note.ArgsText);
        }
    }
}
