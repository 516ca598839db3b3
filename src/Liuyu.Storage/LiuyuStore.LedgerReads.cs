using System.Data;
using System.Data.Common;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    /// <summary>The columns a domain ledger line is read from, in the order <see cref="ReadLedgerLines"/> reads them.</summary>
    private const string LedgerLineColumns =
        "sequence, kind, posted_year, is_adjustment, reverses, river_id, section_id, month, purpose, rule, payer, payee, amount_fen, " +
        "baseline, baseline_from, result, source, note, note_code, note_args, exemption_reference, policy_version, rule_family, " +
        "input_digest, baseline_basis, result_revision, tier1_fen, tier2_fen, class_difference, parameters, flow, flow_target";

    /// <summary>
    /// The ledger lines matching <paramref name="where"/> (SQL over ledger_lines, with <c>@p0</c>, <c>@p1</c> … for
    /// <paramref name="args"/>), in sequence order, as domain lines: read by a lean projection on the store's own
    /// connection and transaction, without EF entities or change tracking, and with each distinct note parsed once.
    /// The lines are those <see cref="Mapping.ToDomain(Model.LedgerLineRow)"/> makes.
    /// </summary>
    private List<LedgerLine> ReadLedgerLines(string where, params object[] args)
    {
        var conn = _db.Database.GetDbConnection();
        _db.Database.OpenConnection();
        try
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = $"SELECT {LedgerLineColumns} FROM ledger_lines WHERE {where} ORDER BY sequence";
            for (var i = 0; i < args.Length; i++)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = "@p" + i;
                p.Value = args[i];
                cmd.Parameters.Add(p);
            }
            using var reader = cmd.ExecuteReader(CommandBehavior.SequentialAccess);
            return ReadLines(reader);
        }
        finally { _db.Database.CloseConnection(); }
    }

    /// <summary>
    /// Every imported result (all revisions), as <see cref="Mapping.ToDomain(Model.ResultRow)"/> makes them, by a lean
    /// projection in the table's own order (a national year has hundreds of thousands).
    /// </summary>
    private List<MonthlyResult> ReadImportedResults()
    {
        var conn = _db.Database.GetDbConnection();
        _db.Database.OpenConnection();
        try
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = "SELECT section_id, month, class, source, note, revision, deciding_indicators FROM results";
            using var r = cmd.ExecuteReader(CommandBehavior.SequentialAccess);
            var results = new List<MonthlyResult>();
            var sources = new Dictionary<string, ResultSource>(StringComparer.Ordinal);
            while (r.Read())
            {
                var section = r.GetString(0);
                var month = r.GetInt32(1);
                int? cls = r.IsDBNull(2) ? null : r.GetInt32(2);
                var sourceText = r.GetString(3);
                if (!sources.TryGetValue(sourceText, out var source)) sources[sourceText] = source = Mapping.Parse<ResultSource>(sourceText);
                var note = r.IsDBNull(4) ? null : r.GetString(4);
                var revision = r.GetInt32(5);
                var deciding = r.IsDBNull(6) ? null : r.GetString(6);
                results.Add(new MonthlyResult(new SectionId(section), YearMonth.FromKey(month), cls is { } c ? WaterClass.FromOrdinal(c) : null, source, note, revision, deciding));
            }
            return results;
        }
        finally { _db.Database.CloseConnection(); }
    }

    private static List<LedgerLine> ReadLines(DbDataReader r)
    {
        var lines = new List<LedgerLine>();
        // Notes and the small texts repeat across a year's lines: made once each and shared (all are immutable).
        var notes = new Dictionary<(string?, string?, string?, string), LineNote?>();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string s)
        {
            if (texts.TryGetValue(s, out var known)) return known;
            texts[s] = s;
            return s;
        }
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        string? SharedText(int i) => r.IsDBNull(i) ? null : Shared(r.GetString(i));
        long? Int64(int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        int? Int32(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

        while (r.Read())
        {
            var sequence = r.GetInt64(0);
            var kind = r.GetString(1);
            var postedYear = r.GetInt32(2);
            var isAdjustment = r.GetBoolean(3);
            var reverses = Int64(4);
            var river = Shared(r.GetString(5));
            var section = r.GetString(6);
            var month = r.GetInt32(7);
            var purpose = Shared(r.GetString(8));
            var rule = Shared(r.GetString(9));
            var payer = SharedText(10);
            var payee = SharedText(11);
            var amount = r.GetInt64(12);
            var baseline = Int32(13);
            var baselineFrom = Text(14);
            var result = Int32(15);
            var source = SharedText(16);
            var note = Text(17);
            var noteCode = Text(18);
            var noteArgs = Text(19);
            var exemption = Text(20);
            var policyVersion = Shared(r.GetString(21));
            var ruleFamily = Shared(r.GetString(22));
            var inputDigest = r.GetString(23);
            var basis = SharedText(24);
            var revision = Int32(25);
            var tier1 = Int64(26);
            var tier2 = Int64(27);
            var classDifference = Int32(28);
            var parameters = SharedText(29);
            decimal? flow = r.IsDBNull(30) ? null : r.GetDecimal(30);
            decimal? flowTarget = r.IsDBNull(31) ? null : r.GetDecimal(31);

            var noteKey = (noteCode, noteArgs, noteCode is null ? note : null, noteCode is null ? rule : "");
            if (!notes.TryGetValue(noteKey, out var lineNote))
                notes[noteKey] = lineNote = noteCode is not null ? LineNote.Parse(noteCode, noteArgs) : LineNote.FromLegacyText(note, rule);
            Tiers? lineTiers = tier1 is { } t1 && tier2 is { } t2 ? new Tiers(new Fen(t1), new Fen(t2)) : null;

            lines.Add(new LedgerLine
            {
                Sequence = sequence,
                Kind = Mapping.Parse<LedgerLineKind>(kind),
                PostedYear = postedYear,
                IsAdjustment = isAdjustment,
                Reverses = reverses,
                River = new RiverId(river),
                Section = new SectionId(section),
                Month = YearMonth.FromKey(month),
                Purpose = purpose,
                Rule = rule,
                Payer = payer is null ? null : new PartyId(payer),
                Payee = payee is null ? null : new PartyId(payee),
                Amount = new Fen(amount),
                Baseline = baseline is { } b ? WaterClass.FromOrdinal(b) : null,
                BaselineFrom = baselineFrom is null ? null : new SectionId(baselineFrom),
                Result = result is { } res ? WaterClass.FromOrdinal(res) : null,
                Source = source is null ? null : Mapping.Parse<ResultSource>(source),
                Note = lineNote,
                ExemptionReference = exemption,
                PolicyVersion = policyVersion,
                RuleFamily = ruleFamily,
                InputDigest = inputDigest,
                BaselineBasis = basis is null ? null : Mapping.Parse<Domain.Accounting.BaselineBasis>(basis),
                ResultRevision = revision,
                Tiers = lineTiers,
                ClassDifference = classDifference,
                Parameters = parameters is null ? null : Domain.Accounting.FamilyParameters.Parse(parameters),
                Flow = flow,
                FlowTarget = flowTarget,
            });
        }
        return lines;
    }
}
