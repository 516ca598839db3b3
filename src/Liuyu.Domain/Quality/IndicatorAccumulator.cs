namespace Liuyu.Domain.Quality;

/// <summary>
/// What the monthly value of one indicator needs from its samples (Q-MEAN-1…3, Q-CLS-2), kept as running totals so a
/// month can be evaluated without holding its samples: the count, the exact decimal sum, the DO saturations and, for
/// pH, the multiset of values (<see cref="PhValues"/>). Sums of decimals with few places are exact, so accumulators
/// filled in any order or in parallel and then merged give the same mean as the samples in file order.
/// </summary>
public sealed class IndicatorAccumulator
{
    private PhValues? _ph;

    public int Count { get; private set; }

    /// <summary>The sum of the effective values (Q-MEAN-3); unused for pH.</summary>
    public decimal Sum { get; private set; }

    public decimal SaturationSum { get; private set; }

    public int SaturationCount { get; private set; }

    /// <summary>Adds one valid sample's effective value (and DO saturation when supplied).</summary>
    public void Add(bool isPh, decimal effectiveValue, decimal? saturationPercent)
    {
        Count++;
        if (isPh) (_ph ??= new PhValues()).Add(effectiveValue);
        else Sum += effectiveValue;
        if (saturationPercent is { } s)
        {
            SaturationSum += s;
            SaturationCount++;
        }
    }

    public void Add(Sample sample) => Add(sample.Indicator.IsPh, sample.EffectiveValue, sample.SaturationPercent);

    /// <summary>Adds everything <paramref name="other"/> holds (another chunk of the same month, or TP into TP_LAKE).</summary>
    public void Merge(IndicatorAccumulator other)
    {
        Count += other.Count;
        Sum += other.Sum;
        SaturationSum += other.SaturationSum;
        SaturationCount += other.SaturationCount;
        if (other._ph is { } ph) (_ph ??= new PhValues()).Merge(ph);
    }

    /// <summary>Q-MEAN-1, Q-MEAN-2: the unrounded monthly mean.</summary>
    public decimal Mean(bool isPh)
    {
        if (Count == 0) throw new InvalidOperationException("an indicator without samples has no mean (Q-IND-3)");
        return isPh ? _ph!.Mean() : Sum / Count;
    }
}

/// <summary>
/// The pH values of one indicator's month as a multiset: two-decimal values (nearly all real ones) as counts per
/// hundredth, any other value kept exactly. Bounded by the 1,401 possible two-decimal values, whatever the file size.
/// </summary>
public sealed class PhValues
{
    private const int Slots = 1401; // 0.00 … 14.00
    private short[] _small = new short[8];
    private int _smallCount;
    private int[]? _counts;
    private List<decimal>? _other;

    public void Add(decimal ph)
    {
        var hundredths = ph * 100m;
        if (hundredths == decimal.Truncate(hundredths) && hundredths >= 0 && hundredths < Slots) AddHundredths((int)hundredths, 1);
        else (_other ??= []).Add(ph);
    }

    private void AddHundredths(int h, int count)
    {
        if (_counts is not null) { _counts[h] += count; return; }
        if (_smallCount + count > 512)
        {
            _counts = new int[Slots];
            for (var i = 0; i < _smallCount; i++) _counts[_small[i]]++;
            _counts[h] += count;
            return;
        }
        if (_smallCount + count > _small.Length) Array.Resize(ref _small, Math.Max(_small.Length * 2, _smallCount + count));
        for (var i = 0; i < count; i++) _small[_smallCount++] = (short)h;
    }

    public void Merge(PhValues other)
    {
        if (other._counts is { } counts)
        {
            for (var h = 0; h < Slots; h++)
                if (counts[h] > 0) AddHundredths(h, counts[h]);
        }
        else
            for (var i = 0; i < other._smallCount; i++) AddHundredths(other._small[i], 1);
        if (other._other is { } rest) (_other ??= []).AddRange(rest);
    }

    /// <summary>Distinct values ascending with how often each occurs.</summary>
    internal List<(decimal Ph, int Count)> Distinct()
    {
        var counts = _counts;
        if (counts is null)
        {
            counts = new int[Slots];
            for (var i = 0; i < _smallCount; i++) counts[_small[i]]++;
        }
        var map = new SortedDictionary<decimal, int>();
        for (var h = 0; h < Slots; h++)
            if (counts[h] > 0) map[h / 100m] = counts[h];
        if (_other is not null)
            foreach (var p in _other) map[p] = map.GetValueOrDefault(p) + 1;
        return map.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    public decimal Mean()
    {
        if (_other is not null) return PhMean.OfDistinct(Distinct());
        // Two-decimal values only (nearly every month): counted per hundredth, ascending, without sorting or changing the
        // values kept (a month may be evaluated from several threads).
        if (_counts is { } counts) return PhMean.OfHundredths(counts, 0);
        var small = _small.AsSpan(0, _smallCount);
        if (small.IsEmpty) throw new InvalidOperationException("no pH values");
        int lowest = small[0], highest = lowest;
        foreach (var h in small)
        {
            if (h < lowest) lowest = h;
            else if (h > highest) highest = h;
        }
        Span<int> range = stackalloc int[highest - lowest + 1]; // at most 1,401 (0.00 … 14.00)
        foreach (var h in small) range[h - lowest]++;
        return PhMean.OfHundredths(range, lowest);
    }
}
