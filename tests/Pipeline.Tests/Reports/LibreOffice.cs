using System.Diagnostics;

namespace Pipeline.Tests.Reports;

/// <summary>
/// Debian's LibreOffice (package <c>libreoffice-calc-nogui</c>, which scripts/test.sh installs) run headless to open a
/// report the way a manager's office suite does and convert it (<c>soffice --headless --convert-to pdf</c>). Each
/// conversion has a user profile of its own, since LibreOffice locks its profile and parallel runs sharing one wait on
/// or break each other, and a time limit, since a stuck office process must fail the test rather than hang the run.
/// </summary>
internal static class LibreOffice
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    /// <summary>
    /// <paramref name="file"/> (named <paramref name="name"/>, whose extension tells LibreOffice what it is) converted to
    /// <paramref name="format"/> (<c>pdf</c>, <c>ods</c>…).
    /// </summary>
    public static async Task<byte[]> Convert(byte[] file, string name, string format, CancellationToken cancellationToken = default)
    {
        var soffice = Find() ?? throw new InvalidOperationException(
            "soffice is not on PATH: run scripts/test.sh, which installs Debian's libreoffice-calc-nogui, or apt-get install it.");
        var folder = Directory.CreateTempSubdirectory("pipeline-soffice-");
        try
        {
            var input = Path.Combine(folder.FullName, name);
            var output = Path.Combine(folder.FullName, "out");
            await File.WriteAllBytesAsync(input, file, cancellationToken);
            var start = new ProcessStartInfo(soffice)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                ArgumentList =
                {
                    "-env:UserInstallation=" + new Uri(Path.Combine(folder.FullName, "profile")).AbsoluteUri,
                    "--headless", "--norestore", "--nolockcheck", "--convert-to", format, "--outdir", output, input,
                },
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"soffice --convert-to {format} {name} did not finish in {Limit.TotalMinutes} minutes.");
            }

            var converted = Path.Combine(output, Path.GetFileNameWithoutExtension(name) + "." + format);
            if (process.ExitCode != 0 || !File.Exists(converted))
            {
                throw new InvalidOperationException(
                    $"soffice --convert-to {format} {name} exited with {process.ExitCode} and wrote no {converted}:\n{await stdout}\n{await stderr}");
            }

            return await File.ReadAllBytesAsync(converted, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "soffice"))
            .FirstOrDefault(File.Exists);
}
