using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Pipeline.Runs;

/// <summary>
/// The in-process fold executor: every partition of the plan folded into a part of its own, several at a time in this
/// process, and handed on in the plan's order as soon as every part before it has been handed on (an ordered fan-in).
/// A partition starts only while fewer than <see cref="PartsWaiting"/> parts are folded but not yet taken, so memory holds
/// a bounded window of parts, not a year of them; the order, and so the result, is the plan's whatever order the folds
/// end in.
/// </summary>
public sealed class InProcessFolds(PartitionFold fold)
{
    /// <summary>Partitions read and folded at once in this process (each a query of up to 1,000 entities a page).</summary>
    public const int PartitionsAtOnce = 8;

    /// <summary>Parts folded but not yet taken, at most (a slow partition holds the ones after it back to this many).</summary>
    public const int PartsWaiting = 4 * PartitionsAtOnce;

    /// <summary>
    /// The parts of every partition of <paramref name="plan"/>, in the plan's order. A partition that cannot be read fails
    /// the enumeration with its own error (never with the cancellation it caused in the other folds); stopping the
    /// enumeration early stops the folds.
    /// </summary>
    public async IAsyncEnumerable<FoldedPart> FoldAsync(
        AssessmentPlan plan, FoldContexts contexts, AssessmentProgress? progress = null, int partitionsAtOnce = PartitionsAtOnce,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var count = plan.Partitions.Count;
        var slots = plan.Partitions.Select(_ => new TaskCompletionSource<FoldedPart>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var window = new SemaphoreSlim(PartsWaiting);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? firstFailure = null; // the first fold that failed on its own (the others it cancelled fail with a cancellation)
        var folding = Parallel.ForEachAsync(InWindow(count, window, stop.Token),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, partitionsAtOnce), CancellationToken = stop.Token },
            async (index, token) =>
            {
                try
                {
                    slots[index].TrySetResult(await fold.FoldAsync(plan, plan.Partitions[index], contexts, progress, token).ConfigureAwait(false));
                }
                catch (Exception ex)
                {
                    if (ex is not OperationCanceledException)
                    {
                        Interlocked.CompareExchange(ref firstFailure, ex, null);
                    }

                    slots[index].TrySetException(ex);
                    throw;
                }
            });
        try
        {
            for (var index = 0; index < count; index++)
            {
                yield return await TakeAsync(index).ConfigureAwait(false);
            }

            await folding.ConfigureAwait(false);
        }
        finally
        {
            if (!folding.IsCompleted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await folding.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Stopped because the consumer stopped or a part failed; that failure travels on its own.
                }
            }
        }

        async Task<FoldedPart> TakeAsync(int index)
        {
            var slot = slots[index].Task;
            await Task.WhenAny(slot, folding).ConfigureAwait(false);
            try
            {
                if (!slot.IsCompleted)
                {
                    await folding.ConfigureAwait(false); // the folds stopped (failed or cancelled) before this part was made
                    throw new InvalidOperationException($"partition {plan.Partitions[index].Key} was not folded");
                }

                var part = await slot.ConfigureAwait(false);
                slots[index] = null!; // handed on: let it go
                window.Release();
                if (index == count - 1)
                {
                    progress?.Stage("merging");
                }

                return part;
            }
            catch (OperationCanceledException) when (Volatile.Read(ref firstFailure) is { } cause && !cancellationToken.IsCancellationRequested)
            {
                // Parallel.ForEachAsync ends cancelled, not faulted, once one fold's failure has cancelled the rest: report
                // the failure that caused it all (a partition that could not be read).
                ExceptionDispatchInfo.Capture(cause).Throw();
                throw;
            }
        }
    }

    // The partition indexes in the plan's order, each taken only when the window has room: permits are taken in order, so
    // the part the consumer waits for has always been started.
    private static async IAsyncEnumerable<int> InWindow(int count, SemaphoreSlim window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
            yield return i;
        }
    }
}
