using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Liuyu.Reports;

/// <summary>A table column: its header, its width in points and whether its cells align right (amounts).</summary>
internal sealed record PdfColumn(string Header, double Width, bool Right = false);

/// <summary>
/// A4 pages written top to bottom: headings, paragraphs and tables whose header row repeats on every page they run
/// onto, then a footer with the document name and 第 n 页 共 m 页 on every page. Text too wide for its cell is cut
/// with an ellipsis rather than overflowing into the next column.
/// </summary>
internal sealed class PdfPages
{
    private const double Left = 42, Right = 553, Top = 48, Bottom = 792, RowHeight = 15;
    private readonly PdfDocument _doc = new();
    private readonly string _face;
    private XGraphics? _g;

    public double Y { get; private set; }
    public static double Width => Right - Left;

    public PdfPages(string title)
    {
        _face = CjkFont.Face;
        _doc.Info.Title = title;
        _doc.Info.Creator = "流域 Liuyu";
        NewPage();
    }

    /// <summary>A size and weight of text: the CJK face and the Latin face drawn together.</summary>
    internal sealed record TextFont(XFont Cjk, XFont Latin);

    public TextFont Font(double size, bool bold = false)
    {
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
        var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
        return new TextFont(new XFont(_face, size, style, options), new XFont(CjkFont.LatinFamily, size, style, options));
    }

    private static IEnumerable<(string Text, bool Cjk)> Runs(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
            if (i == text.Length || CjkFont.IsCjk(text[i]) != CjkFont.IsCjk(text[start]))
            {
                yield return (text[start..i], CjkFont.IsCjk(text[start]));
                start = i;
            }
    }

    private double Measure(string text, TextFont font) =>
        Runs(text).Sum(r => G.MeasureString(r.Text, r.Cjk ? font.Cjk : font.Latin).Width);

    private enum Align { Left, Center, Right }

    /// <summary>Draws a string run by run, each in the font that has its glyphs.</summary>
    private void Draw(string text, TextFont font, XRect rect, Align align, XBrush? brush = null) => Draw(G, text, font, rect, align, brush);

    private static void Draw(XGraphics g, string text, TextFont font, XRect rect, Align align, XBrush? brush = null)
    {
        var runs = Runs(text).Select(r => (r.Text, Font: r.Cjk ? font.Cjk : font.Latin)).ToList();
        var widths = runs.Select(r => g.MeasureString(r.Text, r.Font).Width).ToList();
        var total = widths.Sum();
        var x = align switch { Align.Center => rect.X + (rect.Width - total) / 2, Align.Right => rect.Right - total, _ => rect.X };
        // One baseline for both fonts (their ascents differ, so top-aligned runs would not line up).
        var baseline = rect.Y + font.Cjk.Size * 0.9;
        for (var i = 0; i < runs.Count; i++)
        {
            g.DrawString(runs[i].Text, runs[i].Font, brush ?? XBrushes.Black, new XPoint(x, baseline), XStringFormats.BaseLineLeft);
            x += widths[i];
        }
    }

    public void NewPage()
    {
        _g?.Dispose();
        var page = _doc.AddPage();
        page.Size = PageSize.A4;
        _g = XGraphics.FromPdfPage(page);
        Y = Top;
    }

    private XGraphics G => _g!;

    /// <summary>Starts a new page when fewer than <paramref name="height"/> points are left.</summary>
    public void Ensure(double height)
    {
        if (Y + height > Bottom) NewPage();
    }

    public void Space(double points) => Y += points;

    public void Centered(string text, double size, bool bold = false)
    {
        var font = Font(size, bold);
        Ensure(size * 1.6);
        Draw(text, font, new XRect(Left, Y, Width, size * 1.4), Align.Center);
        Y += size * 1.6;
    }

