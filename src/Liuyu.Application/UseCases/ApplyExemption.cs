using Liuyu.Domain;

namespace Liuyu.Application.UseCases;

/// <summary>
/// R-EXEMPT-1 申请免除: the paying upstream party applies for a section-month's exemption with its reason. A
/// district applies only for itself (<paramref name="applicant"/>); a bureau acting through the CLI passes null.
/// </summary>
public static class ApplyExemption
{
    public static Exemption Run(ILiuyuStore store, SectionId section, YearMonth month, string reason, PartyId? applicant)
    {
        var scheme = store.LoadScheme();
        if (!scheme.HasSection(section))
            throw new NotFoundException("section-unknown", new Dictionary<string, string> { ["section"] = section.Value }, $"There is no section '{section}'.");
        var upstream = scheme.Section(section).Upstream;
        if (applicant is { } a && a != upstream)
            throw new NotAllowedException("exemption-not-upstream", new Dictionary<string, string> { ["section"] = section.Value, ["upstream"] = upstream.Value },
                $"Only the upstream district of {section} ({upstream}) can apply for its exemption.");
        return store.ApplyExemption(section, month, reason);
    }

    /// <summary>The upstream party of a section (who may apply and attach), or null for an unknown section.</summary>
    public static PartyId? UpstreamOf(ILiuyuStore store, SectionId section)
    {
        var scheme = store.LoadScheme();
        return scheme.HasSection(section) ? scheme.Section(section).Upstream : null;
    }
}
