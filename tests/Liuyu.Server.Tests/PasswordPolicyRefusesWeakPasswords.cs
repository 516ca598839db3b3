using System.Net;
using System.Net.Http.Json;
using Liuyu.Server.Infrastructure;

namespace Liuyu.Server.Tests;

/// <summary>
/// Passwords of at least 12 characters, not a common or leaked one (the shipped list) even with a little decoration,
/// and not containing the user name; each refusal is a code.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PasswordPolicyRefusesWeakPasswords(LiuyuServer server)
{
    private async Task<HttpResponseMessage> Create(string name, string password)
    {
        var admin = await server.SignedIn(LiuyuServer.AdminUser);
        return await admin.PostAsJsonAsync("/api/users", new { userName = name, password, role = "Auditor" });
    }

    private static string Fresh() => "pw-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The codes of the refusal, and Identity's own codes under password-rejected (PasswordTooShort, …).</summary>
    private static async Task<List<string>> Codes(HttpResponseMessage r)
    {
        var body = await r.Body();
        var codes = body.TryGetProperty("codes", out var many)
            ? many.GetProperty("password").EnumerateArray().ToList()
            : [body];
        return [.. codes.SelectMany(c => new[] { c.GetProperty("code").GetString()! }
            .Concat(c.GetProperty("args").TryGetProperty("identity", out var id) ? id.GetString()!.Split(',') : []))];
    }

    [Theory]
    [InlineData("Password1!", "password-rejected")]
    [InlineData("Sh0rt-Pa55!", "password-rejected")]
    [InlineData("1234567890Aa!", "password-common")]
    [InlineData("Qwerty123456!", "password-common")]
    [InlineData("P@ssw0rd2024!", "password-common")]
    [InlineData("Iloveyou1234!", "password-common")]
    [InlineData("Woaini1314520!", "password-common")]
    public async Task A_weak_password_is_refused_with_its_code(string password, string code)
    {
        var r = await Create(Fresh(), password);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var codes = await Codes(r);
        Assert.Contains(code, codes);
        if (password.Length < 12) Assert.Contains("PasswordTooShort", codes);
    }

    [Fact]
    public async Task A_password_containing_the_user_name_is_refused()
    {
        var name = "zhangwei" + Guid.NewGuid().ToString("N")[..4];
        var r = await Create(name, $"X-{name.ToUpperInvariant()}-2025!");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("password-contains-user-name", await Codes(r));
    }

    [Fact]
    public async Task A_long_uncommon_password_is_accepted()
    {
        Assert.Equal(HttpStatusCode.Created, (await Create(Fresh(), "Tide-gauge-Yuxi-47!")).StatusCode);
    }

    [Theory]
    [InlineData(LiuyuServer.AdminPassword)]
    [InlineData(LiuyuServer.DemoPassword)]
    [InlineData("Secret-audit-Pa55!")]
    [InlineData("Long-enough-1")]
    public void The_passwords_the_tests_and_demos_use_are_not_common(string password) =>
        Assert.False(PasswordPolicy.IsCommon(password));

    [Fact]
    public void The_shipped_list_holds_the_well_known_leaked_passwords() =>
        Assert.All(["123456789012", "qwertyuiop123", "1qaz2wsx3edc", "woaini1314"], p => Assert.True(PasswordPolicy.IsCommon(p), p));
}
