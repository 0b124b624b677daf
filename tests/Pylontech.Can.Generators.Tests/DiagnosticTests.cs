using Microsoft.CodeAnalysis;

namespace Pylontech.Can.Generators.Tests;

/// <summary>One test per diagnostic id: reported by the compiler, located in the .dbc file.</summary>
public sealed class DiagnosticTests
{
    private const string Path = "/project/vehicle.dbc";

    private const string Header = """
        VERSION ""
        BS_:
        BU_: Ecu

        """;

    [Fact]
    public void PYL001_a_syntax_error_is_an_error_at_its_line_and_column_and_nothing_is_generated()
    {
        var (diagnostic, result) = Single(Header + "BO_ 100 Engine 8 Ecu\n");

        Assert.Equal("PYL001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        AssertAt(diagnostic, line: 4, column: 16);
        Assert.Contains("expected ':' after the message name", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void PYL002_two_messages_with_one_identifier_are_an_error()
    {
        var (diagnostic, _) = Single(Header + "BO_ 100 Engine: 8 Ecu\nBO_ 100 Brake: 8 Ecu\n");

        Assert.Equal("PYL002", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        AssertAt(diagnostic, line: 5, column: 1);
    }

    [Fact]
    public void PYL003_overlapping_signals_are_an_error_at_the_second_signal()
    {
        var (diagnostic, _) = Single(Header + """
            BO_ 100 Engine: 8 Ecu
             SG_ Speed : 0|16@1+ (1,0) [0|0] "" Ecu
             SG_ Load : 8|8@1+ (1,0) [0|0] "" Ecu

            """);

        Assert.Equal("PYL003", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        AssertAt(diagnostic, line: 6, column: 2);
    }

    [Fact]
    public void PYL004_a_signal_past_the_message_length_is_an_error()
    {
        var (diagnostic, _) = Single(Header + "BO_ 100 Engine: 2 Ecu\n SG_ Speed : 8|16@1+ (1,0) [0|0] \"\" Ecu\n");

        Assert.Equal("PYL004", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        AssertAt(diagnostic, line: 5, column: 2);
    }

    [Fact]
    public void PYL005_a_float_signal_of_the_wrong_size_is_an_error()
    {
        var (diagnostic, _) = Single(Header + "BO_ 100 Engine: 8 Ecu\n SG_ Speed : 0|16@1+ (1,0) [0|0] \"\" Ecu\nSIG_VALTYPE_ 100 Speed : 1;\n");

        Assert.Equal("PYL005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void PYL006_a_comment_for_an_unknown_signal_is_a_warning_and_the_code_is_still_generated()
    {
        var (diagnostic, result) = Single(Header + "BO_ 100 Engine: 8 Ecu\nCM_ SG_ 100 Speed \"no such signal\";\n");

        Assert.Equal("PYL006", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, line: 5, column: 13);
        Assert.NotEmpty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void PYL007_an_unknown_section_is_a_warning()
    {
        var (diagnostic, _) = Single(Header + "BO_ 100 Engine: 8 Ecu\nFOO_ 1 2 3;\n");

        Assert.Equal("PYL007", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, line: 5, column: 1);
    }

    [Fact]
    public void PYL100_a_name_that_cannot_become_an_identifier_is_an_error()
    {
        var (diagnostic, result) = Single(Header + "BO_ 100 Engine: 8 Ecu\n SG_ ___ : 0|8@1+ (1,0) [0|0] \"\" Ecu\n");

        Assert.Equal("PYL100", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        AssertAt(diagnostic, line: 5, column: 2);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void PYL101_two_signals_with_the_same_PascalCase_name_are_an_error()
    {
        var (diagnostic, _) = Single(Header + """
            BO_ 100 Engine: 8 Ecu
             SG_ Engine_Speed : 0|8@1+ (1,0) [0|0] "" Ecu
             SG_ EngineSpeed : 8|8@1+ (1,0) [0|0] "" Ecu

            """);

        Assert.Equal("PYL101", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        AssertAt(diagnostic, line: 6, column: 2);
        Assert.Contains("'EngineSpeed'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void PYL102_a_CAN_FD_message_is_skipped_with_a_warning()
    {
        var (diagnostic, result) = Single(Header + "BO_ 100 Long: 12 Ecu\n SG_ Last : 88|8@1+ (1,0) [0|0] \"\" Ecu\nBO_ 101 Short: 8 Ecu\n");

        Assert.Equal("PYL102", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, line: 4, column: 1);
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("Vehicle.Messages.Short.g.cs", hints);
        Assert.DoesNotContain("Vehicle.Messages.Long.g.cs", hints);
    }

    [Fact]
    public void PYL103_an_ascii_signal_not_on_byte_boundaries_is_decoded_as_a_number_with_a_warning()
    {
        var (diagnostic, result) = Single(Header + """
            BO_ 100 Name: 8 Ecu
             SG_ Text : 4|16@1+ (1,0) [0|0] "" Ecu
            BA_DEF_ SG_ "Encoding" ENUM "Integer","Ascii";
            BA_ "Encoding" SG_ 100 Text 1;

            """);

        Assert.Equal("PYL103", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("public ushort? Text", result.Results.Single().GeneratedSources.Single(s => s.HintName == "Vehicle.Messages.Name.g.cs").SourceText.ToString());
    }

    [Fact]
    public void PYL104_an_invalid_namespace_is_an_error()
    {
        var (result, _) = GeneratorHarness.Run(Header + "BO_ 100 Engine: 8 Ecu\n", Path, "My Messages");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PYL104", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void PYL105_a_file_that_cannot_be_read_is_an_error()
    {
        var driver = GeneratorHarness.CreateDriver([new GeneratorHarness.InMemoryText(Path, null)]);

        var result = driver.RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult();

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PYL105", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void PYL106_a_multiplexed_signal_without_a_multiplexer_is_skipped_with_a_warning()
    {
        var (diagnostic, result) = Single(Header + "BO_ 100 Engine: 8 Ecu\n SG_ Value m1 : 8|8@1+ (1,0) [0|0] \"\" Ecu\n");

        Assert.Equal("PYL106", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, line: 5, column: 2);
        Assert.DoesNotContain("public byte? Value", result.Results.Single().GeneratedSources.Single(s => s.HintName == "Vehicle.Messages.Engine.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Every_descriptor_is_tracked_in_the_unshipped_release_notes()
    {
        var notes = File.ReadAllText(System.IO.Path.Combine(GeneratorHarness.RepositoryRoot, "src", "Pylontech.Can.Generators", "AnalyzerReleases.Unshipped.md"));
        var ids = typeof(DiagnosticDescriptors).GetFields().Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id);

        Assert.All(ids, id => Assert.Contains($"\n{id} |", notes));
    }

    private static (Diagnostic Diagnostic, GeneratorDriverRunResult Result) Single(string dbc)
    {
        var (result, _) = GeneratorHarness.Run(dbc, Path);
        return (Assert.Single(result.Diagnostics), result);
    }

    /// <summary>Asserts the diagnostic is in the .dbc file at a 1-based line and column, as an editor shows it.</summary>
    private static void AssertAt(Diagnostic diagnostic, int line, int column)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(Path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
    }
}
