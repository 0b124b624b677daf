using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Pylontech.Can.Dbc;

namespace Pylontech.Can.Generators;

/// <summary>
/// Every diagnostic the DBC generator reports, one descriptor per id. PYL001-PYL007 are the DBC parser's problems
/// (<see cref="DbcDiagnostics"/>) with the parser's message as the only argument; PYL100 and up are the generator's own.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string ParserCategory = "Pylontech.Dbc";
    private const string GeneratorCategory = "Pylontech.DbcGenerator";

    public static readonly DiagnosticDescriptor Syntax = Parser(DbcDiagnostics.Syntax, "Invalid DBC syntax", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor Duplicate = Parser(DbcDiagnostics.Duplicate, "Duplicate DBC definition", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor Overlap = Parser(DbcDiagnostics.Overlap, "Overlapping DBC signals", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor PastLength = Parser(DbcDiagnostics.PastLength, "DBC signal past the message length", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidDefinition = Parser(DbcDiagnostics.InvalidDefinition, "Impossible DBC definition", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownReference = Parser(DbcDiagnostics.UnknownReference, "Reference to an undefined DBC item", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownSection = Parser(DbcDiagnostics.UnknownSection, "Unknown DBC section skipped", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidName = new(
        "PYL100",
        "DBC name cannot become a C# identifier",
        "{0} '{1}' cannot become a C# identifier ('{2}')",
        GeneratorCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NameCollision = new(
        "PYL101",
        "Two DBC names give the same C# name",
        "{0} '{1}' becomes '{2}', which is already the name of {3}",
        GeneratorCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MessageTooLong = new(
        "PYL102",
        "DBC message longer than 8 bytes",
        "Message '{0}' is {1} bytes long; CAN FD messages (over 8 bytes) are not generated yet, so it is skipped",
        GeneratorCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnalignedText = new(
        "PYL103",
        "ASCII signal not byte-aligned",
        "Signal '{0}.{1}' is marked ASCII but is not a whole number of bytes in Intel order; it is decoded as a number",
        GeneratorCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidNamespace = new(
        "PYL104",
        "Invalid namespace for generated DBC code",
        "'{0}' is not a valid namespace for the code generated from this DBC file",
        GeneratorCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnreadableFile = new(
        "PYL105",
        "DBC file cannot be read",
        "The DBC file '{0}' cannot be read",
        GeneratorCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedMultiplexing = new(
        "PYL106",
        "Unsupported DBC multiplexing",
        "Signal '{0}.{1}' is multiplexed as '{2}', which the generator does not support; it is skipped",
        GeneratorCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new()
    {
        [Syntax.Id] = Syntax,
        [Duplicate.Id] = Duplicate,
        [Overlap.Id] = Overlap,
        [PastLength.Id] = PastLength,
        [InvalidDefinition.Id] = InvalidDefinition,
        [UnknownReference.Id] = UnknownReference,
        [UnknownSection.Id] = UnknownSection,
        [InvalidName.Id] = InvalidName,
        [NameCollision.Id] = NameCollision,
        [MessageTooLong.Id] = MessageTooLong,
        [UnalignedText.Id] = UnalignedText,
        [InvalidNamespace.Id] = InvalidNamespace,
        [UnreadableFile.Id] = UnreadableFile,
        [UnsupportedMultiplexing.Id] = UnsupportedMultiplexing,
    };

    /// <summary>The descriptor of an id; an unknown parser id is reported as a syntax problem rather than lost.</summary>
    public static DiagnosticDescriptor Find(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : Syntax;

    private static DiagnosticDescriptor Parser(string id, string title, DiagnosticSeverity severity) =>
        new(id, title, "{0}", ParserCategory, severity, isEnabledByDefault: true);
}
