using System.Reflection;
using System.Text.RegularExpressions;
using Liuyu.Data.Csv;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests;

/// <summary>
/// Every refusal a user can see is a code of the catalog (<see cref="ErrorCodes"/>), and the page words every code in
/// Chinese and in English (<c>code.&lt;code&gt;</c> in wwwroot/i18n.js) with the catalog's arguments.
/// </summary>
public sealed partial class ErrorCodeCatalog
{
    private static readonly Dictionary<string, string> Consts = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    private static string Src => Path.Combine(SharedFolder.RepoRoot, "src");

    [Fact]
    public void Every_code_is_kebab_case_unique_and_has_an_English_template_with_its_arguments()
    {
        Assert.NotEmpty(Consts);
        Assert.All(Consts.Values, c => Assert.Matches("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", c));
        Assert.Equal(Consts.Count, Consts.Values.Distinct().Count());
        Assert.Equal(Consts.Values.Order(StringComparer.Ordinal), ErrorCodes.Templates.Keys.Order(StringComparer.Ordinal));
        // The message is the template with the arguments filled in; the location stays as it was.
        var e = new InputError("results.csv", 5, "月份", ErrorCodes.MonthInvalid, ("value", "2024-13"));
        Assert.Equal("'2024-13' is not a month (expected YYYY-MM)", e.Message);
        Assert.Equal("results.csv, row 5, column '月份': '2024-13' is not a month (expected YYYY-MM)", e.ToString());
        Assert.Equal("2024-13", e.Args["value"]);
    }

    [Fact]
    public void Every_code_has_a_Chinese_and_an_English_wording_in_the_page_using_only_its_arguments()
    {
        var wordings = PageWordings();
        foreach (var lang in new[] { "zh", "en" })
        {
            var words = wordings[lang];
            var missing = ErrorCodes.Templates.Keys.Where(c => !words.ContainsKey(c)).ToList();
            Assert.True(missing.Count == 0, $"i18n.js ({lang}) has no 'code.<code>' for: {string.Join(", ", missing)}");
            var stale = words.Keys.Where(c => !ErrorCodes.Templates.ContainsKey(c)).ToList();
            Assert.True(stale.Count == 0, $"i18n.js ({lang}) words codes the catalog does not have: {string.Join(", ", stale)}");
            foreach (var (code, template) in ErrorCodes.Templates)
            {
                var known = Placeholder().Matches(template).Select(m => m.Groups[1].Value).ToHashSet();
                var used = Placeholder().Matches(words[code]).Select(m => m.Groups[1].Value).ToList();
                Assert.True(used.All(known.Contains), $"'{code}' ({lang}) uses an argument its template has not: {words[code]}");
            }
        }
        // The Chinese is Chinese: no code is worded in the page's Chinese by its English template.
        Assert.All(ErrorCodes.Templates.Where(kv => !kv.Value.Any(c => c > 0x2E80)), kv => Assert.NotEqual(kv.Value, wordings["zh"][kv.Key], StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_code_named_in_the_sources_is_in_the_catalog_and_no_refusal_is_a_sentence()
    {
        var files = Directory.GetFiles(Src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .ToList();
        var unknown = new List<string>();
        var sentences = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in ConstUse().Matches(text))
                if (!Consts.ContainsKey(m.Groups[1].Value) && m.Groups[1].Value is not ("Templates" or "Format" or "Args"))
                    unknown.Add($"{Path.GetFileName(file)}: ErrorCodes.{m.Groups[1].Value}");
            // A refusal is built from a code: its construction names ErrorCodes (or passes on a code it was given).
            foreach (Match m in Refusal().Matches(text))
            {
                var call = Call(text, m.Index + m.Value.IndexOf('('));
                if (!call.Contains("ErrorCodes.") && !PassesACodeOn().IsMatch(call))
                    sentences.Add($"{Path.GetFileName(file)}: {call}");
            }
        }
        Assert.True(unknown.Count == 0, string.Join(Environment.NewLine, unknown));
        Assert.True(sentences.Count == 0, "refusals built from a sentence, not a code:" + Environment.NewLine + string.Join(Environment.NewLine, sentences));
    }

    /// <summary>The 'code.&lt;code&gt;' wordings of i18n.js per language, from its <c>Object.assign(window.LIUYU_TEXT.xx, {…})</c> blocks.</summary>
    private static Dictionary<string, Dictionary<string, string>> PageWordings()
    {
        var js = File.ReadAllText(Path.Combine(Src, "Liuyu.Server", "wwwroot", "i18n.js"));
        var result = new Dictionary<string, Dictionary<string, string>> { ["zh"] = [], ["en"] = [] };
        var blocks = AssignBlock().Matches(js);
        foreach (Match b in blocks)
        {
            var end = js.IndexOf("\n});", b.Index, StringComparison.Ordinal);
            foreach (Match w in Wording().Matches(js[b.Index..end]))
                result[b.Groups[1].Value][w.Groups[1].Value] = Regex.Unescape(w.Groups[2].Value.Replace("\\'", "'"));
        }
        return result;
    }

    /// <summary>The text of a call from its opening parenthesis to the matching closing one.</summary>
    private static string Call(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) return text[open..(i + 1)];
        }
        return text[open..];
    }

    [GeneratedRegex(@"\{(\w+)\}")] private static partial Regex Placeholder();
    [GeneratedRegex(@"\bErrorCodes\.([A-Za-z]\w*)")] private static partial Regex ConstUse();
    [GeneratedRegex(@"(new (?:Data\.Csv\.)?InputError\(|\brow\.Error\(|\br\.Error\(|\bProblem\.(?:Invalid|NotFound|Forbidden)\(|\bBad\("")")] private static partial Regex Refusal();
    [GeneratedRegex(@"string code|, code[,)]|\(errors\)|\(e\.Errors\)|\(InputError\[\]\)")] private static partial Regex PassesACodeOn();
    [GeneratedRegex(@"Object\.assign\(window\.LIUYU_TEXT\.(zh|en), \{")] private static partial Regex AssignBlock();
    [GeneratedRegex(@"'code\.([a-z0-9-]+)': '((?:[^'\\]|\\.)*)'")] private static partial Regex Wording();
}
