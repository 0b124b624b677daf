// The DBC model: plain, immutable descriptions of what a DBC file says.
// This file is shared source: it is compiled into Pylontech.Can (public API) and into the
// source generator (internal), so it must stay netstandard2.0-compatible and free of I/O.
using System;
using System.Collections.Generic;

namespace Pylontech.Can.Dbc;

/// <summary>How the bits of a multi-byte signal are laid out in the frame.</summary>
#if DBC_GENERATOR
internal
#else
public
#endif
enum DbcByteOrder
{
    /// <summary>Intel, little-endian (<c>@1</c> in a DBC): the start bit is the least significant bit.</summary>
    LittleEndian = 1,

    /// <summary>Motorola, big-endian (<c>@0</c> in a DBC): the start bit is the most significant bit.</summary>
    BigEndian = 0,
}

/// <summary>How a signal's raw bits are to be read.</summary>
#if DBC_GENERATOR
internal
#else
public
#endif
enum DbcValueType
{
    /// <summary>An integer, signed or unsigned as the signal says (the default).</summary>
    Integer = 0,

    /// <summary>An IEEE 754 single-precision number (<c>SIG_VALTYPE_ ... : 1</c>); the signal is 32 bits long.</summary>
    Float32 = 1,

    /// <summary>An IEEE 754 double-precision number (<c>SIG_VALTYPE_ ... : 2</c>); the signal is 64 bits long.</summary>
    Float64 = 2,
}

/// <summary>How a signal's bytes are presented: as a number or as ASCII text.</summary>
/// <remarks>Set by the signal attribute <c>BA_ "Encoding" SG_ id name 1;</c> (an <c>ENUM "Integer","Ascii"</c>).</remarks>
#if DBC_GENERATOR
internal
#else
public
#endif
enum DbcSignalEncoding
{
    /// <summary>A number (the default).</summary>
    Integer = 0,

    /// <summary>ASCII text, one character per byte, trailing spaces and NULs trimmed.</summary>
    Ascii = 1,
}

/// <summary>The severity of a problem found in a DBC file.</summary>
#if DBC_GENERATOR
internal
#else
public
#endif
enum DbcSeverity
{
    /// <summary>Worth knowing; the file is still used.</summary>
    Warning = 1,

    /// <summary>The file cannot be used as it is.</summary>
    Error = 2,
}

/// <summary>A place in a DBC file: path, 1-based line and 1-based column.</summary>
/// <param name="Path">The file's path as it was given.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
partial record struct DbcLocation(string Path, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}({Line},{Column})";
}

/// <summary>A problem found in a DBC file, with a stable id (<c>PYL001</c>…) and where it is.</summary>
/// <param name="Id">The stable diagnostic id, e.g. <c>PYL001</c>.</param>
/// <param name="Severity">Whether the file can still be used.</param>
/// <param name="Message">What is wrong, in one line.</param>
/// <param name="Location">Where it is.</param>
partial record DbcDiagnostic(string Id, DbcSeverity Severity, string Message, DbcLocation Location)
{
    /// <summary>The diagnostic as one line, compiler-style: <c>file(line,col): error PYL001: message</c>.</summary>
    public override string ToString() =>
        $"{Location}: {(Severity == DbcSeverity.Error ? "error" : "warning")} {Id}: {Message}";
}

/// <summary>A named raw value of a signal (<c>VAL_</c> or <c>VAL_TABLE_</c>).</summary>
/// <param name="Value">The raw value.</param>
/// <param name="Name">Its name.</param>
partial record DbcValueDescription(long Value, string Name);

/// <summary>A named value table (<c>VAL_TABLE_</c>).</summary>
/// <param name="Name">The table's name.</param>
/// <param name="Values">Its entries in file order.</param>
partial record DbcValueTable(string Name, IReadOnlyList<DbcValueDescription> Values);

/// <summary>A node (ECU) named in <c>BU_</c>, with its comment.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="Comment">Its <c>CM_ BU_</c> comment, if any.</param>
partial record DbcNode(string Name, string? Comment);

/// <summary>An attribute definition (<c>BA_DEF_</c>) with its default (<c>BA_DEF_DEF_</c>).</summary>
/// <param name="Name">The attribute's name.</param>
/// <param name="ObjectType">What it applies to: <c>""</c> (the network), <c>BU_</c>, <c>BO_</c>, <c>SG_</c> or <c>EV_</c>.</param>
/// <param name="ValueType">Its type: <c>INT</c>, <c>HEX</c>, <c>FLOAT</c>, <c>STRING</c> or <c>ENUM</c>.</param>
/// <param name="EnumValues">For <c>ENUM</c>, the names in order (index = value); otherwise empty.</param>
/// <param name="DefaultValue">The default from <c>BA_DEF_DEF_</c>, as written (unquoted), or null.</param>
partial record DbcAttributeDefinition(string Name, string ObjectType, string ValueType, IReadOnlyList<string> EnumValues, string? DefaultValue);

