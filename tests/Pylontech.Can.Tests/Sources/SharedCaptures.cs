namespace Pylontech.Can.Tests.Sources;

/// <summary>Finds the project's shared material: <c>../shared</c> beside the repository root (the directory holding Pylontech.sln).</summary>
internal static class SharedCaptures
{
    public static string Directory { get; } = Path.Combine(FindShared(), "captures");

    public static IEnumerable<string> CandumpLogs => System.IO.Directory.EnumerateFiles(Directory, "*.candump.log").Order(StringComparer.Ordinal);

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>The lines of a capture that hold frames: neither blank nor <c>#</c> comments.</summary>
    public static string[] FrameLines(string path) =>
        File.ReadAllLines(path).Where(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#')).ToArray();

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pylontech.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                if (System.IO.Directory.Exists(shared))
                {
                    return shared;
                }

                throw new DirectoryNotFoundException($"{shared}: the shared captures are expected beside the repository");
            }
        }

        throw new DirectoryNotFoundException($"no Pylontech.sln above {AppContext.BaseDirectory}");
    }
}
