namespace Pylontech.Can.Tests;

/// <summary>Where the tests find their data: files copied beside the test binary, and the shared material beside the repository.</summary>
internal static class TestFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The repository's root: the first directory above the test binary that holds <c>Pylontech.sln</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The shared material (<c>protocol/</c>, <c>captures/</c>) that sits beside the repository: <c>&lt;repo&gt;/../shared</c>.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>A file of <c>TestData/</c>, copied beside the test binary.</summary>
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    /// <summary>The text of a file of <c>TestData/</c>.</summary>
    public static string ReadTestData(string name) => File.ReadAllText(TestData(name));

    /// <summary>The text of the bundled <c>dbc/pylontech.dbc</c>.</summary>
    public static string PylontechDbcText() => File.ReadAllText(Path.Combine(RepositoryRoot, "dbc", "pylontech.dbc"));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pylontech.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Pylontech.sln above {AppContext.BaseDirectory}");
    }
}
