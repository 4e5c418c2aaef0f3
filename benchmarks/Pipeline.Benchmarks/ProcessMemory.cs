using System.Globalization;

namespace Pipeline.Benchmarks;

/// <summary>This process's resident set (Linux /proc/self/status): now (VmRSS) and its high-water mark (VmHWM).</summary>
internal static class ProcessMemory
{
    public static long Rss() => Read("VmRSS:");

    public static long PeakRss() => Read("VmHWM:");

    /// <summary>Resets the high-water mark to the current resident set (writing 5 to clear_refs); false where that is refused.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A full, compacting collection that returns what it can to the OS, so the next stage starts from its own floor.</summary>
    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static long Read(string key) => File.ReadLines("/proc/self/status")
        .Where(l => l.StartsWith(key, StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024)
        .FirstOrDefault();
}

/// <summary>Samples the managed heap every few milliseconds and keeps the largest size seen since the last <see cref="TakeMax"/>.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stopped;
    private long _max;

    public MemorySampler(int intervalMs = 20)
    {
        _thread = new Thread(() =>
        {
            while (!_stopped)
            {
                var now = GC.GetTotalMemory(false);
                long seen;
                while ((seen = Interlocked.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen)
                {
                }

                Thread.Sleep(intervalMs);
            }
        }) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    /// <summary>The largest managed heap seen since the last call, in bytes.</summary>
    public long TakeMax() => Interlocked.Exchange(ref _max, 0);

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }
}
