using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>
/// Records kept in a stated order (their <see cref="IComparable{T}"/>, which ends on the id), optionally only the
/// first <see cref="Limit"/>: the records behind an alert, or the worst N of a report. Adding and merging in any
/// order gives the same list.
/// </summary>
/// <typeparam name="T">The entry; its order must be total (ids last).</typeparam>
public sealed class RankedList<T> : IJsonOnSerializing
    where T : IComparable<T>
{
    private readonly Lock _ordering = new();
    private List<T> _items = [];
    private volatile bool _ordered = true;

    /// <summary>An unbounded list.</summary>
    public RankedList()
    {
    }

    /// <summary>A list of at most <paramref name="limit"/> entries (the first in order).</summary>
    public RankedList(int? limit) => Limit = limit;

    /// <summary>How many entries are kept (the first in order); null keeps all.</summary>
    public int? Limit { get; set; }

    /// <summary>The entries, in order (the plain data form).</summary>
    public List<T> Items
    {
        get
        {
            Order();
            return _items;
        }

        set
        {
            _items = value;
            _ordered = false;
        }
    }

    /// <summary>How many entries are kept.</summary>
    [JsonIgnore]
    public int Count
    {
        get
        {
            Order();
            return _items.Count;
        }
    }

    /// <summary>Adds an entry.</summary>
    public void Add(T item)
    {
        _items.Add(item);
        _ordered = false;
        if (Limit is { } limit && _items.Count > 2 * Math.Max(limit, 16))
        {
            Order();
        }
    }

    /// <summary>Adds every entry of <paramref name="other"/>.</summary>
    public void Merge(RankedList<T> other)
    {
        // Nothing to add: keep the order as it is. Otherwise both lists in order and one linear merge from the back. (A
        // full sort of the accumulated list on every merge cost parts × n log n: with every customer file in the
        // company's list, and with a year of overdue receivables, that was most of an assessment's merge time.)
        if (other._items.Count == 0)
        {
            return;
        }

        Order();
        other.Order();
        var theirs = ReferenceEquals(other, this) ? [.. other._items] : other._items;
        var i = _items.Count - 1;
        var j = theirs.Count - 1;
        _items.AddRange(theirs);
        for (var k = _items.Count - 1; j >= 0; k--)
        {
            _items[k] = i >= 0 && _items[i].CompareTo(theirs[j]) > 0 ? _items[i--] : theirs[j--];
        }

        if (Limit is { } limit && _items.Count > limit)
        {
            _items.RemoveRange(limit, _items.Count - limit);
        }
    }

    void IJsonOnSerializing.OnSerializing() => Order();

    // Ordering on first read is the one change a read makes, so it is done under a lock: the reports of a run are rendered
    // on several threads at once, and two of them may read one list first. Adding and merging are the fold's, one thread
    // per engine, and are not guarded.
    private void Order()
    {
        if (_ordered)
        {
            return;
        }

        lock (_ordering)
        {
            if (_ordered)
            {
                return;
            }

            _items.Sort((a, b) => a.CompareTo(b));
            if (Limit is { } limit && _items.Count > limit)
            {
                _items.RemoveRange(limit, _items.Count - limit);
            }

            _ordered = true;
        }
    }
}
