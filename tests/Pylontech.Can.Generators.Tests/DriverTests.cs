using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Pylontech.Can.Generators.Tests;

/// <summary>The generator run by a real driver: output compared with reviewed baselines, compiled, and run.</summary>
public sealed class DriverTests
{
    // A class compiled with the generated code, so that the test can decode through it (spans cannot go through reflection).
    private const string VehicleProbe = """
        namespace Vehicle.Messages;

        /// <summary>Decodes through the generated dispatcher.</summary>
        public static class Probe
        {
            /// <summary>The decoded message as text.</summary>
            /// <param name="id">The identifier.</param>
            /// <param name="extended">Whether it is extended.</param>
            /// <param name="data">The data bytes.</param>
            /// <returns>The message's ToString().</returns>
            public static string Decode(uint id, bool extended, byte[] data)
            {
                var handler = new Handler();
                return VehicleMessages.Dispatch(id, extended, data, ref handler) ? handler.Text : "not decoded";
            }

            private struct Handler : IVehicleMessageHandler
            {
                public string Text;

                public void Handle(in EngineStatus message) => Text = message.ToString();

                public void Handle(in ExtendedFloat message) => Text = message.ToString();

                public void Handle(in Muxed message) => Text = message.ToString();
            }
        }
        """;

    [Fact]
    public void Pylontech_dbc_generates_the_reviewed_code()
    {
        var dbc = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "dbc", "pylontech.dbc"));

        var (result, _) = GeneratorHarness.Run(dbc, "/project/pylontech.dbc", "Check.Messages");

        Assert.Empty(result.Diagnostics);
        Baselines.Verify("Pylontech_dbc", result);
    }

    [Fact]
    public void Pylontech_dbc_code_compiles_against_the_runtime_library_without_any_diagnostic()
    {
        var dbc = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "dbc", "pylontech.dbc"));

        var (_, output) = GeneratorHarness.Run(dbc, "/project/pylontech.dbc", "Check.Messages");

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }

    [Fact]
    public void Vehicle_dbc_generates_the_reviewed_code()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.ReadTestData("vehicle.dbc"));

        Assert.Empty(result.Diagnostics);
        Baselines.Verify("Vehicle_dbc", result);
    }

    [Fact]
    public void Vehicle_dbc_code_compiles_in_a_checked_project_without_any_diagnostic()
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.ReadTestData("vehicle.dbc"), checkOverflow: true, sources: VehicleProbe);

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }

    [Theory]
    // Speed 8000 × 0.25; coolant 130 - 40; gear 3 and running in byte 3; torque -100 × 0.5 (12-bit) and counter 5;
    // pressure 0x0FA0 × 0.01 in Motorola order (byte 6 most significant).
    [InlineData(100u, false, "401F82079C5F0FA0",
        "EngineStatus { EngineSpeed = 2000 rpm, CoolantTemp = 90 degC, Gear = Drive, Running = true, Torque = -50 Nm, Counter = 5, BigEndianPressure = 40 bar }")]
    // The Motorola signal needs both of its bytes.
    [InlineData(100u, false, "401F82079C5F0F",
        "EngineStatus { EngineSpeed = 2000 rpm, CoolantTemp = 90 degC, Gear = Drive, Running = true, Torque = -50 Nm, Counter = 5 }")]
    // 1.5f and 0.25f × 2, little-endian IEEE 754 singles.
    [InlineData(0x18FF0015u, true, "0000C03F0000803E", "ExtendedFloat { Ratio = 1.5, Gain = 0.5 dB }")]
    [InlineData(0x18FF0015u, false, "0000C03F0000803E", "not decoded")]
    // Page 2 selects the signed reading of bytes 1-2; Page1Value is absent.
    [InlineData(300u, false, "02FEFF4142000000", "Muxed { Page = 2, Page2Value = -2, Label = \"AB\" }")]
    [InlineData(300u, false, "01FEFF41", "Muxed { Page = 1, Page1Value = 65534, Label = \"A\" }")]
    public void Generated_code_decodes_intel_motorola_float_enum_multiplexed_and_text_signals(uint id, bool extended, string hex, string expected)
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.ReadTestData("vehicle.dbc"), checkOverflow: true, sources: VehicleProbe);
        var probe = GeneratorHarness.Load(output).GetType("Vehicle.Messages.Probe")!;

        var text = probe.GetMethod("Decode", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [id, extended, Convert.FromHexString(hex)]);

        Assert.Equal(expected, text);
    }

    [Fact]
    public void Without_namespace_metadata_the_code_goes_into_the_root_namespace()
    {
        var driver = GeneratorHarness.CreateDriver([new GeneratorHarness.InMemoryText("/p/vehicle.dbc", GeneratorHarness.ReadTestData("vehicle.dbc"))], rootNamespace: "My.Product");

        var result = driver.RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult();

        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "My.Product.VehicleMessages.g.cs");
        Assert.Contains("namespace My.Product;", result.Results.Single().GeneratedSources.First().SourceText.ToString());
    }

    [Fact]
    public void Files_other_than_dbc_are_ignored()
    {
        var driver = GeneratorHarness.CreateDriver([new GeneratorHarness.InMemoryText("/p/readme.txt", "BO_ nonsense")]);

        var result = driver.RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult();

        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }
}
