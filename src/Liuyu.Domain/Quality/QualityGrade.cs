namespace Liuyu.Domain.Quality;

/// <summary>The colour every chart uses for a grade (Q-SEC-2).</summary>
public enum GradeColour { Blue, Green, Yellow, Orange, Red }

/// <summary>Q-SEC-2: the qualitative grade (水质状况) of a class: Ⅰ–Ⅱ 优, Ⅲ 良好, Ⅳ 轻度污染, Ⅴ 中度污染, 劣Ⅴ 重度污染.</summary>
public sealed record QualityGrade(string NameZh, string NameEn, GradeColour Colour)
{
    private static readonly QualityGrade Excellent = new("优", "excellent", GradeColour.Blue);
    private static readonly QualityGrade Good = new("良好", "good", GradeColour.Green);
    private static readonly QualityGrade Light = new("轻度污染", "lightly polluted", GradeColour.Yellow);
    private static readonly QualityGrade Moderate = new("中度污染", "moderately polluted", GradeColour.Orange);
    private static readonly QualityGrade Heavy = new("重度污染", "heavily polluted", GradeColour.Red);

    public static QualityGrade Of(WaterClass waterClass) => waterClass.Ordinal switch
    {
        1 or 2 => Excellent,
        3 => Good,
        4 => Light,
        5 => Moderate,
        _ => Heavy,
    };

    public override string ToString() => NameZh;
}