/// <summary>One signal of a message (<c>SG_</c>).</summary>
partial class DbcSignal
{
    /// <summary>The signal's name as written in the DBC.</summary>
    public string Name { get; set; } = "";

    /// <summary>The start bit as written in the DBC (for Motorola signals: the most significant bit, in DBC numbering).</summary>
    public int StartBit { get; set; }

    /// <summary>The length in bits (1 to 64).</summary>
    public int Length { get; set; }

    /// <summary>Intel (little-endian) or Motorola (big-endian).</summary>
    public DbcByteOrder ByteOrder { get; set; } = DbcByteOrder.LittleEndian;

    /// <summary>Whether the raw value is two's complement signed.</summary>
    public bool IsSigned { get; set; }

    /// <summary>Integer, or a float/double signal per <c>SIG_VALTYPE_</c>.</summary>
    public DbcValueType ValueType { get; set; }

    /// <summary>The scale: physical = raw × <see cref="Factor"/> + <see cref="Offset"/>.</summary>
    public double Factor { get; set; } = 1;

    /// <summary>The offset: physical = raw × <see cref="Factor"/> + <see cref="Offset"/>.</summary>
    public double Offset { get; set; }

    /// <summary>The factor exactly as written in the DBC (e.g. <c>0.1</c>), so that decoders can scale exactly.</summary>
    public string FactorText { get; set; } = "1";

    /// <summary>The offset exactly as written in the DBC.</summary>
    public string OffsetText { get; set; } = "0";

    /// <summary>The smallest physical value the DBC declares.</summary>
    public double Minimum { get; set; }

    /// <summary>The largest physical value the DBC declares.</summary>
    public double Maximum { get; set; }

    /// <summary>The unit, e.g. <c>V</c>; empty when none.</summary>
    public string Unit { get; set; } = "";

    /// <summary>The nodes that receive the signal.</summary>
    public IReadOnlyList<string> Receivers { get; set; } = Array.Empty<string>();

    /// <summary>The <c>CM_ SG_</c> comment, if any.</summary>
    public string? Comment { get; set; }

    /// <summary>Null for a plain signal, <c>M</c> for the multiplexer switch, <c>m3</c> (etc.) for a multiplexed signal.</summary>
    public string? Multiplexer { get; set; }

    /// <summary>Named raw values (<c>VAL_</c>), in file order; empty when none.</summary>
    public IReadOnlyList<DbcValueDescription> ValueDescriptions { get; set; } = Array.Empty<DbcValueDescription>();

    /// <summary>Number or ASCII text (attribute <c>Encoding</c>).</summary>
    public DbcSignalEncoding Encoding { get; set; }

    /// <summary>Attribute values set on this signal with <c>BA_</c>, as written (unquoted).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>();

    /// <summary>Where the signal is defined.</summary>
    public DbcLocation Location { get; set; }

    /// <summary>Whether this signal is the multiplexer switch of its message (<c>M</c>, or <c>m3M</c> in extended multiplexing).</summary>
    internal bool IsMultiplexerSwitch => TryParseMultiplexer(Multiplexer, out var isSwitch, out _) && isSwitch;

    /// <summary>The switch value for which a multiplexed signal (<c>m3</c>, <c>m3M</c>) is sent; null for other signals.</summary>
    internal long? MultiplexerValue => TryParseMultiplexer(Multiplexer, out _, out var value) && value >= 0 ? value : null;

    /// <summary>Reads a multiplexer indicator: <c>M</c>, <c>m</c> and a value, or <c>m</c>, a value and <c>M</c>.</summary>
    /// <param name="indicator">The indicator as written.</param>
    /// <param name="isSwitch">Whether it marks a switch (<c>M</c> or <c>m3M</c>).</param>
    /// <param name="value">The value of <c>m3</c>/<c>m3M</c>; -1 for a plain <c>M</c>.</param>
    /// <returns>Whether the text is a multiplexer indicator.</returns>
    internal static bool TryParseMultiplexer(string? indicator, out bool isSwitch, out long value)
    {
        isSwitch = false;
        value = -1;
        if (indicator is null || indicator.Length == 0)
        {
            return false;
        }

        if (indicator == "M")
        {
            isSwitch = true;
            return true;
        }

        var end = indicator.Length;
        if (indicator.Length > 2 && indicator[end - 1] == 'M')
        {
            isSwitch = true;
            end--;
        }

        if (indicator[0] != 'm' || end < 2 || end > 19)
        {
            return false;
        }

        long parsed = 0;
        for (var i = 1; i < end; i++)
        {
            var c = indicator[i];
            if (c < '0' || c > '9')
            {
                return false;
            }

            parsed = (parsed * 10) + (c - '0');
        }

        value = parsed;
        return true;
    }

