using Liuyu.Domain;

namespace Liuyu.Application.UseCases;

/// <summary>R-SET-1 拨付: the Finance Bureau records a transfer made for a settled year (R-PEN-1 follows from them).</summary>
public static class RecordPayment
{
    public static RecordedPayment Run(ILiuyuStore store, Payment payment) => store.RecordPayment(payment);
}
