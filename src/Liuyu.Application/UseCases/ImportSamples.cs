using Liuyu.Data.Samples;
using Liuyu.Domain.Quality;

namespace Liuyu.Application.UseCases;

/// <summary>Measured samples stored with provenance; the months they touch are evaluated by GB 3838 (R-DATA-3).</summary>
public static class ImportSamples
{
    public static SampleImportReport Run(ILiuyuStore store, FileInfo samples, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null) =>
        store.ImportSamples(samples, who, profiles);

    public static SampleImportReport Run(ILiuyuStore store, SampleFile file, string source, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null) =>
        store.ImportSamples(file, source, who, profiles);

    /// <summary>Streamed: the rows go into the store as they are read (a CSV file of any size).</summary>
    public static SampleImportReport Run(ILiuyuStore store, SampleFeed feed, string source, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null) =>
        store.ImportSamples(feed, source, who, profiles);
}
