using Liuyu.Storage.Model;

namespace Liuyu.Storage.Tests;

/// <summary>
/// R-LEDGER-1: a ledger line's content hash, written as UTF-8 straight into a buffer, is the hash of its canonical
/// text (<see cref="ChainContent.Of(LedgerLineRow)"/>) for every shape of line: nulls, flags, Chinese text, and text
/// longer than the first buffer.
/// </summary>
public class LedgerContentHashWithoutStrings
{
    private static LedgerLineRow Line(string? note = null, string? args = null) => new()
    {
        Sequence = 42, Kind = "posting", PostedYear = 2023, RiverId = "R1", SectionId = "S000001", Month = 202301, Purpose = "quality",
        Rule = "R-COMP-2", PolicyVersion = "2023", RuleFamily = "cq2023", InputDigest = "0123456789abcdef0123456789abcdef", RunId = 7,
        NoteCode = note is null ? null : "text", NoteArgs = args, Note = note,
    };

    public static TheoryData<LedgerLineRow> Lines() => new()
    {
        Line(),
        Line("断流", "{\"text\":\"\\u65AD\\u6D41\"}"),
        new LedgerLineRow
        {
            Sequence = 240_001, Kind = "reversal", PostedYear = 2024, IsAdjustment = true, Reverses = 12, Supersedes = 3, RiverId = "R0007",
            SectionId = "S019999", Month = 202312, Purpose = "quality", Rule = "R-COMP-1", Payer = "D0001", Payee = "D0002", AmountFen = 240_000_000,
            Baseline = 3, BaselineFrom = "S019998", BaselineBasis = "nearest_assessment_section", Result = 1, Source = "national", ResultRevision = 2,
            ExemptionReference = "免除-1", PolicyVersion = "2023", RuleFamily = "cq2023", Tier1Fen = 120_000_000, Tier2Fen = 240_000_000,
            ClassDifference = -2, InputDigest = "fedcba9876543210fedcba9876543210", RunId = 1, NoteCode = "reversal", NoteArgs = "{\"line\":\"12\"}",
        },
        Line(new string('河', 3_000), "{}"),
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_content_hash_is_the_hash_of_the_canonical_text(LedgerLineRow row) =>
        Assert.Equal(ChainContent.Hash(ChainContent.Of(row)), ChainContent.HashOf(row));

    /// <summary>
    /// A link is the SHA-256, or the HMAC under the chain's key, of "previous|content" whatever link this thread made
    /// before: plain and keyed chains and two keys, one after the other on one thread (the hashers are kept per thread),
    /// give what a hash made anew each time gives.
    /// </summary>
    [Fact]
    public void Links_made_one_after_another_under_different_keys_are_those_made_anew()
    {
        var keys = new[] { ChainKey.Plain, ChainKey.Keyed("the first test key, long enough"), ChainKey.Keyed("a second test key, long enough"), ChainKey.Plain };
        var secrets = new[] { null, "the first test key, long enough", "a second test key, long enough", null };
        var previous = ChainContent.Genesis;
        for (var round = 0; round < 3; round++)
            for (var k = 0; k < keys.Length; k++)
            {
                var content = ChainContent.Hash($"line {round} {k}");
                var text = System.Text.Encoding.UTF8.GetBytes(previous + "|" + content);
                var expected = Convert.ToHexStringLower(secrets[k] is { } secret
                    ? System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), text)
                    : System.Security.Cryptography.SHA256.HashData(text));
                var link = keys[k].Link(previous, content);
                Assert.Equal(expected, link);
                previous = link;
            }
    }

    [Fact]
    public void The_digest_of_a_closed_year_is_the_hash_of_its_content_hashes_joined_by_newlines()
    {
        string?[] hashes = ["aa", null, "bb", new string('c', 500)];
        Assert.Equal(ChainContent.Hash(string.Join('\n', hashes)), ChainContent.YearDigest(hashes));
        Assert.Equal(ChainContent.Hash(""), ChainContent.YearDigest([]));
    }
}
