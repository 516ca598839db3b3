using System.Collections.Frozen;
using Liuyu.Data.Csv;
using Microsoft.AspNetCore.Identity;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// The password policy beyond Identity's own rules (which keep a digit, a lower and an upper case letter and a symbol,
/// and at least <see cref="MinimumLength"/> characters): no password that is a common or leaked password with a little
/// decoration, and none that contains the user name. The list ships with the server (Passwords/common-passwords.txt,
/// about 30,000 entries; its header says where they come from).
/// </summary>
/// <remarks>
/// "A little decoration" is what people add to satisfy composition rules: <c>1234567890Aa!</c>, <c>P@ssw0rd2024!</c>,
/// <c>Qwerty123456!</c>. The rule: mark every character covered by a listed password of at least
/// <see cref="ShortestMatched"/> characters (case ignored, and again with common letter-for-digit swaps undone); a
/// password with fewer than <see cref="UncoveredRequired"/> characters left over is refused. Shorter entries (test,
/// demo, pass) are ignored inside longer passwords, or every passphrase would be refused.
/// </remarks>
public sealed class PasswordPolicy : IPasswordValidator<LiuyuUser>
{
    public const int MinimumLength = 12;
    public const int ShortestMatched = 6;
    public const int UncoveredRequired = 6;

    private static readonly Lazy<(FrozenSet<string> Words, int Longest)> List = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<LiuyuUser> manager, LiuyuUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success); // Identity's own rules refuse it
        var errors = new List<IdentityError>();
        var lower = password.ToLowerInvariant();
        var plain = Unleet(lower);
        if (user.UserName is { Length: >= 3 } name && (lower.Contains(name.ToLowerInvariant(), StringComparison.Ordinal) || plain.Contains(Unleet(name.ToLowerInvariant()), StringComparison.Ordinal)))
            errors.Add(new IdentityError { Code = ErrorCodes.PasswordContainsUserName, Description = "The password contains the user name." });
        if (IsCommon(password))
            errors.Add(new IdentityError { Code = ErrorCodes.PasswordCommon, Description = "The password is a common or leaked password, or one with a little decoration." });
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>Whether the password is a listed one, or one with fewer than <see cref="UncoveredRequired"/> other characters.</summary>
    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        var (words, _) = List.Value;
        if (words.Contains(lower)) return true;
        return Uncovered(lower) < UncoveredRequired || Uncovered(Unleet(lower)) < UncoveredRequired;
    }

    private static int Uncovered(string text)
    {
        var (words, longest) = List.Value;
        var covered = new bool[text.Length];
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var start = 0; start < text.Length; start++)
            for (var length = Math.Min(longest, text.Length - start); length >= ShortestMatched; length--)
                if (lookup.Contains(text.AsSpan(start, length)))
                {
                    Array.Fill(covered, true, start, length);
                    break;
                }
        return covered.Count(c => !c);
    }

    /// <summary>The usual letter-for-digit-or-symbol swaps, undone (p@55w0rd → password).</summary>
    private static string Unleet(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (var i = 0; i < t.Length; i++)
            span[i] = t[i] switch { '@' or '4' => 'a', '0' => 'o', '1' or '!' => 'i', '3' => 'e', '5' or '$' => 's', '7' => 't', _ => t[i] };
    });

    private static (FrozenSet<string>, int) Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Liuyu.Server.Passwords.common-passwords.txt")
            ?? throw new InvalidOperationException("the common passwords list is not embedded in the server");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#')) words.Add(line.Trim().ToLowerInvariant());
        return (words.ToFrozenSet(StringComparer.Ordinal), words.Max(w => w.Length));
    }
}
