using Liuyu.Data.Csv;
using Liuyu.Domain;

namespace Liuyu.Data.Bulletins;

/// <summary>What a published table is matched against: the registered rivers and sections, recorded aliases, and party kinds (to tell a district).</summary>
public sealed record BulletinRegistry(IReadOnlyList<River> Rivers, IReadOnlyList<Section> Sections, IReadOnlyList<SectionAlias>? Aliases = null,
    IReadOnlyDictionary<PartyId, PartyKind>? PartyKinds = null)
{
    public string RiverName(RiverId id) => Rivers.FirstOrDefault(r => r.Id == id)?.Name ?? id.Value;
}

/// <summary>
/// Finds the registered section a published row names: by id, by exact name (white space and parenthesis width aside), or
/// by a recorded alias, among the sections of the row's river, or of the whole registry when the table has no river
/// column. A name that is one or two letters from a registered one is refused with the suggestion ("是否为…？"),
/// never guessed; a name like no registered one is not a compensation section (skipped, not an error).
/// </summary>
public sealed class SectionMatcher(BulletinRegistry registry)
{
    public sealed record Refusal(string Column, string Code, (string Name, object? Value)[] Args);
    public sealed record Result(Section? Section, string? Alias, Refusal? Error);

    private readonly Dictionary<RiverId, List<Section>> _sectionsOf = registry.Sections.GroupBy(s => s.River).ToDictionary(g => g.Key, g => g.ToList());
    private readonly List<(string Name, SectionId Section)> _aliases = (registry.Aliases ?? []).Select(a => (Norm(a.Name), a.Section)).ToList();

    /// <summary>A name as compared: trimmed, full-width forms folded (（） as ()); a space inside is kept, so "断面 2" is not "断面2" but near it.</summary>
    public static string Norm(string name) => name.Trim().Normalize(System.Text.NormalizationForm.FormKC);

    /// <summary>A river's name without its parenthesised other name: 澎溪河（小江） is also 澎溪河.</summary>
    private static IEnumerable<string> RiverNames(River r)
    {
        var n = Norm(r.Name);
        yield return n;
        var bare = PublishedTable.WithoutParenthesis(n);
        if (bare != n && bare.Length > 0) yield return bare;
    }

    public Result Match(string? riverText, string sectionText)
    {
        var name = Norm(sectionText);
        List<Section> candidates;
        River? river = null;
        if (riverText is not null)
        {
            var rt = Norm(riverText);
            var byId = registry.Rivers.Where(r => r.Id.Value == riverText.Trim()).ToList();
            var byName = byId.Count > 0 ? byId : registry.Rivers.Where(r => RiverNames(r).Contains(rt)).ToList();
            if (byName.Count > 1)
                return new Result(null, null, new Refusal("river", ErrorCodes.RiverAmbiguous, [("name", riverText), ("ids", string.Join(", ", byName.Select(r => r.Id)))]));
            // A river outside the registry: its sections are not compensation sections. (River names are too alike —
            // 龙溪河, 段溪河 — to take a near one for a typo; a mistyped river shows as its sections having no result.)
            if (byName.Count == 0) return new Result(null, null, null);
            river = byName[0];
            candidates = _sectionsOf.GetValueOrDefault(river.Id) ?? [];
        }
        else candidates = registry.Sections.ToList();

        var matches = candidates.Where(s => s.Id.Value == sectionText.Trim()).ToList();
        if (matches.Count == 0) matches = candidates.Where(s => Norm(s.Name) == name).ToList();
        string? alias = null;
        if (matches.Count == 0)
        {
            var ids = _aliases.Where(a => a.Name == name).Select(a => a.Section).ToHashSet();
            matches = candidates.Where(s => ids.Contains(s.Id)).ToList();
            if (matches.Count > 0) alias = sectionText.Trim();
        }
        if (matches.Count == 1) return new Result(matches[0], alias, null);
        if (matches.Count > 1)
            return river is not null
                ? new Result(null, null, new Refusal("section", ErrorCodes.SectionAmbiguous, [("riverName", river.Name), ("river", river.Id), ("name", sectionText), ("ids", string.Join(", ", matches.Select(s => s.Id)))]))
                : new Result(null, null, new Refusal("section", ErrorCodes.BulletinSectionNeedsRiver, [("name", sectionText), ("rivers", string.Join("、", matches.Select(s => registry.RiverName(s.River)).Distinct()))]));

        if (river is not null)
        {
            var elsewhere = registry.Sections.Where(s => s.River != river.Id && (s.Id.Value == sectionText.Trim() || Norm(s.Name) == name)).ToList();
            if (elsewhere.Count > 0)
                return new Result(null, null, new Refusal("section", ErrorCodes.SectionOnOtherRiver,
                    [("riverName", river.Name), ("river", river.Id), ("name", sectionText), ("found", string.Join(", ", elsewhere.Select(s => $"{s.Id} ({s.River})")))]));
        }
        // Two-letter names are near each other by chance across rivers: without the river, only longer names are compared.
        var near = candidates.Where(s => Close(Norm(s.Name), name) && (river is not null || Math.Min(name.Length, Norm(s.Name).Length) >= 3)).ToList();
        if (near.Count > 0)
            return new Result(null, null, new Refusal("section", ErrorCodes.BulletinSectionNearMiss,
                [("name", sectionText), ("suggestion", string.Join("、", near.Select(s => s.Name))), ("ids", string.Join(", ", near.Select(s => s.Id)))]));
        return new Result(null, null, null);
    }

    /// <summary>
    /// The registered sections of the table's district that it does not mention: the district is the one party every
    /// matched section touches (a district's bulletin); when there is none, every registered section (a municipal one).
    /// </summary>
    public IReadOnlyList<Section> NotMentioned(IReadOnlySet<SectionId> mentioned)
    {
        var matched = registry.Sections.Where(s => mentioned.Contains(s.Id)).ToList();
        if (matched.Count == 0) return [];
        bool IsDistrict(PartyId p) => registry.PartyKinds is null || registry.PartyKinds.GetValueOrDefault(p, PartyKind.District) == PartyKind.District;
        var common = matched.Select(s => new[] { s.Upstream, s.Downstream }.Where(IsDistrict).ToHashSet())
            .Aggregate((a, b) => { a.IntersectWith(b); return a; });
        var scope = common.Count == 1
            ? registry.Sections.Where(s => s.Upstream == common.First() || s.Downstream == common.First())
            : registry.Sections;
        return scope.Where(s => !mentioned.Contains(s.Id)).ToList();
    }

    /// <summary>Two names a letter or two apart (by length): a typo, or the same section written another way.</summary>
    public static bool Close(string a, string b)
    {
        if (a == b || a.Length < 2 || b.Length < 2) return false;
        var allowed = Math.Min(a.Length, b.Length) >= 5 ? 2 : 1;
        return Math.Abs(a.Length - b.Length) <= allowed && Distance(a, b) <= allowed;
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
