namespace Liuyu.Domain.Quality;

/// <summary>The kind of water a section samples; it decides which phosphorus limits apply (Q-IND-1).</summary>
public enum WaterBody
{
    River,
    /// <summary>A lake or reservoir (湖、库).</summary>
    Lake,
}

/// <summary>What the evaluation needs to know about a section (断面): its water body and its opt-in to total nitrogen.</summary>
public sealed record SectionProfile(WaterBody WaterBody = WaterBody.River, bool IncludesTotalNitrogen = false)
{
    public static SectionProfile River { get; } = new();

    /// <summary>
    /// Q-IND-1, Q-IND-2: the indicators whose class makes the section's class: the 21 river indicators
    /// (TP_LAKE instead of TP for a lake or reservoir), plus TN when the section opts in.
    /// </summary>
    /// <remarks>The same for every section of a profile: kept by the catalog once made (every month of a national file asks).</remarks>
    public IReadOnlyList<Indicator> ClassIndicators(IndicatorCatalog catalog)
    {
        var slot = (int)WaterBody * 2 + (IncludesTotalNitrogen ? 1 : 0);
        if (slot is < 0 or > 3) return Made(catalog);
        return catalog.ClassIndicatorsByProfile[slot] ??= Made(catalog);
    }

    private IReadOnlyList<Indicator> Made(IndicatorCatalog catalog) => catalog.All.Where(i => CountsAs(i, catalog) == i).ToList().AsReadOnly();

    /// <summary>
    /// The indicator a sample of <paramref name="sampled"/> counts as for this section, or null when it is
    /// not part of the class (water temperature, fecal coliforms, TN without opt-in). Total phosphorus counts
    /// as TP in a river and TP_LAKE in a lake, whichever name the sample used.
    /// </summary>
    public Indicator? CountsAs(Indicator sampled, IndicatorCatalog catalog)
    {
        if (sampled.Key is "TP" or "TP_LAKE")
            return catalog[WaterBody == WaterBody.Lake ? "TP_LAKE" : "TP"];
        if (sampled.Key == "TN") return IncludesTotalNitrogen ? sampled : null;
        return sampled.RiverClass ? sampled : null;
    }
}
