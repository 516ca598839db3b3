using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>
/// R-LEDGER-1: a ledger line (and an outcome) keeps the fields few lines have (a reversal's target, a note, an exemption,
/// a family's parameters, a quantity line's flows) apart from the line (issue 10: 240 bytes a line instead of 320). A line
/// reads, compares, hashes and copies exactly as a line holding them inline did.
/// </summary>
public class RareLineFields
{
    private static SectionMonthOutcome Outcome() => MonthlyAccounting.AccountSection(OneSection("III", "IV"), Sec("S1"), Jan);

    private static LedgerLine Posting() => LedgerLine.Post(Outcome(), 2023, false, 7);

    [Fact]
    public void R_LEDGER_1_lines_made_with_null_rare_fields_or_without_them_are_equal_and_hash_alike()
    {
        var plain = Posting();
        var withNulls = plain with { Reverses = null, Note = null, ExemptionReference = null, Parameters = null, Flow = null, FlowTarget = null };
        Assert.Equal(plain, withNulls);
        Assert.Equal(plain.GetHashCode(), withNulls.GetHashCode());

        // Set and then cleared again: equal to a line that never had it.
        var cleared = (plain with { Flow = 2.5m, ExemptionReference = "E-1" }) with { Flow = null, ExemptionReference = null };
        Assert.Equal(plain, cleared);
        Assert.Equal(plain.GetHashCode(), cleared.GetHashCode());
    }

    [Fact]
    public void R_LEDGER_1_each_rare_field_reads_back_what_was_set_and_a_copy_never_changes_the_original()
    {
        var note = LineNote.Of(NoteCodes.Text, ("text", "断流"));
        var parameters = FamilyParameters.Parse("target_class=III");
        var line = Posting() with { Reverses = 3, Note = note, ExemptionReference = "E-1", Parameters = parameters, Flow = 1.25m, FlowTarget = 2.000m };
        Assert.Equal((3L, note, "E-1", parameters, 1.25m, 2.000m), (line.Reverses, line.Note, line.ExemptionReference, line.Parameters, line.Flow, line.FlowTarget));

        var changed = line with { Flow = 9m, Note = null };
        Assert.Equal((1.25m, note), (line.Flow, line.Note));
        Assert.Equal((3L, (LineNote?)null, "E-1", parameters, 9m, 2.000m), (changed.Reverses, changed.Note, changed.ExemptionReference, changed.Parameters, changed.Flow, changed.FlowTarget));
        Assert.NotEqual(line, changed);
        Assert.NotEqual(Posting(), line);

        // Decimals compare by value, as they did inline: 2.000 equals 2.
        Assert.Equal(line, line with { FlowTarget = 2m });
    }

    [Fact]
    public void R_LEDGER_1_an_outcome_reads_compares_and_copies_its_rare_fields_as_before()
    {
        var o = Outcome();
        Assert.Equal((null, null, null, null), (o.Note, o.ExemptionReference, o.Flow, o.FlowTarget));
        var note = LineNote.Of(NoteCodes.Text, ("text", "复核"));
        var set = o with { Note = note, ExemptionReference = "E-2", Flow = 0.5m, FlowTarget = 1m };
        Assert.Equal((note, "E-2", 0.5m, 1m), (set.Note, set.ExemptionReference, set.Flow, set.FlowTarget));
        Assert.Equal((null, null, null, null), (o.Note, o.ExemptionReference, o.Flow, o.FlowTarget));
        Assert.Equal(o, set with { Note = null, ExemptionReference = null, Flow = null, FlowTarget = null });
        Assert.Equal(o.GetHashCode(), (set with { Note = null, ExemptionReference = null, Flow = null, FlowTarget = null }).GetHashCode());
        // The digest is made from the constructor's values; a copy keeps it (the note is not among its inputs).
        Assert.Equal(o.InputDigest, set.InputDigest);

        // Made by the constructor with the fields: the same as set by a copy.
        var made = new SectionMonthOutcome(o.River, o.Section, o.Month, o.Purpose, o.Rule, o.Payer, o.Payee, o.Amount, o.Baseline, o.BaselineDetail,
            o.Result, o.Source, o.ResultRevision, note, "E-2", o.PolicyVersion, o.RuleFamily, o.Tiers, o.ClassDifference, o.Parameters, 0.5m, 1m);
        Assert.Equal((note, "E-2", 0.5m, 1m), (made.Note, made.ExemptionReference, made.Flow, made.FlowTarget));
        Assert.NotEqual(o.InputDigest, made.InputDigest);
    }

    [Fact]
    public void R_LEDGER_2_a_reversal_names_its_posting_and_the_posting_keeps_no_reversal_fields()
    {
        var posting = Posting();
        var reversal = posting.ReverseInto(2023, false);
        Assert.Equal(7L, reversal.Reverses);
        Assert.Equal(NoteCodes.Reversal, reversal.Note!.Code);
        Assert.Null(posting.Reverses);
        Assert.Null(posting.Note);
    }
}
