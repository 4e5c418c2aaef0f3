using System.Collections;

namespace Pipeline.Tests.Infrastructure;

/// <summary>
/// A collection that many threads may add to while a test reads it: every member takes one lock, and enumerating reads
/// a copy. For OpenTelemetry's in-memory exporters, which add from whatever thread ends a span or exports metrics: a
/// <see cref="List{T}"/> copied meanwhile can throw, or end in a null (it counts an item before storing it).
/// </summary>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    /// <summary>What was added so far, as one consistent copy.</summary>
    public List<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
