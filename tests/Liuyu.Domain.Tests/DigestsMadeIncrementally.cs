using System.Security.Cryptography;
using System.Text;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>
/// The digests made without building their whole canonical text (R-LEDGER-3, R-SET-1) are the digests of that text:
/// the statement digest hashed part by part, the input digest written on the stack (and into a pooled larger buffer when
/// the text is too long for the stack buffer).
/// </summary>
public class DigestsMadeIncrementally
{
    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Small and large statements: the parts are hashed a 64 KiB buffer at a time, so a statement of 1,000 sections fills
    /// it many times over and a part can fall across two fillings; the 2-section one hashes one partial buffer.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1_000)]
    public void The_statement_digest_is_the_hash_of_its_parts_joined_by_newlines_R_SET_1(int more)
    {
        var s1 = Sec("S1");
        var s2 = Sec("S2", up: B, down: C);
        var others = Enumerable.Range(0, more).Select(i => Sec($"S{i + 3}", up: i % 2 == 0 ? A : B, down: i % 2 == 0 ? B : A)).ToList();
        var scheme = new Scheme(Parties, [new River(R, "河", null)], [s1, s2, .. others],
            [new Target(s1.Id, 2023, WaterClass.III), new Target(s2.Id, 2023, WaterClass.II), .. others.Select(o => new Target(o.Id, 2023, WaterClass.III))],
            [
                new MonthlyResult(s1.Id, new YearMonth(2023, 1), WaterClass.IV, ResultSource.National, "断流"),
                new MonthlyResult(s1.Id, new YearMonth(2023, 2), WaterClass.I, ResultSource.National, null),
                new MonthlyResult(s2.Id, new YearMonth(2023, 3), WaterClass.V, ResultSource.National, null),
                .. others.SelectMany((o, i) => YearMonth.MonthsOf(2023).Select(m => new MonthlyResult(o.Id, m, WaterClass.FromOrdinal(1 + (i + m.Month) % 6), ResultSource.National, null))),
            ], null, [new Signature(R, A, new DateOnly(2023, 5, 1))]);
        var lines = LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), MonthlyAccounting.AccountYear(scheme, 2023), _ => false)
            .Select((l, i) => l with { Sequence = i + 1 }).ToList();
        var s = YearlySettlement.Settle(scheme, 2023, lines);
        Assert.NotEmpty(s.Pairs);
        Assert.Equal(more * 12 + 3, s.Lines.Count(l => l.Rule != RuleIds.NoResult));

        var text = string.Join('\n',
            s.Lines.Select(l => $"{l.Section}|{l.Month}|{l.Rule}|{l.Payer}|{l.Payee}|{l.Amount.Value}|{l.InputDigest}")
                .Concat(s.Adjustments.Select(l => $"A|{l.Sequence}|{l.Kind}|{l.Amount.Value}"))
                .Concat(s.Pairs.Select(p => $"P|{p.River}|{p.Payer}|{p.Payee}|{p.Gross.Value}|{p.Net.Value}"))
                .Concat(s.Fund.Select(f => $"F|{f.Party}|{f.River}|{f.Amount.Value}")));
        Assert.Equal(Sha(text)[..32], SettlementWorkflow.Digest(s));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("EX-2023-01 断流免除")]
    [InlineData(2_000)]
    public void The_input_digest_is_the_hash_of_its_canonical_text_however_long_R_LEDGER_3(object? exemption)
    {
        var reference = exemption is int n ? new string('免', n) : (string?)exemption;
        var baseline = new Baseline(WaterClass.III, new SectionId("S0"), BaselineBasis.NearestAssessmentSection, 2.5m, false);
        var tiers = new Tiers(Fen.FromYuan(1_000_000), Fen.FromYuan(2_000_000));
        var digest = LineDigest.Compute(R, new SectionId("S1"), Jan, Purposes.WaterQuality, RuleIds.Worse, A, B, Fen.FromYuan(1_000_000),
            WaterClass.III, baseline.From, baseline.Basis, WaterClass.IV, ResultSource.National, 2, reference, "2023", "cq2023", tiers);

        const char sep = '\u001f';
        var text = $"v2{sep}R{sep}S1{sep}202301{sep}quality{sep}{RuleIds.Worse}{sep}A{sep}B{sep}100000000{sep}3{sep}S0{sep}NearestAssessmentSection{sep}4{sep}National{sep}2{sep}" +
                   $"{reference}{sep}2023{sep}cq2023{sep}100000000{sep}200000000";
        Assert.Equal(Sha(text)[..32], digest);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_500)]
    public void A_rule_familys_inputs_follow_one_more_separator_R_LEDGER_3_R_FAM_1(int parameterChars)
    {
        // The family parameters and the flows (R-FAM-1, R-EXT-1) come last, after one more separator; short or longer than the stack buffer.
        var tiers = new Tiers(Fen.FromYuan(1_000_000), Fen.FromYuan(2_000_000));
        var extra = new string('k', parameterChars) + "\u001f1.5\u001f2";
        var digest = LineDigest.Compute(R, new SectionId("S1"), Jan, Purposes.WaterQuantity, RuleIds.Worse, A, B, Fen.FromYuan(1),
            null, null, null, null, null, null, null, "2023", "steps", tiers, extra);
        const char sep = '\u001f';
        var text = $"v2{sep}R{sep}S1{sep}202301{sep}quantity{sep}{RuleIds.Worse}{sep}A{sep}B{sep}100{sep}{sep}{sep}{sep}{sep}{sep}{sep}{sep}2023{sep}steps{sep}100000000{sep}200000000{sep}{extra}";
        Assert.Equal(Sha(text)[..32], digest);
    }

    /// <summary>
    /// Absent inputs (no baseline, no result, no source, no revision) are empty fields of the canonical text, as they were
    /// when the nullable values were interpolated themselves (they are now written without boxing, <see cref="Canonical"/>).
    /// </summary>
    [Fact]
    public void Absent_inputs_are_empty_fields_of_the_canonical_text_R_LEDGER_3()
    {
        var tiers = new Tiers(Fen.FromYuan(1_000_000), Fen.FromYuan(2_000_000));
        var digest = LineDigest.Compute(R, new SectionId("S1"), Jan, Purposes.WaterQuality, RuleIds.NoResult, null, null, Fen.Zero,
            null, null, null, null, null, null, null, "2023", "cq2023", tiers);
        const char sep = '\u001f';
        var text = $"v2{sep}R{sep}S1{sep}202301{sep}quality{sep}{RuleIds.NoResult}{sep}{sep}{sep}0{sep}{sep}{sep}{sep}{sep}{sep}{sep}{sep}2023{sep}cq2023{sep}100000000{sep}200000000";
        Assert.Equal(Sha(text)[..32], digest);

        // And each kind of value beside its absent neighbours: a result without a baseline, a computed source, revision 0.
        var some = LineDigest.Compute(R, new SectionId("S1"), Jan, Purposes.WaterQuality, RuleIds.NoTarget, null, null, Fen.Zero,
            null, null, null, WaterClass.WorseThanV, ResultSource.Computed, 0, null, "2023", "cq2023", tiers);
        var someText = $"v2{sep}R{sep}S1{sep}202301{sep}quality{sep}{RuleIds.NoTarget}{sep}{sep}{sep}0{sep}{sep}{sep}{sep}6{sep}Computed{sep}0{sep}{sep}2023{sep}cq2023{sep}100000000{sep}200000000";
        Assert.Equal(Sha(someText)[..32], some);
    }

    [Fact]
    public void Maybe_writes_what_interpolating_the_nullable_writes()
    {
        long? none = null, big = -9_223_372_036_854_775_808;
        int? zero = 0;
        BaselineBasis? basis = BaselineBasis.OwnTarget, noBasis = null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(string.Create(inv, $"{none}|{big}|{zero}|{basis?.ToString()}|{noBasis?.ToString()}"),
            string.Create(inv, $"{Canonical.Of(none)}|{Canonical.Of(big)}|{Canonical.Of(zero)}|{Canonical.Name(basis)}|{Canonical.Name(noBasis)}"));
        Span<byte> utf8 = stackalloc byte[64];
        Assert.True(System.Text.Unicode.Utf8.TryWrite(utf8, System.Globalization.CultureInfo.InvariantCulture, $"{Canonical.Of(big)}:{Canonical.Of(none)}:{Canonical.Of(zero)}", out var n));
        Assert.Equal("-9223372036854775808::0", Encoding.UTF8.GetString(utf8[..n]));
    }
}
