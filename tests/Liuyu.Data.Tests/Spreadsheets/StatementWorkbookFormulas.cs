using System.IO.Compression;
using System.Text.RegularExpressions;
using Liuyu.Data.Statements;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests.Spreadsheets;

/// <summary>
/// The summary's formulas of the statement workbook (R-SET-2): a party's receivable and payable are SUMIFs over the river
/// sheets where it receives or pays, never longer than Excel's longest formula. A party on more sheets than one formula
/// holds (the municipal treasury at every river's head) has its SUMIFs in parts (分项) that its cell adds.
/// </summary>
public sealed partial class StatementWorkbookFormulas
{
    private static readonly PartyId City = new("CITY");

    /// <summary>
    /// <paramref name="rivers"/> rivers, each with one section between the municipal treasury and its own district, every
    /// month Ⅴ against a Ⅲ target: the upstream party pays (R-COMP-2). With <paramref name="bothWays"/>, every other river
    /// runs from its district to the treasury, which then receives on half the sheets and pays on the other half.
    /// River 0's name has an apostrophe (quoted as '' in a sheet reference).
    /// </summary>
    private static (Scheme Scheme, List<LedgerLine> Lines) TreasuryOnEveryRiver(int rivers, bool bothWays = false)
    {
        var districts = Enumerable.Range(0, rivers).Select(i => new Party(new PartyId($"D{i:D3}"), $"区县{i}", PartyKind.District)).ToList();
        var riverList = Enumerable.Range(0, rivers).Select(i => new River(new RiverId($"R{i:D3}"), i == 0 ? "河'流0" : $"河流{i}", null)).ToList();
        var sections = Enumerable.Range(0, rivers).Select(i => bothWays && i % 2 == 1
            ? new Section(new SectionId($"S{i:D3}"), $"断面{i}", riverList[i].Id, districts[i].Id, City, SectionKind.Municipal, 10m, true, null)
            : new Section(new SectionId($"S{i:D3}"), $"断面{i}", riverList[i].Id, City, districts[i].Id, SectionKind.Municipal, 10m, true, null)).ToList();
        var scheme = new Scheme([new Party(City, "市级财政", PartyKind.Municipal), .. districts], riverList, sections,
            [.. sections.Select(s => new Target(s.Id, 2023, WaterClass.III))],
            [.. sections.Select(s => new MonthlyResult(s.Id, new YearMonth(2023, 1), WaterClass.V, ResultSource.Municipal, null))]);
        var lines = LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), MonthlyAccounting.AccountYear(scheme, 2023), _ => false)
            .Select((l, i) => l with { Sequence = i + 1 }).ToList();
        return (scheme, lines);
    }

    [Fact]
    public void A_party_on_more_river_sheets_than_one_formula_holds_has_its_sumifs_in_parts_within_Excels_limit()
    {
        var (scheme, lines) = TreasuryOnEveryRiver(400);
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "台账.xlsx");
        using (var file = File.Create(path)) StatementWorkbook.WriteLedger(scheme, 2023, lines, file);

        // Read back, the workbook is the statement.
        var totals = YearlySettlement.PartyTotals(scheme, lines);
        Assert.Equal(totals, StatementWorkbook.Read(path).Parties);

        var summary = SheetXml(path, "各方汇总");
        var formulas = Formula().Matches(summary).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.All(formulas, f => Assert.True(f.Length + 1 <= StatementWorkbook.FormulaLimit, $"a formula of {f.Length + 1} characters: {f[..Math.Min(300, f.Length)]}"));
        // The treasury (row 3, the first party) pays on 400 sheets: its payable adds its parts, which add up to it.
        var cells = Cells(summary, 3);
        var partRefs = cells["D3"].Formula!.Split('+');
        Assert.True(partRefs.Length >= 2, cells["D3"].Formula);
        Assert.All(partRefs, r => Assert.Matches("^[H-Z][A-Z]?3$", r));
        Assert.Equal(cells["D3"].Value, partRefs.Sum(r => cells[r].Value));
        Assert.Equal(400, partRefs.Sum(r => Regex.Count(cells[r].Formula!, "SUMIF\\(")));
        Assert.Equal(totals.Single(t => t.Party == City).Payable.Yuan, cells["D3"].Value);
        Assert.Equal("0", cells["C3"].Formula);
        // A district receives on its own river's sheet only.
        var district = Cells(summary, 4);
        Assert.Equal(1, Regex.Count(district["C4"].Formula!, "SUMIF\\("));
        Assert.Contains("分项（元）", summary);
    }

    [Fact]
    public void A_party_receiving_and_paying_in_parts_has_its_payable_parts_after_its_receivable_ones()
    {
        var (scheme, lines) = TreasuryOnEveryRiver(440, bothWays: true);
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "台账.xlsx");
        using (var file = File.Create(path)) StatementWorkbook.WriteLedger(scheme, 2023, lines, file);

        var totals = YearlySettlement.PartyTotals(scheme, lines);
        Assert.Equal(totals, StatementWorkbook.Read(path).Parties);
        var summary = SheetXml(path, "各方汇总");
        var cells = Cells(summary, 3);
        var city = totals.Single(t => t.Party == City);
        Assert.Equal(("H3+I3", "J3+K3"), (cells["C3"].Formula, cells["D3"].Formula));
        Assert.Equal((city.Receivable.Yuan, city.Payable.Yuan), (cells["H3"].Value + cells["I3"].Value, cells["J3"].Value + cells["K3"].Value));
        Assert.Equal(220, Regex.Count(cells["H3"].Formula! + cells["I3"].Formula!, "SUMIF\\("));
        Assert.All(["H3", "I3", "J3", "K3"], r => Assert.True(cells[r].Formula!.Length + 1 <= StatementWorkbook.FormulaLimit));
        // River 0's sheet (the treasury pays on it) is named with its apostrophe doubled inside the quotes.
        Assert.StartsWith("SUMIF('河''流0'!$J:$J,$A3,'河''流0'!$N:$N)", cells["J3"].Formula);
    }

    [Fact]
    public void A_small_scheme_keeps_one_formula_a_cell_and_no_parts()
    {
        var (scheme, lines) = TreasuryOnEveryRiver(19);
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "台账.xlsx");
        using (var file = File.Create(path)) StatementWorkbook.WriteLedger(scheme, 2023, lines, file);
        var summary = SheetXml(path, "各方汇总");
        Assert.Equal(19, Regex.Count(Cells(summary, 3)["D3"].Formula!, "SUMIF\\("));
        Assert.DoesNotContain("分项", summary);
        Assert.Equal(YearlySettlement.PartyTotals(scheme, lines), StatementWorkbook.Read(path).Parties);
    }

    [Fact]
    public void Terms_are_packed_in_order_into_formulas_that_keep_within_the_limit()
    {
        var term = "SUMIF(" + new string('x', 993) + ")"; // 1,000 characters
        var parts = StatementWorkbook.FormulaParts([.. Enumerable.Range(1, 20).Select(i => (term, (long)i))]);
        // Eight terms and seven "+" with the leading "=" are 8,008 characters; a ninth would pass 8,192.
        Assert.Equal([8, 8, 4], parts.Select(p => p.Formula.Split('+').Length));
        Assert.Equal([36L, 100L, 74L], parts.Select(p => p.Fen));
        Assert.All(parts, p => Assert.True(p.Formula.Length + 1 <= StatementWorkbook.FormulaLimit));
        Assert.Empty(StatementWorkbook.FormulaParts([]));
    }

    private static string SheetXml(string path, string titleContains)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
            .Select(e => new StreamReader(e.Open()).ReadToEnd()).Single(x => x.Contains(titleContains, StringComparison.Ordinal));
    }

    private static Dictionary<string, (string? Formula, decimal Value)> Cells(string sheetXml, int row)
    {
        var rowXml = Regex.Match(sheetXml, $"<row r=\"{row}\">(.*?)</row>").Groups[1].Value;
        return NumberCell().Matches(rowXml).ToDictionary(m => m.Groups[1].Value,
            m => (m.Groups[2].Success ? System.Net.WebUtility.HtmlDecode(m.Groups[3].Value) : null, decimal.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [GeneratedRegex("<f>(.*?)</f>")]
    private static partial Regex Formula();

    [GeneratedRegex("<c r=\"([A-Z]+[0-9]+)\"[^>]*>(<f>(.*?)</f>)?<v>([-0-9.E]+)</v></c>")]
    private static partial Regex NumberCell();
}
