using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Domain.Tests.Quality;

/// <summary>
/// The stations page's check of one hour against the band of a class (issue 14 item 5): outside the band by Q-CLS-1…3
/// after the rounding of a monthly value (Q-MEAN-4), in the indicator's unit (μg/L converted, Q-UNIT-1).
/// </summary>
public class HourlyValueAgainstAClassLimit
{
    private static readonly IndicatorCatalog Catalog = IndicatorCatalog.Gb3838;

    [Theory]
    // COD, lower is better: Ⅲ is ≤ 20; 20.04 rounds (1 decimal) to 20.0, 20.06 to 20.1.
    [InlineData("COD", "25", null, 3, true)]
    [InlineData("COD", "20", null, 3, false)]
    [InlineData("COD", "20.04", null, 3, false)]
    [InlineData("COD", "20.06", null, 3, true)]
    // DO, higher is better: Ⅲ is ≥ 5.
    [InlineData("DO", "4.9", null, 3, true)]
    [InlineData("DO", "5", null, 3, false)]
    // pH: 6–9 for every class.
    [InlineData("pH", "9.5", null, 2, true)]
    [InlineData("pH", "7.5", null, 2, false)]
    // Arsenic sent in μg/L (HJ 212 default for w20119): 60 μg/L is 0.06 mg/L, over Ⅲ's 0.05.
    [InlineData("As", "60", "μg/L", 3, true)]
    [InlineData("As", "40", "μg/L", 3, false)]
    public void An_hour_exceeds_when_it_falls_outside_the_band_of_the_class(string key, string value, string? unit, int against, bool exceeds)
    {
        var check = HourlyLimit.Check(Catalog[key], decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), unit, WaterClass.FromOrdinal(against));
        Assert.NotNull(check);
        Assert.Equal(exceeds, check.Exceeds);
        Assert.NotNull(check.Band);
    }

    [Fact]
    public void The_value_is_given_in_the_indicators_unit_with_the_band_of_the_class()
    {
        var check = HourlyLimit.Check(Catalog["As"], 60m, "μg/L", WaterClass.III)!;
        Assert.Equal(0.06m, check.Value);
        Assert.Equal((decimal?)0.05m, check.Band!.Value.High);
    }

    [Fact]
    public void Worse_than_V_has_no_band_and_a_value_no_concentration_can_take_has_no_check()
    {
        Assert.Equal(new HourlyCheck(99m, null, false), HourlyLimit.Check(Catalog["COD"], 99m, null, WaterClass.WorseThanV));
        Assert.Null(HourlyLimit.Check(Catalog["COD"], -1m, null, WaterClass.III));
        Assert.Null(HourlyLimit.Check(Catalog["COD"], 1m, "kg", WaterClass.III));
    }
}
