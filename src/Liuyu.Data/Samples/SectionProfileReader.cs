using Liuyu.Data.Csv;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Samples;

/// <summary>
/// Reads the evaluation profile of each section from <c>sections.csv</c>: <c>water_body</c> (<c>river</c>, the
/// default, or <c>lake</c>) and <c>tn</c> (total nitrogen opt-in, Q-IND-2). The other columns of formats.md are accepted and ignored.
/// </summary>
public static class SectionProfileReader
{
    public static IReadOnlyList<ColumnSpec> Columns { get; } =
    [
        new("id", "编码"),
        new("name", "名称", Required: false),
        new("water_body", "水体", Required: false),
        new("tn", "总氮", Required: false),
        new("river", "河流", Required: false),
        new("upstream", "上游", Required: false),
        new("downstream", "下游", Required: false),
        new("kind", "断面类型", Required: false),
        new("km", "里程", Required: false),
        new("approved", "是否认可", Required: false),
        new("reference_section", "参照断面", Required: false),
    ];

    public static IReadOnlyDictionary<string, SectionProfile> Read(FileInfo file)
    {
        if (!file.Exists) throw new InputException(new InputError(file.Name, null, null, ErrorCodes.FileNotFound, ("path", file.FullName)));
        return ReadCsv(file.Name, File.ReadAllBytes(file.FullName));
    }

    public static IReadOnlyDictionary<string, SectionProfile> ReadCsv(string file, byte[] bytes) => Read(CsvTable.Parse(file, bytes, Columns));

    /// <summary>The sheet of a workbook that holds the profiles: <c>sections</c> (断面), else the first.</summary>
    public static string SheetOf(Workbook workbook) => workbook.Sheet("sections") ?? workbook.Sheet("断面") ?? workbook.SheetNames[0];

    /// <summary>
    /// Reads the profiles of a table (a CSV file, or a sheet read with <see cref="Columns"/>). With <paramref name="known"/>
    /// a section the store does not hold is an error on its row: a misspelt id would otherwise leave a lake evaluated as a river.
    /// </summary>
    public static IReadOnlyDictionary<string, SectionProfile> Read(CsvTable table, IReadOnlySet<string>? known = null)
    {
        var errors = new List<InputError>();
        var profiles = new Dictionary<string, SectionProfile>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row["id"];
            if (id.Length == 0) { errors.Add(row.Error("id", ErrorCodes.SectionIdEmpty)); continue; }
            if (known is not null && !known.Contains(id)) errors.Add(row.Error("id", ErrorCodes.SectionNotImported, ("section", id)));
            var bodyText = row["water_body"].ToLowerInvariant();
            WaterBody? body = bodyText switch
            {
                "" or "river" or "河流" => WaterBody.River,
                "lake" or "reservoir" or "湖泊" or "水库" or "湖库" => WaterBody.Lake,
                _ => null,
            };
            if (body is null) errors.Add(row.Error("water_body", ErrorCodes.WaterBodyInvalid, ("value", row["water_body"])));
            var tnText = row["tn"].ToLowerInvariant();
            bool? tn = tnText switch
            {
                "" or "false" or "no" or "0" or "否" => false,
                "true" or "yes" or "1" or "是" => true,
                _ => null,
            };
            if (tn is null) errors.Add(row.Error("tn", ErrorCodes.BooleanInvalid, ("value", row["tn"])));
            if (body is null || tn is null) continue;
            if (!profiles.TryAdd(id, new SectionProfile(body.Value, tn.Value)))
                errors.Add(row.Error("id", ErrorCodes.SectionTwice, ("section", id)));
        }
        if (errors.Count > 0) throw new InputException(errors);
        return profiles;
    }
}
