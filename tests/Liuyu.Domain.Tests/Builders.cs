using Liuyu.Domain;

namespace Liuyu.Domain.Tests;

/// <summary>Small schemes for rule tests: one river, A upstream of B, sections as given.</summary>
internal static class Builders
{
    public static readonly PartyId A = new("A");
    public static readonly PartyId B = new("B");
    public static readonly PartyId C = new("C");
    public static readonly PartyId City = new("CITY");
    public static readonly RiverId R = new("R");
    public static readonly YearMonth Jan = new(2023, 1);

    public static Party[] Parties =>
    [
        new(City, "市级财政", PartyKind.Municipal), new(A, "区县A", PartyKind.District), new(B, "区县B", PartyKind.District), new(C, "区县C", PartyKind.District),
    ];

    public static Section Sec(string id, SectionKind kind = SectionKind.Municipal, decimal km = 10m, bool approved = true, PartyId? up = null, PartyId? down = null, string? reference = null) =>
        new(new SectionId(id), "断面" + id, R, up ?? A, down ?? B, kind, km, approved, reference is null ? null : new SectionId(reference));

    public static Scheme OneSection(string baseline, string? result, Exemption? exemption = null, Agreement? agreement = null, PolicySchedule? policy = null)
    {
        var s = Sec("S1");
        return new Scheme(Parties, [new River(R, "河", null)], [s], [new Target(s.Id, 2023, WaterClass.Parse(baseline))],
            [new MonthlyResult(s.Id, Jan, result is null ? null : WaterClass.Parse(result), ResultSource.Municipal, result is null ? "断流" : null)],
            agreement is null ? null : [agreement], null, exemption is null ? null : [exemption], null, null, policy);
    }
}
