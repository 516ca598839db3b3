using Liuyu.Data.Samples;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain.Quality;

namespace Liuyu.Data.Tests.Spreadsheets;

/// <summary>Sample sheets as monitoring stations keep them: a title row, times as Excel serial date-times, values as numbers.</summary>
public class SampleSheetReading
{
    [Fact]
    public void Serial_date_times_and_numeric_values_are_read_as_the_csv_would_be()
    {
        var path = ScenarioWorkbookReading.Book(w =>
        {
            var s = w.AddSheet("samples");
            s.Row("2023年3月断面监测数据");
            s.Row("断面", "采样时间", "指标", "浓度");
            s.Row("S1", 45000.5, "COD", 12.5);          // 2023-03-15 12:00
        });

        var file = SampleReader.Read(new FileInfo(path), new SampleProvenance("监测中心", SampleSource.MonitoringCentre));

        var sample = Assert.Single(file.Samples);
        Assert.Equal(new DateTime(2023, 3, 15, 12, 0, 0), sample.SampledAt);
        Assert.Equal(12.5m, sample.Value);
    }
}
