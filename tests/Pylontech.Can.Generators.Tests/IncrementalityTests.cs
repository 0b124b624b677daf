using Microsoft.CodeAnalysis;

namespace Pylontech.Can.Generators.Tests;

/// <summary>An unchanged DBC costs nothing: the steps named in <see cref="TrackingNames"/> report cached or unchanged outputs.</summary>
public sealed class IncrementalityTests
{
    private const string Path = "/project/vehicle.dbc";

    [Fact]
    public void A_second_run_with_nothing_changed_takes_every_step_from_the_cache()
    {
        var (driver, compilation, _) = FirstRun();

        driver = driver.RunGenerators(compilation);

        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        Assert.All([TrackingNames.Model, TrackingNames.Diagnostics, TrackingNames.Code], name =>
            Assert.All(Outputs(steps, name), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason)));
    }

    [Fact]
    public void Editing_a_comment_of_the_dbc_parses_it_again_but_emits_nothing_new()
    {
        var (driver, compilation, file) = FirstRun();
        var original = driver.GetRunResult().Results.Single();
        var text = GeneratorHarness.ReadTestData("vehicle.dbc");

        driver = driver.ReplaceAdditionalText(file, new GeneratorHarness.InMemoryText(Path, text.Replace("// engine frames", "// engine frames, sent by the ECU")));
        driver = driver.RunGenerators(compilation);

        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        Assert.Equal([IncrementalStepRunReason.Unchanged], Outputs(steps, TrackingNames.Model));
        Assert.Equal([IncrementalStepRunReason.Cached], Outputs(steps, TrackingNames.Code));
        Assert.Equal(original.GeneratedSources.Select(s => s.SourceText.ToString()), driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void Editing_a_signal_of_the_dbc_emits_again()
    {
        var (driver, compilation, file) = FirstRun();
        var text = GeneratorHarness.ReadTestData("vehicle.dbc");

        driver = driver.ReplaceAdditionalText(file, new GeneratorHarness.InMemoryText(Path, text.Replace("(0.25,0) [0|16383.75]", "(0.5,0) [0|32767.5]")));
        driver = driver.RunGenerators(compilation);

        var result = driver.GetRunResult().Results.Single();
        Assert.Equal([IncrementalStepRunReason.Modified], Outputs(result.TrackedSteps, TrackingNames.Model));
        Assert.Equal([IncrementalStepRunReason.Modified], Outputs(result.TrackedSteps, TrackingNames.Code));
        Assert.Contains("return raw * 5.0 / 10.0;", result.GeneratedSources.Single(s => s.HintName == "Vehicle.Messages.EngineStatus.g.cs").SourceText.ToString());
    }

    [Fact]
    public void The_model_of_the_same_text_is_equal_and_of_another_signal_is_not()
    {
        var text = GeneratorHarness.ReadTestData("vehicle.dbc");

        var first = DbcGenerator.BuildModel(Path, text, "Vehicle.Messages", null);
        var second = DbcGenerator.BuildModel(Path, text, "Vehicle.Messages", null);
        var edited = DbcGenerator.BuildModel(Path, text.Replace("\"rpm\"", "\"1/min\""), "Vehicle.Messages", null);

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, edited);
    }

    private static (GeneratorDriver Driver, Compilation Compilation, AdditionalText File) FirstRun()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var file = new GeneratorHarness.InMemoryText(Path, GeneratorHarness.ReadTestData("vehicle.dbc"));
        var driver = GeneratorHarness.CreateDriver([file], namespaces: new Dictionary<string, string> { [Path] = "Vehicle.Messages" });
        return (driver.RunGenerators(compilation), compilation, file);
    }

    private static IncrementalStepRunReason[] Outputs(IReadOnlyDictionary<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>> steps, string name) =>
        [.. steps[name].SelectMany(step => step.Outputs).Select(output => output.Reason)];
}
