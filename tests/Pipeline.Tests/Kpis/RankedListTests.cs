using Pipeline.Kpis;

namespace Pipeline.Tests.Kpis;

/// <summary>A ranked list keeps its stated order whatever the order of adds and merges, and merging nothing costs nothing.</summary>
public sealed class RankedListTests
{
    [Fact]
    public void Adding_and_merging_in_any_order_gives_the_same_list()
    {
        var values = Enumerable.Range(0, 200).Select(i => new Entry((i * 37) % 101, $"id{i:D3}")).ToList();
        var one = new RankedList<Entry>();
        values.ForEach(one.Add);

        var left = new RankedList<Entry>();
        var right = new RankedList<Entry>();
        for (var i = values.Count - 1; i >= 0; i--)
        {
            (i % 3 == 0 ? left : right).Add(values[i]);
        }

        right.Merge(new RankedList<Entry>());
        right.Merge(left);
        Assert.Equal(one.Items, right.Items);
        Assert.Equal(values.Order().ToList(), one.Items);
    }

    [Fact]
    public void Threads_reading_an_unordered_list_at_once_all_see_it_ordered_and_whole()
    {
        // The reports of a run are rendered on two threads, and both may be the first to read a list: the one change a
        // read makes (ordering) must happen once. Without the lock, concurrent sorts of one list corrupt it.
        var values = Enumerable.Range(0, 50_000).Select(i => new Entry((int)((i * 7919L) % 50_021), $"id{i:D5}")).ToList();
        var expected = values.Order().ToList();
        for (var trial = 0; trial < 20; trial++)
        {
            var list = new RankedList<Entry>();
            values.ForEach(list.Add);
            using var start = new Barrier(4);
            var seen = new List<Entry>[4];
            var errors = new Exception?[4];
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    seen[t] = list.Items.ToList();
                }
                catch (Exception ex)
                {
                    errors[t] = ex;
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.All(errors, Assert.Null);
            Assert.All(seen, read => Assert.Equal(expected, read));
        }
    }

    [Fact]
    public void Merging_an_empty_list_neither_changes_nor_sorts_the_list()
    {
        var list = new RankedList<Entry>(limit: 50);
        for (var i = 0; i < 1000; i++)
        {
            list.Add(new Entry(i % 7, $"id{i:D4}"));
        }

        var before = list.Items.ToList();
        Entry.Comparisons = 0;
        for (var i = 0; i < 100; i++)
        {
            list.Merge(new RankedList<Entry>(limit: 50));
        }

        Assert.Equal(0, Entry.Comparisons);
        Assert.Equal(before, list.Items);
        Assert.Equal(50, list.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5)]
    [InlineData(40)]
    public void Merging_ordered_lists_keeps_the_first_entries_of_their_union_in_order(int? limit)
    {
        var all = Enumerable.Range(0, 300).Select(i => new Entry((i * 53) % 17, $"id{i:D3}")).ToList();
        var merged = new RankedList<Entry>(limit);
        foreach (var chunk in all.Chunk(23))
        {
            var part = new RankedList<Entry>(limit);
            foreach (var entry in chunk.Reverse())
            {
                part.Add(entry);
            }

            merged.Merge(part);
        }

        merged.Merge(merged);
        var expected = all.Concat(all).Order().Take(limit ?? int.MaxValue).ToList();
        Assert.Equal(expected, merged.Items);
    }

    [Fact]
    public void Merging_a_small_list_into_a_long_one_is_linear_not_a_sort()
    {
        var list = new RankedList<Entry>();
        for (var i = 0; i < 4096; i++)
        {
            list.Add(new Entry(i % 97, $"id{i:D4}"));
        }

        _ = list.Count;
        var small = new RankedList<Entry>();
        small.Add(new Entry(50, "new"));
        Entry.Comparisons = 0;
        list.Merge(small);
        Assert.InRange(Entry.Comparisons, 1, 4096);
        Assert.Equal(4097, list.Count);
        Assert.Equal(list.Items.Order().ToList(), list.Items);
    }

    private sealed record Entry(int Rank, string Id) : IComparable<Entry>
    {
        [ThreadStatic]
        public static int Comparisons;

        public int CompareTo(Entry? other)
        {
            Comparisons++;
            return other is null ? -1 : Rank != other.Rank ? Rank.CompareTo(other.Rank) : string.CompareOrdinal(Id, other.Id);
        }
    }
}
