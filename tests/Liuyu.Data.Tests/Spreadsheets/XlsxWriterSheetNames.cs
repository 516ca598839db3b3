using Liuyu.Data.Spreadsheets;

namespace Liuyu.Data.Tests.Spreadsheets;

/// <summary>Sheet names as Excel takes them: unique without regard to case, at most 31 characters, no []:*?/\.</summary>
public sealed class XlsxWriterSheetNames
{
    [Fact]
    public void A_name_taken_in_any_case_gets_the_next_free_number()
    {
        using var output = new MemoryStream();
        using var book = new XlsxWriter(output);
        string Add(string name) => book.AddSheet(name).Name;

        Assert.Equal(["河流", "河流~2", "abc", "ABC~2", "Abc~3", "河流~3", "a_b", "A_B~2"], [Add("河流"), Add("河流"), Add("abc"), Add("ABC"), Add("Abc"), Add("河流"), Add("a/b"), Add("A:B")]);
        var longName = new string('长', 40);
        Assert.Equal([new string('长', 31), new string('长', 29) + "~2"], [Add(longName), Add(longName)]);
    }
}