    /// <summary>Whether the signal is a 1-bit unscaled flag (decoded as a <see cref="bool"/>).</summary>
    public bool IsFlag => Length == 1 && !IsSigned && ValueType == DbcValueType.Integer && Factor == 1 && Offset == 0
        && ValueDescriptions.Count == 0 && Encoding == DbcSignalEncoding.Integer;

    /// <summary>Whether the physical value equals the raw value (factor 1, offset 0).</summary>
    public bool IsUnscaled => Factor == 1 && Offset == 0;

    /// <summary>
    /// The linear positions of the bits the signal occupies (bit <c>8n + b</c> is bit b of byte n),
    /// from the least significant bit of the raw value to the most significant.
    /// </summary>
    public IEnumerable<int> BitPositions()
    {
        if (ByteOrder == DbcByteOrder.LittleEndian)
        {
            for (var i = 0; i < Length; i++)
            {
                yield return StartBit + i;
            }

            yield break;
        }

        // Motorola: the start bit is the MSB. Walking towards the LSB moves down inside a byte
        // and from bit 0 to bit 7 of the next byte. Collect MSB-first, then yield LSB-first.
        var positions = new int[Length];
        var pos = StartBit;
        for (var i = Length - 1; i >= 0; i--)
        {
            positions[i] = pos;
            pos = pos % 8 == 0 ? pos + 15 : pos - 1;
        }

        foreach (var p in positions)
        {
            yield return p;
        }
    }

    /// <summary>How many bytes of the frame must be present to read this signal.</summary>
    public int BytesNeeded
    {
        get
        {
            if (ByteOrder == DbcByteOrder.LittleEndian)
            {
                return (StartBit + Length + 7) / 8;
            }

            var high = 0;
            foreach (var p in BitPositions())
            {
                high = Math.Max(high, p);
            }

            return (high / 8) + 1;
        }
    }
}

/// <summary>One message (frame) of a DBC file (<c>BO_</c>).</summary>
partial class DbcMessage
{
    /// <summary>The CAN identifier (11 or 29 bits), without the DBC's extended-frame flag.</summary>
    public uint Id { get; set; }

    /// <summary>Whether the identifier is a 29-bit extended one (bit 31 set in the DBC).</summary>
    public bool IsExtended { get; set; }

    /// <summary>The message's name as written in the DBC.</summary>
    public string Name { get; set; } = "";

    /// <summary>The length in bytes the DBC declares (the DLC).</summary>
    public int Length { get; set; }

    /// <summary>The sending node, or <c>Vector__XXX</c> when none.</summary>
    public string Transmitter { get; set; } = "";

    /// <summary>The signals in file order.</summary>
    public IReadOnlyList<DbcSignal> Signals { get; set; } = Array.Empty<DbcSignal>();

    /// <summary>The <c>CM_ BO_</c> comment, if any.</summary>
    public string? Comment { get; set; }

    /// <summary>Attribute values set on this message with <c>BA_</c>, as written (unquoted).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>();

    /// <summary>Where the message is defined.</summary>
    public DbcLocation Location { get; set; }
}

/// <summary>A parsed DBC file: nodes, messages, value tables and attributes.</summary>
partial class DbcFile
{
    /// <summary>The path the file was read from, as given.</summary>
    public string Path { get; set; } = "";

    /// <summary>The <c>VERSION</c> string; empty when none.</summary>
    public string Version { get; set; } = "";

    /// <summary>The file's network comment (<c>CM_ "..."</c>), if any.</summary>
    public string? Comment { get; set; }

    /// <summary>The nodes of <c>BU_</c>.</summary>
    public IReadOnlyList<DbcNode> Nodes { get; set; } = Array.Empty<DbcNode>();

    /// <summary>The messages in file order.</summary>
    public IReadOnlyList<DbcMessage> Messages { get; set; } = Array.Empty<DbcMessage>();

    /// <summary>The named value tables (<c>VAL_TABLE_</c>).</summary>
    public IReadOnlyList<DbcValueTable> ValueTables { get; set; } = Array.Empty<DbcValueTable>();

    /// <summary>The attribute definitions (<c>BA_DEF_</c>) with their defaults.</summary>
    public IReadOnlyList<DbcAttributeDefinition> AttributeDefinitions { get; set; } = Array.Empty<DbcAttributeDefinition>();

    /// <summary>Problems found while reading the file (errors and warnings), in file order.</summary>
    public IReadOnlyList<DbcDiagnostic> Diagnostics { get; set; } = Array.Empty<DbcDiagnostic>();
}
