using Microsoft.CodeAnalysis;

namespace Pylontech.Can.Generators.Tests;

/// <summary>
/// Compares generated sources with the reviewed files in <c>Baselines/{Test}/{Hint}.g.cs.txt</c>.
/// Set <c>PYLONTECH_UPDATE_BASELINES=1</c> to rewrite them from the generator's output instead (then review the diff).
/// </summary>
internal static class Baselines
{
    private static bool Update => Environment.GetEnvironmentVariable("PYLONTECH_UPDATE_BASELINES") == "1";

    public static void Verify(string test, GeneratorDriverRunResult result)
    {
        var generated = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName + ".txt", s => Normalize(s.SourceText.ToString()));
        var sourceDirectory = Path.Combine(GeneratorHarness.RepositoryRoot, "tests", "Pylontech.Can.Generators.Tests", "Baselines", test);
        if (Update)
        {
            if (Directory.Exists(sourceDirectory))
            {
                Directory.Delete(sourceDirectory, recursive: true);
            }

            Directory.CreateDirectory(sourceDirectory);
            foreach (var (name, text) in generated)
            {
                File.WriteAllText(Path.Combine(sourceDirectory, name), text);
            }

            return;
        }

        var directory = Path.Combine(AppContext.BaseDirectory, "Baselines", test);
        var expected = Directory.Exists(directory)
            ? Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), f => Normalize(File.ReadAllText(f)))
            : [];

        Assert.Equal(expected.Keys.Order(), generated.Keys.Order());
        foreach (var (name, text) in generated)
        {
            Assert.True(expected[name] == text, $"{name} differs from its baseline; run with PYLONTECH_UPDATE_BASELINES=1 and review the diff.{Environment.NewLine}{FirstDifference(expected[name], text)}");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end>";
            var a = i < actualLines.Length ? actualLines[i] : "<end>";
            if (e != a)
            {
                return $"line {i + 1}:{Environment.NewLine}  expected: {e}{Environment.NewLine}  actual:   {a}";
            }
        }

        return "";
    }
}
