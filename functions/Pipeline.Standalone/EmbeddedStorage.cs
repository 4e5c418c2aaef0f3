namespace Pipeline.Standalone;

/// <summary>Where the embedded Azurite keeps its data by default.</summary>
public static class EmbeddedStorage
{
    /// <summary>
    /// <c>.azurite/</c> in the repository root (the folder holding <c>node_modules</c>), else beside the app.
    /// It is git-ignored; delete it to start from empty storage.
    /// </summary>
    public static string DefaultLocation(string contentRoot)
    {
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "node_modules")))
            {
                return Path.Combine(directory.FullName, ".azurite");
            }
        }

        return Path.Combine(contentRoot, ".azurite");
    }
}
