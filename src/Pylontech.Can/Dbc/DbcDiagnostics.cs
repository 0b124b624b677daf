// Shared source (Pylontech.Can and the source generator): the stable ids of DBC problems.
namespace Pylontech.Can.Dbc;

/// <summary>
/// The stable ids of the problems the DBC parser reports. The source generator reports them as compiler diagnostics
/// with the same ids, located in the .dbc file.
/// </summary>
#if DBC_GENERATOR
internal
#else
public
#endif
static class DbcDiagnostics
{
    /// <summary>PYL001: the text is not valid DBC syntax (e.g. a missing ':' or ';').</summary>
    public const string Syntax = "PYL001";

    /// <summary>PYL002: two messages share an identifier or a name, two signals of a message share a name, or a node is listed twice.</summary>
    public const string Duplicate = "PYL002";

    /// <summary>PYL003: two signals of a message use the same bits.</summary>
    public const string Overlap = "PYL003";

    /// <summary>PYL004: a signal reaches past the message length (DLC).</summary>
    public const string PastLength = "PYL004";

    /// <summary>PYL005: a definition has an impossible value (a length of 0 or over 64 bits, a float signal of the wrong size, an invalid identifier).</summary>
    public const string InvalidDefinition = "PYL005";

    /// <summary>PYL006: a comment, value table, attribute or value type names a message, signal, node or attribute that is not defined.</summary>
    public const string UnknownReference = "PYL006";

    /// <summary>PYL007: a section this parser does not know was skipped.</summary>
    public const string UnknownSection = "PYL007";
}
