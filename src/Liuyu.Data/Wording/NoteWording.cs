using Liuyu.Domain;
using Liuyu.Domain.Ledger;

namespace Liuyu.Data.Wording;

/// <summary>
/// A ledger line's note (<see cref="LineNote"/>) worded for a reader: Chinese by default, English on request. The
/// web pages word the same codes in <c>wwwroot/i18n.js</c>; a test keeps the two lists of codes equal.
/// </summary>
public static class NoteWording
{
    public static string Chinese(LineNote note) => note.Code switch
    {
        NoteCodes.NotApproved => "断面未经生态环境局认可，不核算",
        NoteCodes.NoTarget => $"考核断面 {note["section"]} 无 {note["year"]} 年考核目标",
        NoteCodes.NoReferenceTarget => $"本河流无 {note["year"]} 年有考核目标的考核断面可作补偿基准",
        NoteCodes.NoResult => "本月未导入监测结果",
        NoteCodes.NoValidResult => "本月无有效监测结果",
        NoteCodes.Computed => $"由 {note["samples"]} 个样品按 GB 3838-2002 计算（{note["indicators"]} 项指标），定类指标 {note["deciding"]}",
        NoteCodes.ComputedNoValidSample => $"{note["samples"]} 个样品中无水质类别指标的有效值（无有效监测结果）",
        NoteCodes.Reversal => $"冲销第 {note["line"]} 行",
        NoteCodes.Flow => $"最小日均流量 {note["flow"]} 立方米每秒，生态基流 {note["target"]} 立方米每秒",
        NoteCodes.NoFlow => $"本月无流量数据（生态基流 {note["target"]} 立方米每秒）",
        _ => note["text"],
    };

    /// <summary>The note of a line in Chinese, an adjustment (跨年调整) named with its month.</summary>
    public static string Chinese(LedgerLine line) =>
        (line.IsAdjustment ? $"跨年调整（{line.Month}，{line.Month.Year} 年已关账）" : "")
        + (line.Note is { } n ? (line.IsAdjustment ? "；" : "") + Chinese(n) : "");

    public static string Describe(LedgerLine line, bool english) => english ? line.EnglishNote ?? "" : Chinese(line);

    /// <summary>A note (of a line or of an outcome) in the reader's language; empty when there is none.</summary>
    public static string Describe(LineNote? note, bool english) => note is null ? "" : english ? note.English : Chinese(note);
}
