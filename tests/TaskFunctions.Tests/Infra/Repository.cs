namespace TaskFunctions.Tests.Infra;

/// <summary>Files of the repository this test run was built from.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The repository's root: the directory that holds <c>TaskFunctions.sln</c>.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>The absolute path of <paramref name="relative"/> (segments below the root).</summary>
    public static string PathOf(params string[] relative) => Path.Combine([Root, .. relative]);

    private static string FindRoot()
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TaskFunctions.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return root.FullName;
    }
}
