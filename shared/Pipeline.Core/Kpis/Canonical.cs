namespace Pipeline.Kpis;

/// <summary>Plain data in a stated order, so equal states write equal JSON however they were folded.</summary>
public static class Canonical
{
    /// <summary>A copy of <paramref name="dictionary"/> whose entries enumerate in ordinal key order.</summary>
    public static Dictionary<string, T> Ordered<T>(Dictionary<string, T> dictionary) =>
        dictionary.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
