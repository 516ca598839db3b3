using System.Net;
using System.Text;

namespace Liuyu.Server.Tests;

/// <summary>The ledger and statement workbooks and the PDF documents as downloads from the web application (issue 5).</summary>
[Collection(ServerCollection.Name)]
public sealed class Downloads(LiuyuServer server)
{
    [Theory]
    [InlineData("/api/files/2023/ledger.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK")]
    [InlineData("/api/files/2023/settlement.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK")]
    [InlineData("/api/files/2023/settlement.pdf", "application/pdf", "%PDF")]
    [InlineData("/api/files/2023/3/bulletin.pdf", "application/pdf", "%PDF")]
    public async Task A_signed_in_user_downloads_the_file(string path, string contentType, string magic)
    {
        var client = await server.SignedIn("auditor");
        var r = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(contentType, r.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(r.Content.Headers.ContentDisposition?.FileName);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 1000, $"{path}: only {bytes.Length} bytes");
        Assert.Equal(magic, Encoding.ASCII.GetString(bytes, 0, magic.Length));
    }

    [Theory]
    [InlineData("/api/files/2031/settlement.xlsx", HttpStatusCode.NotFound)]
    [InlineData("/api/files/2031/settlement.pdf", HttpStatusCode.NotFound)]
    [InlineData("/api/files/2023/13/bulletin.pdf", HttpStatusCode.BadRequest)]
    public async Task A_year_without_lines_or_a_bad_month_is_a_clear_problem(string path, HttpStatusCode expected)
    {
        var client = await server.SignedIn("auditor");
        var r = await client.GetAsync(path);
        Assert.Equal(expected, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }
}
