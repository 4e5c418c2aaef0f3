using System.Text;
using System.Text.Json;
using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Reports;
using Pipeline.Runs;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Reports;

/// <summary>
/// The CSV and JSON of a fixed small month compared byte for byte with checked-in approved files
/// (Approved/assessment.csv and .json). A difference writes the received file beside the approved one
/// (…received.*, git-ignored) to compare and, if the change is intended, to copy over the approved file.
/// </summary>
public sealed class ApprovalTests
{
    [Fact]
    public void The_csv_of_a_fixed_month_is_the_approved_one() =>
        Approve("assessment.csv", Encoding.UTF8.GetString(AssessmentCsv.Write(ReportSamples.Month().Result)).TrimStart((char)0xFEFF));

    [Fact]
    public void The_json_of_a_fixed_month_is_the_approved_one() =>
        Approve("assessment.json", JsonSerializer.Serialize(ReportSamples.Month().Result,
            new JsonSerializerOptions(AssessmentStore.Json) { WriteIndented = true }));

    private static void Approve(string name, string received)
    {
        var folder = Path.Combine(SourceFolder(), "Approved");
        var approvedPath = Path.Combine(folder, name);
        var receivedPath = Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + ".received" + Path.GetExtension(name));
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : null;
        if (approved != received.ReplaceLineEndings("\n"))
        {
            File.WriteAllText(receivedPath, received);
            Assert.Fail($"{name} differs from the approved file; the received one is {receivedPath}.");
        }

        File.Delete(receivedPath);
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
