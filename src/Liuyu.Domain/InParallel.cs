using System.Runtime.ExceptionServices;

namespace Liuyu.Domain;

/// <summary>Independent pieces of work run on every core, failing as the same pieces run one after the other would fail.</summary>
public static class InParallel
{
    /// <summary>
    /// From this many ledger lines, the independent passes over them (the invariants, the amount check, the statement's
    /// lines, pairs and parties) run side by side; below it, starting them costs more than it saves (a national year has
    /// 240,000 lines, the Chongqing scheme about 600).
    /// </summary>
    public const int LinesFrom = 20_000;

    /// <summary>
    /// Runs <paramref name="actions"/> at once when <paramref name="parallel"/> is true, else one after the other. When
    /// any fails, the exception rethrown (unwrapped, with its stack) is that of the first failing action in the order
    /// given, which is what running them in that order throws. The actions must not depend on one another.
    /// </summary>
    public static void Run(bool parallel, params Action[] actions)
    {
        if (!parallel)
        {
            foreach (var a in actions) a();
            return;
        }
        var failed = new Exception?[actions.Length];
        Parallel.For(0, actions.Length, i =>
        {
            try { actions[i](); }
            catch (Exception e) { failed[i] = e; }
        });
        foreach (var e in failed)
            if (e is not null) ExceptionDispatchInfo.Capture(e).Throw();
    }

    /// <summary>
    /// Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1 on every core. When any fails, the exception
    /// rethrown (unwrapped, with its stack) is that of the lowest index that failed, which is what a loop in order throws.
    /// The bodies must not depend on one another.
    /// </summary>
    public static void For(int count, Action<int> body)
    {
        var gate = new object();
        (int Index, Exception Error)? first = null;
        Parallel.For(0, count, i =>
        {
            try { body(i); }
            catch (Exception e)
            {
                lock (gate)
                    if (first is not { } f || i < f.Index) first = (i, e);
            }
        });
        if (first is { } failed) ExceptionDispatchInfo.Capture(failed.Error).Throw();
    }
}
