namespace Pipeline.Tests.Durable;

/// <summary>
/// The tests that run Durable task hubs against the shared Azurite, one at a time: each hub polls its queues every second,
/// and on two shared cores the two-instance test's three hosts beside another test's slowed a failing run past its wait.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DurableCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Durable task hubs";
}
