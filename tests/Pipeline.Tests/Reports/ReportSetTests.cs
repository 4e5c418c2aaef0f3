using System.Text;
using System.Text.Json;
using Pipeline.Reports;
using Pipeline.Runs;

namespace Pipeline.Tests.Reports;

/// <summary>
/// A run's reports are rendered one file at a time onto local disk (<see cref="ReportSet"/>) and uploaded from there, so a
/// run never holds the whole set in memory. The spooled files must be exactly what the renderers give in memory.
/// </summary>
public sealed class ReportSetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"report-set-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void The_spooled_files_are_byte_for_byte_what_the_renderers_give_in_memory()
    {
        var input = ReportSamples.LargeMonth(300);
        using var set = ReportFiles.Write(input, "zh-CN", _root);

        Assert.Equal(ReportFiles.Names("zh-CN").Order(StringComparer.Ordinal), set.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(input.Result, AssessmentStore.Json), File.ReadAllBytes(set["assessment.json"].Path));
        Assert.Equal(AssessmentCsv.Write(input.Result), File.ReadAllBytes(set["assessment.csv"].Path));
        Assert.Equal(RecordLists.Write(input), File.ReadAllBytes(set[RecordLists.FileName].Path));
        Assert.Equal(WorkbookWriter.Write(input, ReportText.Chinese), File.ReadAllBytes(set["assessment.xlsx"].Path));

        // Pages: UTF-8 without a byte order mark, each language beside its counterpart.
        Assert.Equal(Encoding.UTF8.GetBytes(AssessmentHtml.Render(input, ReportText.Chinese, "assessment.en.html")), File.ReadAllBytes(set["assessment.html"].Path));
        Assert.Equal(Encoding.UTF8.GetBytes(AssessmentHtml.Render(input, ReportText.English, "assessment.html")), File.ReadAllBytes(set["assessment.en.html"].Path));
        Assert.Equal(Encoding.UTF8.GetBytes(ComplaintHtml.Render(input, ReportText.English, "complaint-analysis.html")), File.ReadAllBytes(set["complaint-analysis.en.html"].Path));

        foreach (var file in set)
        {
            Assert.Equal(new FileInfo(file.Path).Length, file.Length);
            Assert.Equal(ReportFiles.ContentType(file.Name), file.ContentType);
            using var stream = file.OpenRead();
            Assert.Equal(file.Length, stream.Length);
        }
    }

    [Fact]
    public void Disposing_a_set_deletes_its_folder_and_an_abandoned_folder_is_removed_by_the_next_set()
    {
        Directory.CreateDirectory(_root);
        var abandoned = Directory.CreateDirectory(Path.Combine(_root, "old-run"));
        File.WriteAllText(Path.Combine(abandoned.FullName, "assessment.json"), "{}");
        Directory.SetLastWriteTimeUtc(abandoned.FullName, DateTime.UtcNow.AddDays(-2));
        var recent = Directory.CreateDirectory(Path.Combine(_root, "running"));

        string folder;
        using (var set = ReportSet.Create(_root))
        {
            folder = set.Directory;
            set.Add("a.csv", "text/csv", stream => stream.Write("x,y\n"u8));
            Assert.Equal(4, set["a.csv"].Length);
            Assert.False(Directory.Exists(abandoned.FullName));
            Assert.True(Directory.Exists(recent.FullName)); // another run's, still going
        }

        Assert.False(Directory.Exists(folder));
        Assert.True(Directory.Exists(recent.FullName));
    }

    [Theory]
    [InlineData("../escape.csv")]
    [InlineData("sub/file.csv")]
    [InlineData("..")]
    public void A_file_name_is_a_plain_name(string name)
    {
        using var set = ReportSet.Create(_root);
        var error = Assert.Throws<ArgumentException>(() => set.Add(name, "text/csv", _ => { }));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_render_that_fails_leaves_no_folder_behind()
    {
        var input = ReportSamples.Input();
        var broken = input with { Result = input.Result with { Scopes = null! } };
        Assert.ThrowsAny<Exception>(() => ReportFiles.Write(broken, "zh-CN", _root));
        Assert.Empty(Directory.EnumerateDirectories(_root));
    }
}
