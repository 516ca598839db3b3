namespace Liuyu.Cli.Features.Account;

/// <summary>
/// <c>liuyu account --store</c> in the native front, which has no store: the command line, once parsed and checked as the
/// full CLI checks it, is handed to the full CLI (<see cref="NativeFront.HandOn"/>), which accounts into the store.
/// </summary>
public static partial class AccountCommand
{
    private static int IntoStore(CliContext ctx, string location, int year, int? month, bool json) => NativeFront.HandOn(NativeFront.Arguments);
}
