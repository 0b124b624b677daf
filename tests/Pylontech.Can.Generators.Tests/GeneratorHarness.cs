extern alias runtime;

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Pylontech.Can.Generators.Tests;

/// <summary>Runs the DBC generator the way the compiler does: a compilation, .dbc AdditionalFiles and their build metadata.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    /// <summary>The repository's root directory (this file is tests/Pylontech.Can.Generators.Tests/GeneratorHarness.cs).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ReadTestData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    /// <summary>A compilation with the .NET and Pylontech.Can references and, optionally, extra source.</summary>
    public static CSharpCompilation CreateCompilation(bool checkOverflow = false, params string[] sources) =>
        CSharpCompilation.Create(
            "Generated",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, checkOverflow: checkOverflow));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, string? rootNamespace = "Root", IReadOnlyDictionary<string, string>? namespaces = null) =>
        CSharpGeneratorDriver.Create(
            [new DbcGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new OptionsProvider(rootNamespace, namespaces ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once on one DBC file.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(string dbcText, string path = "/project/vehicle.dbc", string? namespaceName = "Vehicle.Messages", bool checkOverflow = false, params string[] sources)
    {
        var namespaces = namespaceName is null ? null : new Dictionary<string, string> { [path] = namespaceName };
        var driver = CreateDriver([new InMemoryText(path, dbcText)], namespaces: namespaces);
        driver = driver.RunGeneratorsAndUpdateCompilation(CreateCompilation(checkOverflow, sources), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>Emits the compilation and loads it, failing with the compiler's errors if it does not compile.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return Assembly.Load(stream.ToArray());
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll");
        return [.. platform.Select(p => MetadataReference.CreateFromFile(p)), MetadataReference.CreateFromFile(typeof(runtime::Pylontech.Can.CanText).Assembly.Location)];
    }

    private static string FindRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    /// <summary>A DBC file held in memory; a null text is a file that cannot be read.</summary>
    internal sealed class InMemoryText(string path, string? text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => text is null ? null : SourceText.From(text);
    }

    private sealed class OptionsProvider(string? rootNamespace, IReadOnlyDictionary<string, string> namespaces) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } =
            new Options(rootNamespace is null ? [] : new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Options(namespaces.TryGetValue(textFile.Path, out var ns) ? new Dictionary<string, string> { ["build_metadata.AdditionalFiles.Namespace"] = ns } : []);
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