    /// <summary>A paragraph, wrapped at the page width (CJK text wraps between any two characters).</summary>
    public void Paragraph(string text, double size = 9.5, bool bold = false, double indent = 0)
    {
        var font = Font(size, bold);
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Ensure(size * 1.5);
            Draw(line, font, new XRect(Left + indent, Y, Width - indent, size * 1.4), Align.Left);
            Y += size * 1.5;
        }
    }

    public void Heading(string text)
    {
        Ensure(RowHeight * 4);   // a heading never ends a page alone
        Space(4);
        Paragraph(text, 11, bold: true);
        Space(2);
    }

    /// <summary>A table; <paramref name="total"/> is drawn bold below a rule after the rows.</summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<string[]> rows, string[]? total = null)
    {
        var font = Font(8.5);
        var bold = Font(8.5, bold: true);
        var small = Font(7);
        var smallBold = Font(7, bold: true);
        var scale = Width / columns.Sum(c => c.Width);
        var widths = columns.Select(c => c.Width * scale).ToArray();

        void Header()
        {
            G.DrawRectangle(new XSolidBrush(XColor.FromArgb(221, 235, 247)), Left, Y, Width, RowHeight);
            DrawRow(columns.Select(c => c.Header).ToArray(), bold, center: true);
            G.DrawLine(XPens.Black, Left, Y, Right, Y);
        }

        void DrawRow(string[] cells, TextFont f, bool center = false)
        {
            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                var text = i < cells.Length ? cells[i] : "";
                var cellFont = f;
                // A long name first gets a smaller size (so a full district name still fits), and only then an ellipsis.
                if (Measure(text, f) > widths[i] - 6) cellFont = f == bold ? smallBold : small;
                text = Fit(text, cellFont, widths[i] - 6);
                var rect = new XRect(x + 3, Y + 2.5 + (cellFont == f ? 0 : 1), widths[i] - 6, RowHeight - 3);
                Draw(text, cellFont, rect, center ? Align.Center : columns[i].Right ? Align.Right : Align.Left);
                x += widths[i];
            }
            Y += RowHeight;
        }

        Ensure(RowHeight * 3);
        G.DrawLine(XPens.Black, Left, Y, Right, Y);
        Header();
        var pen = new XPen(XColors.LightGray, 0.5);
        foreach (var row in rows)
        {
            if (Y + RowHeight > Bottom)
            {
                NewPage();
                G.DrawLine(XPens.Black, Left, Y, Right, Y);
                Header();
            }
            DrawRow(row, font);
            G.DrawLine(pen, Left, Y, Right, Y);
        }
        if (total is not null)
        {
            Ensure(RowHeight + 2);
            G.DrawLine(XPens.Black, Left, Y, Right, Y);
            DrawRow(total, bold);
        }
        G.DrawLine(XPens.Black, Left, Y, Right, Y);
        Space(8);
    }

    /// <summary>A line to sign and seal: who, then blanks for the signature, the seal and the date.</summary>
    public void SignatureLine(string who)
    {
        Ensure(34);
        var font = Font(9.5);
        Draw(who + "（盖章）", font, new XRect(Left, Y + 12, 190, 14), Align.Left);
        Draw("负责人签字：", font, new XRect(Left + 195, Y + 12, 70, 14), Align.Left);
        G.DrawLine(XPens.Black, Left + 262, Y + 25, Left + 370, Y + 25);
        Draw("日期：      年    月    日", font, new XRect(Left + 380, Y + 12, 140, 14), Align.Left);
        Y += 34;
    }

    /// <summary>Draws the footers and writes the document.</summary>
    /// <summary>
    /// A mark for every page (草稿（未清算） on the statement of a year not cleared): in red at the top right and, faintly,
    /// across the page, so that no page of a draft can pass for the final statement.
    /// </summary>
    public string? Stamp { get; set; }

    public void Save(Stream output, string footer)
    {
        _g?.Dispose();
        _g = null;
        var font = Font(8);
        for (var i = 0; i < _doc.PageCount; i++)
        {
            using var g = XGraphics.FromPdfPage(_doc.Pages[i], XGraphicsPdfPageOptions.Append);
            if (Stamp is { Length: > 0 } stamp)
            {
                Draw(g, stamp, Font(10, bold: true), new XRect(Left, Top - 30, Width, 14), Align.Right, new XSolidBrush(XColor.FromArgb(215, 48, 44)));
                var state = g.Save();
                g.RotateAtTransform(-35, new XPoint((Left + Right) / 2, (Top + Bottom) / 2));
                Draw(g, stamp, Font(60, bold: true), new XRect(Left - 60, (Top + Bottom) / 2 - 30, Width + 120, 70), Align.Center,
                    new XSolidBrush(XColor.FromArgb(40, 215, 48, 44)));
                g.Restore(state);
            }
            g.DrawLine(new XPen(XColors.Gray, 0.5), Left, Bottom + 14, Right, Bottom + 14);
            Draw(g, footer, font, new XRect(Left, Bottom + 18, Width * 0.75, 12), Align.Left, XBrushes.Gray);
            Draw(g, $"第 {i + 1} 页 共 {_doc.PageCount} 页", font, new XRect(Left, Bottom + 18, Width, 12), Align.Right, XBrushes.Gray);
        }
        _doc.Save(output, closeStream: false);
    }

    private string Fit(string text, TextFont font, double width)
    {
        if (text.Length == 0 || Measure(text, font) <= width) return text;
        var cut = text.Length;
        while (cut > 0 && Measure(text[..cut] + "…", font) > width) cut--;
        return text[..cut] + "…";
    }

    private IEnumerable<string> Wrap(string text, TextFont font, double width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var start = 0;
            while (start < paragraph.Length)
            {
                var end = paragraph.Length;
                while (end > start + 1 && Measure(paragraph[start..end], font) > width)
                {
                    // Prefer a break at a space for Latin text; CJK breaks anywhere.
                    var space = paragraph.LastIndexOf(' ', end - 1, end - start - 1);
                    end = space > start && Measure(paragraph[start..space], font) <= width ? space : end - 1;
                }
                yield return paragraph[start..end].Trim();
                start = end;
                while (start < paragraph.Length && paragraph[start] == ' ') start++;
            }
            if (paragraph.Length == 0) yield return "";
        }
    }
}
