using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Pylontech.Can.Generators.Model;

// The generator's model: everything the emitter needs, as values compared by content. It holds no AdditionalText,
// SourceText, Compilation or symbol, so an unchanged DBC produces an equal model and nothing is emitted again.

/// <summary>What the parse step makes of one .dbc file: the code to emit (null when the file has errors) and the diagnostics.</summary>
internal sealed record DbcModel(DbcFileSpec? File, EquatableArray<DiagnosticSpec> Diagnostics);

/// <summary>One DBC file, ready to emit.</summary>
/// <param name="FileName">The file's name, e.g. <c>pylontech.dbc</c>.</param>
/// <param name="Namespace">The namespace of the generated types; empty for the global namespace.</param>
/// <param name="ClassName">The static class with the dispatcher, e.g. <c>PylontechMessages</c>.</param>
/// <param name="KindName">The enum naming each message, e.g. <c>PylontechMessageKind</c>.</param>
/// <param name="HandlerName">The handler interface, e.g. <c>IPylontechMessageHandler</c>.</param>
/// <param name="Messages">The messages in file order.</param>
/// <param name="Enums">The value-table enums.</param>
internal sealed record DbcFileSpec(
    string FileName,
    string Namespace,
    string ClassName,
    string KindName,
    string HandlerName,
    EquatableArray<MessageSpec> Messages,
    EquatableArray<EnumSpec> Enums);

/// <summary>One message (a struct).</summary>
internal sealed record MessageSpec(
    string Name,
    string DbcName,
    uint CanId,
    bool IsExtended,
    int Dlc,
    int Line,
    string? Comment,
    EquatableArray<SignalSpec> Signals);

/// <summary>How a signal is presented.</summary>
internal enum SignalKind
{
    /// <summary>A 1-bit unscaled unsigned signal: <c>bool?</c>.</summary>
    Flag,

    /// <summary>An unscaled integer: the smallest fitting integer type.</summary>
    Integer,

    /// <summary>A scaled integer: <c>double?</c> computed exactly.</summary>
    Scaled,

    /// <summary>An IEEE 754 single (<c>SIG_VALTYPE_ 1</c>).</summary>
    Float32,

    /// <summary>An IEEE 754 double (<c>SIG_VALTYPE_ 2</c>).</summary>
    Float64,

    /// <summary>A signal with a value table: a generated enum.</summary>
    Enum,

    /// <summary>ASCII text: <c>CanText?</c>.</summary>
    Text,
}

/// <summary>One signal (a property).</summary>
/// <param name="Name">The property name.</param>
/// <param name="DbcName">The name in the DBC.</param>
/// <param name="Line">The DBC line of its <c>SG_</c>.</param>
/// <param name="Comment">Its <c>CM_ SG_</c> comment.</param>
/// <param name="Unit">Its unit; empty when none.</param>
/// <param name="Kind">How it is presented.</param>
/// <param name="TypeName">The C# type of the property without <c>?</c>.</param>
/// <param name="StartBit">The start bit as the DBC writes it.</param>
/// <param name="Length">The length in bits.</param>
/// <param name="IsBigEndian">Motorola byte order.</param>
/// <param name="IsSigned">Two's complement.</param>
/// <param name="BytesNeeded">The frame length the signal needs to be present.</param>
/// <param name="Scale">The scaling (used by <see cref="SignalKind.Scaled"/> and scaled floats).</param>
/// <param name="FactorText">The factor as written.</param>
/// <param name="OffsetText">The offset as written.</param>
/// <param name="IsMultiplexer">Whether it is the message's multiplexer switch.</param>
/// <param name="MultiplexValue">For a multiplexed signal, the switch value it needs; otherwise null.</param>
internal sealed record SignalSpec(
    string Name,
    string DbcName,
    int Line,
    string? Comment,
    string Unit,
    SignalKind Kind,
    string TypeName,
    int StartBit,
    int Length,
    bool IsBigEndian,
    bool IsSigned,
    int BytesNeeded,
    ScaleSpec Scale,
    string FactorText,
    string OffsetText,
    bool IsMultiplexer,
    long? MultiplexValue);

/// <summary>A signal's scaling as <c>DbcScale</c> computes it.</summary>
internal readonly record struct ScaleSpec(bool IsExact, double Multiplier, double Addend, double Divisor, double Factor, double Offset)
{
    public bool IsIdentity => Factor == 1 && Offset == 0;
}

/// <summary>An enum made from a value table.</summary>
/// <param name="Name">The enum's name.</param>
/// <param name="UnderlyingType">The underlying integer type.</param>
/// <param name="TableName">The <c>VAL_TABLE_</c> it matches, if any.</param>
/// <param name="FirstSignal">The first signal using it, as <c>Message.Signal</c> in DBC names.</param>
/// <param name="Members">The members in value order.</param>
internal sealed record EnumSpec(string Name, string UnderlyingType, string? TableName, string FirstSignal, EquatableArray<EnumMemberSpec> Members);

/// <summary>One enum member.</summary>
internal sealed record EnumMemberSpec(string Name, long Value, string DbcName);

/// <summary>A diagnostic to report, located in the .dbc file.</summary>
/// <param name="Id">The descriptor's id.</param>
/// <param name="Severity">The severity to report it with (the parser reports some ids as errors or warnings).</param>
/// <param name="Arguments">The message arguments.</param>
/// <param name="Path">The .dbc file's path.</param>
/// <param name="Span">Where in the file.</param>
/// <param name="LineSpan">Where in the file, as lines and columns.</param>
internal sealed record DiagnosticSpec(string Id, DiagnosticSeverity Severity, EquatableArray<string> Arguments, string Path, TextSpan Span, LinePositionSpan LineSpan);
