using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipeline.Standalone;

/// <summary>
/// The embedded default (DESIGN §2): Azurite, the Azure Storage emulator pinned in the repository's
/// <c>package.json</c>, run as a child process on loopback with free ports, and stopped with the app. It sends no
/// telemetry (<c>--disableTelemetry</c>). If the process dies, <see cref="Exited"/> says so and <see cref="Restart"/>
/// starts it again on the same ports and data folder.
/// </summary>
public sealed class EmbeddedAzurite : IDisposable
{
    // The well-known development account of every Azure Storage emulator (not a secret).
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ProcessStartInfo _start;
    private readonly StringBuilder _output = new();
    private readonly Lock _stopping = new();
    private Process _process;
    private bool _disposed;

    private EmbeddedAzurite(ProcessStartInfo start, Process process, int blobPort, int queuePort, int tablePort, string? location)
    {
        _start = start;
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Location = location;
    }

    /// <summary>The blob service port on 127.0.0.1.</summary>
    public int BlobPort { get; }

    /// <summary>The queue service port on 127.0.0.1.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port on 127.0.0.1.</summary>
    public int TablePort { get; }

    /// <summary>Whether the Azurite process has ended (after <see cref="Dispose"/>).</summary>
    public bool HasExited { get; private set; }

    /// <summary>The current Azurite process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Times the process was started again after it died.</summary>
    public int Restarts { get; private set; }

    /// <summary>Raised (on a thread-pool thread) when the Azurite process ends without <see cref="Dispose"/>, with its exit code.</summary>
    public event Action<int>? Exited;

    /// <summary>The data folder; null when the data is kept in memory only.</summary>
    public string? Location { get; }

    /// <summary>A connection string with explicit endpoints (the legacy storage SDK of the WebJobs timers needs them).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>What went wrong starting Azurite, with the command that fixes it.</summary>
    public sealed class StartException(string message) : Exception(message);

    /// <summary>
    /// Starts Azurite and waits until its three services accept connections.
    /// </summary>
    /// <param name="location">Folder for its data; null keeps everything in memory (tests).</param>
    /// <param name="searchFrom">Folders from which to look upward for <c>node_modules/azurite</c>, in order.</param>
    /// <param name="timeout">How long to wait for it to listen.</param>
    /// <param name="nodeOptions">Extra <c>NODE_OPTIONS</c>, e.g. a larger heap for benchmarks.</param>
    public static EmbeddedAzurite Start(string? location, IEnumerable<string> searchFrom, TimeSpan? timeout = null, string? nodeOptions = null)
    {
        var script = searchFrom.Select(FindAzurite).FirstOrDefault(found => found is not null)
                     ?? throw new StartException(
                         "Azurite (the storage emulator) is not installed. Run `npm ci` in the repository root, " +
                         "or set AzureWebJobsStorage to use other storage.");
        var node = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node")
                   ?? throw new StartException(
                       "Node.js is not installed (needed to run the embedded Azurite). Install Node.js 20 or later, " +
                       "then run `npm ci` in the repository root; or set AzureWebJobsStorage to use other storage.");

        var (blobPort, queuePort, tablePort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     script, "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}", "--queueHost", "127.0.0.1",
                     "--queuePort", $"{queuePort}", "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
                     "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        if (!string.IsNullOrEmpty(nodeOptions))
        {
            start.Environment["NODE_OPTIONS"] = nodeOptions;
        }

        var azurite = new EmbeddedAzurite(start, Launch(start), blobPort, queuePort, tablePort, location);
        azurite.Watch();
        try
        {
            azurite.WaitUntilListening(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            azurite.Dispose();
            throw;
        }

        return azurite;
    }

    /// <summary>
    /// Starts Azurite again with the same ports and data folder after its process died (or was stopped with
    /// <see cref="Kill"/> or <see cref="Terminate"/>), and waits until it listens.
    /// </summary>
    public void Restart(TimeSpan? timeout = null)
    {
        lock (_stopping)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_process.HasExited)
            {
                return;
            }

            _process.Dispose();
            _process = Launch(_start);
            Restarts++;
            Watch();
        }

        WaitUntilListening(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would: what it had not saved is lost.</summary>
    public void Kill()
    {
        lock (_stopping)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
    }

    /// <summary>Stops the process as an operator would (SIGTERM: it saves its data and closes), or kills it after a timeout.</summary>
    public void Terminate()
    {
        lock (_stopping)
        {
            StopProcess();
        }
    }

    private static Process Launch(ProcessStartInfo start) =>
        Process.Start(start) ?? throw new StartException($"Could not start {start.FileName}.");

    private void Watch()
    {
        var process = _process;
        process.EnableRaisingEvents = true;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) =>
        {
            if (!_disposed && ReferenceEquals(process, _process))
            {
                Exited?.Invoke(SafeExitCode(process));
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Stops Azurite: SIGTERM first so it can save its data, then a kill after a few seconds. A second caller
    /// (the host stopping while the process exits) waits until it is done.
    /// </summary>
    public void Dispose()
    {
        lock (_stopping)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                StopProcess();
            }
            finally
            {
                HasExited = _process.HasExited;
                _process.Dispose();
            }
        }
    }

    private void StopProcess()
    {
        try
        {
            if (!_process.HasExited)
            {
                if (!OperatingSystem.IsWindows())
                {
                    using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    term?.WaitForExit(TimeSpan.FromSeconds(2));
                }

                if (OperatingSystem.IsWindows() || !_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private void WaitUntilListening(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    string output;
                    lock (_output)
                    {
                        output = _output.ToString();
                    }

                    throw new StartException($"Azurite exited with code {_process.ExitCode} before it listened:\n{output}");
                }

                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < timeout)
                {
                    Thread.Sleep(100);
                }
                catch (SocketException)
                {
                    throw new StartException($"Azurite did not listen on port {port} within {timeout.TotalSeconds:0} s.");
                }
            }
        }
    }

    private static string? FindAzurite(string from)
    {
        for (var directory = new DirectoryInfo(from); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
            if (File.Exists(script))
            {
                return script;
            }
        }

        return null;
    }

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, executable))
        .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
