using System.Globalization;

namespace Liuyu.Domain;

/// <summary>
/// Money in integer fen (分, 0.01 yuan). Exact by construction (R-AMT-3): no floating point on the money
/// path; yuan appear only at the edges (import, JSON, reports).
/// </summary>
public readonly record struct Fen(long Value) : IComparable<Fen>
{
    public static readonly Fen Zero = new(0);

    /// <summary>Converts yuan with at most two decimals; more decimals are an input error, never rounded silently.</summary>
    public static Fen FromYuan(decimal yuan)
    {
        var fen = yuan * 100m;
        if (fen != decimal.Truncate(fen))
            throw new ArgumentException($"{yuan.ToString(CultureInfo.InvariantCulture)} yuan has more than two decimals", nameof(yuan));
        return new Fen(checked((long)fen));
    }

    public static bool TryParseYuan(string? text, out Fen fen)
    {
        fen = Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace(",", "").Replace("，", "");
        if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan)) return false;
        var f = yuan * 100m;
        if (f != decimal.Truncate(f) || Math.Abs(f) > long.MaxValue / 4) return false;
        fen = new Fen((long)f);
        return true;
    }

    public decimal Yuan => Value / 100m;

    /// <summary>Ten-thousand yuan (万元), for reports.</summary>
    public decimal Wan => Value / 1_000_000m;

    /// <summary>Multiplies by a rate and rounds to the fen, half away from zero (四舍五入, as finance statements do).</summary>
    public Fen Times(decimal rate) => new((long)decimal.Round(Value * rate, 0, MidpointRounding.AwayFromZero));

    public static Fen operator +(Fen a, Fen b) => new(checked(a.Value + b.Value));
    public static Fen operator -(Fen a, Fen b) => new(checked(a.Value - b.Value));
    public static Fen operator -(Fen a) => new(-a.Value);
    public static Fen operator *(Fen a, int n) => new(checked(a.Value * n));
    public static bool operator <(Fen a, Fen b) => a.Value < b.Value;
    public static bool operator >(Fen a, Fen b) => a.Value > b.Value;
    public static bool operator <=(Fen a, Fen b) => a.Value <= b.Value;
    public static bool operator >=(Fen a, Fen b) => a.Value >= b.Value;
    public static Fen Max(Fen a, Fen b) => a >= b ? a : b;
    public static Fen Min(Fen a, Fen b) => a <= b ? a : b;

    public int CompareTo(Fen other) => Value.CompareTo(other.Value);

    /// <summary>Yuan with two decimals, invariant culture (e.g. 1000000.00).</summary>
    public override string ToString() => Yuan.ToString("0.00", CultureInfo.InvariantCulture);
}
