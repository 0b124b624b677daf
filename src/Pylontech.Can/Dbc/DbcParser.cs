// Shared source (Pylontech.Can and the source generator): the DBC parser.
// It collects diagnostics and never throws; it keeps no static mutable state.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Pylontech.Can.Dbc;

/// <summary>Reads DBC text into a <see cref="DbcFile"/>, collecting every problem as a <see cref="DbcDiagnostic"/>.</summary>
internal sealed class DbcParser
{
    /// <summary>The pseudo message that holds signals not assigned to any frame; it is not a real frame.</summary>
    private const uint IndependentSignalsMessageId = 0xC0000000;

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "VERSION", "NS_", "BS_", "BU_", "VAL_TABLE_", "BO_", "SG_", "BO_TX_BU_", "CM_", "BA_DEF_", "BA_DEF_DEF_", "BA_",
        "VAL_", "SIG_VALTYPE_", "EV_", "ENVVAR_DATA_", "SGTYPE_", "SGTYPE_VAL_", "SIG_GROUP_", "SG_MUL_VAL_", "BA_DEF_REL_",
        "BA_REL_", "BA_DEF_DEF_REL_", "BA_DEF_SGTYPE_", "BA_SGTYPE_", "SIG_TYPE_REF_", "CAT_DEF_", "CAT_", "FILTER",
        "NS_DESC_", "BU_SG_REL_", "BU_EV_REL_", "BU_BO_REL_", "SIG_VALTYPE_", "SIGTYPE_VALTYPE_", "EV_DATA_",
    };

    private readonly string _path;
    private readonly DbcLexer _lexer;
    private readonly List<DbcDiagnostic> _diagnostics = new();
    private readonly DbcFile _file = new();
    private readonly List<DbcMessage> _messages = new();
    private readonly Dictionary<DbcMessage, List<DbcSignal>> _signals = new();
    private readonly Dictionary<DbcMessage, Dictionary<string, string>> _messageAttributes = new();
    private readonly Dictionary<DbcSignal, Dictionary<string, string>> _signalAttributes = new();
    private readonly Dictionary<string, string?> _nodeComments = new(StringComparer.Ordinal);
    private readonly List<string> _nodes = new();
    private readonly List<DbcValueTable> _valueTables = new();
    private readonly List<DbcAttributeDefinition> _attributeDefinitions = new();
    private DbcToken _previous;
    private DbcToken _current;
    private DbcToken _next;

    /// <summary>How many tokens have been consumed: a statement that consumed none is stepped over.</summary>
    private int _position;

    private DbcParser(string text, string path)
    {
        _path = path;
        _lexer = new DbcLexer(text);
        _current = Lex();
        _next = Lex();
    }

    /// <summary>Parses DBC text. Never throws; problems are in <see cref="DbcFile.Diagnostics"/>.</summary>
    /// <param name="text">The DBC text.</param>
    /// <param name="path">The path to name in diagnostics.</param>
    public static DbcFile Parse(string text, string path)
    {
        var parser = new DbcParser(text ?? "", path ?? "");
        return parser.Run();
    }

    private DbcToken Current => _current;

    private DbcToken Next => _next;

    /// <summary>Moves to the next token.</summary>
    private void Advance()
    {
        if (_current.Kind == DbcTokenKind.End)
        {
            return;
        }

        _previous = _current;
        _current = _next;
        _next = Lex();
        _position++;
    }

    private DbcToken Lex()
    {
        var token = _lexer.Next();
        if (token.IsUnterminated)
        {
            Report(DbcDiagnostics.Syntax, DbcSeverity.Error, "unterminated string: expected a closing '\"'", token.Line, token.Column);
        }

        return token;
    }

    private DbcFile Run()
    {
        _file.Path = _path;
        DbcMessage? lastMessage = null;
        // After a BO_ line that could not be read, its SG_ lines are skipped without an error each.
        var inBrokenMessage = false;
        while (Current.Kind != DbcTokenKind.End)
        {
            var start = _position;
            var token = Current;
            if (!token.Is("SG_"))
            {
                lastMessage = null;
                inBrokenMessage = false;
            }

            if (token.Kind != DbcTokenKind.Identifier)
            {
                Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected a section keyword (BO_, SG_, CM_, ...), found {token.Describe()}", token);
                SkipStatement();
                continue;
            }

            var ok = true;
            switch (token.Text)
            {
                case "VERSION":
                    Advance();
                    ok = ExpectString("the version string after VERSION", out var version);
                    _file.Version = version;
                    break;
                case "NS_":
                    ParseNewSymbols();
                    break;
                case "BS_":
                    Advance();
                    ok = Expect(":", "':' after BS_");
                    SkipStatement();
                    break;
                case "BU_":
                    ok = ParseNodes();
                    break;
                case "VAL_TABLE_":
                    ok = ParseValueTable();
                    break;
                case "BO_":
                    ok = ParseMessage(out lastMessage);
                    inBrokenMessage = !ok;
                    break;
                case "SG_" when inBrokenMessage:
                    Advance();
                    SkipStatement();
                    break;
                case "SG_":
                    ok = ParseSignal(lastMessage);
                    break;
                case "CM_":
                    ok = ParseComment();
                    break;
                case "BA_DEF_":
                    ok = ParseAttributeDefinition();
                    break;
                case "BA_DEF_DEF_":
                    ok = ParseAttributeDefault();
                    break;
                case "BA_":
                    ok = ParseAttribute();
                    break;
                case "VAL_":
                    ok = ParseValueDescriptions();
                    break;
                case "SIG_VALTYPE_":
                    ok = ParseSignalValueType();
                    break;
                default:
                    if (!token.StartsLine && !Keywords.Contains(token.Text))
                    {
                        Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"unexpected '{token.Text}' after the end of the statement", token);
                    }
                    else if (!Keywords.Contains(token.Text))
                    {
                        Report(DbcDiagnostics.UnknownSection, DbcSeverity.Warning, $"unknown section '{token.Text}' skipped", token);
                    }

                    Advance();
                    SkipStatement();
                    break;
            }

            if (!ok)
            {
                SkipStatement();
            }

            if (_position == start)
            {
                Advance();
            }
        }

        return Build();
    }

    private DbcFile Build()
    {
        foreach (var message in _messages)
        {
            message.Signals = _signals[message];
            message.Attributes = _messageAttributes[message];
            foreach (var signal in _signals[message])
            {
                signal.Attributes = _signalAttributes[signal];
            }
        }

        var encodingDefinition = _attributeDefinitions.FirstOrDefault(d => d.Name == "Encoding" && d.ObjectType == "SG_");
        foreach (var signal in _messages.SelectMany(m => m.Signals))
        {
            var value = signal.Attributes.TryGetValue("Encoding", out var v) ? v : encodingDefinition?.DefaultValue;
            signal.Encoding = ResolveEnum(encodingDefinition, value) is "Ascii" or "ASCII" or "ascii" ? DbcSignalEncoding.Ascii : DbcSignalEncoding.Integer;
        }

        _file.Nodes = _nodes.Select(n => new DbcNode(n, _nodeComments.TryGetValue(n, out var c) ? c : null)).ToList();
        _file.Messages = _messages.Where(m => !(m.Id == (IndependentSignalsMessageId & 0x1FFFFFFF) && m.IsExtended && m.Name == "VECTOR__INDEPENDENT_SIG_MSG")).ToList();
        _file.ValueTables = _valueTables;
        _file.AttributeDefinitions = _attributeDefinitions;
        DbcValidator.Validate(_file, _diagnostics);
        _file.Diagnostics = _diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
        return _file;
    }

    private static string? ResolveEnum(DbcAttributeDefinition? definition, string? value)
    {
        if (value is null || definition is null || definition.ValueType != "ENUM")
        {
            return value;
        }

        // BA_ gives an ENUM value as its index; BA_DEF_DEF_ usually gives its name.
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) &&
            index >= 0 && index < definition.EnumValues.Count)
        {
            return definition.EnumValues[index];
        }

        return value;
    }

    private void ParseNewSymbols()
    {
        var ns = Current;
        Advance();
        if (Current.Is(":"))
        {
            Advance();
        }

        // The new symbols stand one per line, usually indented. The list ends at the first token in column 1 that has more
        // on its line (a statement such as 'BS_:'); BS_ and BU_ are never new symbols.
        while (Current.Kind == DbcTokenKind.Identifier && Current.Text is not ("BS_" or "BU_") &&
               !(Current.StartsLine && Current.Column == 1 && Current.Line != ns.Line && Next.Line == Current.Line))
        {
            Advance();
        }
    }

    private bool ParseNodes()
    {
        var bu = Current;
        Advance();
        if (!Expect(":", "':' after BU_"))
        {
            return false;
        }

        // Node names may continue on indented lines; a name in column 1 starts the next statement.
        while (Current.Kind == DbcTokenKind.Identifier && !(Current.StartsLine && (Current.Column == 1 || Keywords.Contains(Current.Text))))
        {
            if (!_nodes.Contains(Current.Text))
            {
                _nodes.Add(Current.Text);
            }
            else
            {
                Report(DbcDiagnostics.Duplicate, DbcSeverity.Warning, $"node '{Current.Text}' is listed twice in BU_", Current);
            }

            Advance();
        }

        _ = bu;
        return true;
    }

    private bool ParseValueTable()
    {
        Advance();
        if (!ExpectIdentifier("a value table name after VAL_TABLE_", out var name, out _))
        {
            return false;
        }

        if (!ParseValuePairs(out var values))
        {
            return false;
        }

        _valueTables.Add(new DbcValueTable(name, values));
        return true;
    }

    private bool ParseValuePairs(out List<DbcValueDescription> values)
    {
        values = new List<DbcValueDescription>();
        while (Current.Kind == DbcTokenKind.Number)
        {
            var numberToken = Current;
            if (!TryParseInteger(numberToken.Text, out var value))
            {
                Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected an integer raw value, found {numberToken.Describe()}", numberToken);
                return false;
            }

            Advance();
            if (!ExpectString("a quoted name after the raw value", out var name))
            {
                return false;
            }

            values.Add(new DbcValueDescription(value, name));
        }

        return Expect(";", "';' or another raw value and name");
    }

    private bool ParseMessage(out DbcMessage? message)
    {
        message = null;
        var bo = Current;
        Advance();
        if (!ExpectUnsigned("the message identifier after BO_", out var rawId))
        {
            return false;
        }

        if (!ExpectIdentifier("the message name after its identifier", out var name, out _) ||
            !Expect(":", "':' after the message name") ||
            !ExpectUnsigned("the message length (DLC) in bytes", out var length))
        {
            return false;
        }

        // The transmitter ends the line: an identifier on the next line is the next statement.
        if (Current.StartsLine)
        {
            ReportExpected("the transmitting node after the message length");
            return false;
        }

        if (!ExpectIdentifier("the transmitting node after the message length", out var transmitter, out _))
        {
            return false;
        }

        message = new DbcMessage
        {
            Id = (uint)(rawId & 0x1FFFFFFF),
            IsExtended = (rawId & 0x80000000) != 0,
            Name = name,
            Length = (int)Math.Min(length, int.MaxValue),
            Transmitter = transmitter,
            Location = Location(bo),
        };
        _messages.Add(message);
        _signals[message] = new List<DbcSignal>();
        _messageAttributes[message] = new Dictionary<string, string>(StringComparer.Ordinal);
        var problem = rawId > 0xFFFFFFFF ? $"identifier {rawId} is larger than 32 bits"
            : message.IsExtended && (rawId & 0x60000000) != 0 && rawId != IndependentSignalsMessageId
                ? $"identifier {rawId} (0x{rawId:X8}) sets bits 29-30: not a valid 29-bit extended id"
            : !message.IsExtended && rawId > 0x7FF ? $"identifier {rawId} is not a valid 11-bit id (set bit 31 for a 29-bit extended id)"
            : null;
        if (problem is not null)
        {
            Report(DbcDiagnostics.InvalidDefinition, DbcSeverity.Error, $"message '{name}': {problem}", bo);
        }

        return true;
    }

    private bool ParseSignal(DbcMessage? message)
    {
        var sg = Current;
        Advance();
        if (!ExpectIdentifier("the signal name after SG_", out var name, out _))
        {
            return false;
        }

        string? multiplexer = null;
        if (Current.Kind == DbcTokenKind.Identifier)
        {
            if (!DbcSignal.TryParseMultiplexer(Current.Text, out _, out _))
            {
                Report(DbcDiagnostics.Syntax, DbcSeverity.Error,
                    $"expected ':' after the signal name, or a multiplexer indicator (M, m<value> or m<value>M), found {Current.Describe()}", Current);
                return false;
            }

            multiplexer = Current.Text;
            Advance();
        }

        if (!Expect(":", "':' after the signal name") ||
            !ExpectUnsigned("the start bit", out var startBit) ||
            !Expect("|", "'|' between start bit and length") ||
            !ExpectUnsigned("the signal length in bits", out var length) ||
            !Expect("@", "'@' before the byte order"))
        {
            return false;
        }

        var orderToken = Current;
        if (!(orderToken.Kind == DbcTokenKind.Number && (orderToken.Text == "0" || orderToken.Text == "1")))
        {
            Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected byte order 0 (Motorola) or 1 (Intel) after '@', found {orderToken.Describe()}", orderToken);
            return false;
        }

        Advance();
        var signToken = Current;
        if (!(signToken.Is("+") || signToken.Is("-")))
        {
            Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected '+' (unsigned) or '-' (signed) after the byte order, found {signToken.Describe()}", signToken);
            return false;
        }

        Advance();
        if (!Expect("(", "'(' before factor and offset") ||
            !ExpectNumber("the factor", out var factor, out var factorText) ||
            !Expect(",", "',' between factor and offset") ||
            !ExpectNumber("the offset", out var offset, out var offsetText) ||
            !Expect(")", "')' after the offset") ||
            !Expect("[", "'[' before minimum and maximum") ||
            !ExpectNumber("the minimum", out var minimum, out _) ||
            !Expect("|", "'|' between minimum and maximum") ||
            !ExpectNumber("the maximum", out var maximum, out _) ||
            !Expect("]", "']' after the maximum") ||
            !ExpectString("the quoted unit", out var unit))
        {
            return false;
        }

        // The receivers end with the line.
        var receivers = new List<string>();
        while (Current.Kind == DbcTokenKind.Identifier && !Current.StartsLine)
        {
            receivers.Add(Current.Text);
            Advance();
            if (Current.Is(","))
            {
                Advance();
            }
        }

        if (message is null)
        {
            Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"signal '{name}' is not inside a message: SG_ must follow a BO_ line", sg);
            return true;
        }

        var signal = new DbcSignal
        {
            Name = name,
            StartBit = (int)Math.Min(startBit, int.MaxValue),
            Length = (int)Math.Min(length, int.MaxValue),
            ByteOrder = orderToken.Text == "1" ? DbcByteOrder.LittleEndian : DbcByteOrder.BigEndian,
            IsSigned = signToken.Text == "-",
            Factor = factor,
            Offset = offset,
            FactorText = factorText,
            OffsetText = offsetText,
            Minimum = minimum,
            Maximum = maximum,
            Unit = unit,
            Receivers = receivers,
            Multiplexer = multiplexer,
            Location = Location(sg),
        };
        _signals[message].Add(signal);
        _signalAttributes[signal] = new Dictionary<string, string>(StringComparer.Ordinal);
        return true;
    }

    private bool ParseComment()
    {
        Advance();
        var target = Current;
        if (target.Kind == DbcTokenKind.String)
        {
            Advance();
            _file.Comment = target.Text;
            return Expect(";", "';' after the comment");
        }

        if (!ExpectIdentifier("BU_, BO_, SG_, EV_ or a quoted comment after CM_", out var kind, out var kindToken))
        {
            return false;
        }

        switch (kind)
        {
            case "BU_":
            {
                if (!ExpectIdentifier("a node name", out var node, out var nodeToken) || !ExpectString("the quoted comment", out var text))
                {
                    return false;
                }

                if (!_nodes.Contains(node))
                {
                    Report(DbcDiagnostics.UnknownReference, DbcSeverity.Warning, $"comment for unknown node '{node}'", nodeToken);
                }

                _nodeComments[node] = text;
                break;
            }

            case "BO_":
            {
                if (!ExpectMessage(out var message) || !ExpectString("the quoted comment", out var text))
                {
                    return false;
                }

                if (message is not null)
                {
                    message.Comment = text;
                }

                break;
            }

            case "SG_":
            {
                if (!ExpectSignal(out var signal) || !ExpectString("the quoted comment", out var text))
                {
                    return false;
                }

                if (signal is not null)
                {
                    signal.Comment = text;
                }

                break;
            }

            case "EV_":
                if (!ExpectIdentifier("an environment variable name", out _, out _) || !ExpectString("the quoted comment", out _))
                {
                    return false;
                }

                break;
            default:
                Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected BU_, BO_, SG_, EV_ or a quoted comment after CM_, found '{kind}'", kindToken);
                return false;
        }

        return Expect(";", "';' after the comment");
    }

    private bool ParseAttributeDefinition()
    {
        Advance();
        var objectType = "";
        if (Current.Kind == DbcTokenKind.Identifier && Current.Text is "BU_" or "BO_" or "SG_" or "EV_")
        {
            objectType = Current.Text;
            Advance();
        }

        if (!ExpectString("the quoted attribute name", out var name) ||
            !ExpectIdentifier("the attribute type (INT, HEX, FLOAT, STRING or ENUM)", out var valueType, out var typeToken))
        {
            return false;
        }

        var enumValues = new List<string>();
        switch (valueType)
        {
            case "INT":
            case "HEX":
            case "FLOAT":
                if (!ExpectNumber("the minimum", out _, out _) || !ExpectNumber("the maximum", out _, out _))
                {
                    return false;
                }

                break;
            case "STRING":
                break;
            case "ENUM":
                while (Current.Kind == DbcTokenKind.String)
                {
                    enumValues.Add(Current.Text);
                    Advance();
                    if (Current.Is(","))
                    {
                        Advance();
                    }
                }

                break;
            default:
                Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected INT, HEX, FLOAT, STRING or ENUM, found '{valueType}'", typeToken);
                return false;
        }

        _attributeDefinitions.Add(new DbcAttributeDefinition(name, objectType, valueType, enumValues, null));
        return Expect(";", "';' after the attribute definition");
    }

    private bool ParseAttributeDefault()
    {
        Advance();
        var nameToken = Current;
        if (!ExpectString("the quoted attribute name", out var name) || !ExpectValue(out var value) ||
            !Expect(";", "';' after the default value"))
        {
            return false;
        }

        var index = _attributeDefinitions.FindIndex(d => d.Name == name);
        if (index < 0)
        {
            Report(DbcDiagnostics.UnknownReference, DbcSeverity.Warning, $"default for undefined attribute '{name}'", nameToken);
            return true;
        }

        _attributeDefinitions[index] = _attributeDefinitions[index] with { DefaultValue = value };
        return true;
    }

    private bool ParseAttribute()
    {
        Advance();
        var nameToken = Current;
        if (!ExpectString("the quoted attribute name", out var name))
        {
            return false;
        }

        var definition = _attributeDefinitions.FirstOrDefault(d => d.Name == name);
        Dictionary<string, string>? target = null;
        if (Current.Kind == DbcTokenKind.Identifier && Current.Text is "BU_" or "BO_" or "SG_" or "EV_")
        {
            var kind = Current.Text;
            Advance();
            switch (kind)
            {
                case "BO_":
                    if (!ExpectMessage(out var message))
                    {
                        return false;
                    }

                    target = message is null ? null : _messageAttributes[message];
                    break;
                case "SG_":
                    if (!ExpectSignal(out var signal))
                    {
                        return false;
                    }

                    target = signal is null ? null : _signalAttributes[signal];
                    break;
                default:
                    if (!ExpectIdentifier("a node or variable name", out _, out _))
                    {
                        return false;
                    }

                    break;
            }
        }

        if (!ExpectValue(out var value) || !Expect(";", "';' after the attribute value"))
        {
            return false;
        }

        if (definition is null)
        {
            Report(DbcDiagnostics.UnknownReference, DbcSeverity.Warning, $"value for undefined attribute '{name}'", nameToken);
        }

        if (target is not null)
        {
            target[name] = value;
        }

        return true;
    }

    private bool ParseValueDescriptions()
    {
        Advance();
        if (Current.Kind == DbcTokenKind.Identifier)
        {
            // VAL_ of an environment variable: parsed and not kept.
            Advance();
            return ParseValuePairs(out _);
        }

        if (!ExpectSignal(out var signal) || !ParseValuePairs(out var values))
        {
            return false;
        }

        if (signal is not null)
        {
            signal.ValueDescriptions = values;
        }

        return true;
    }

    private bool ParseSignalValueType()
    {
        Advance();
        if (!ExpectSignal(out var signal))
        {
            return false;
        }

        if (Current.Is(":"))
        {
            Advance();
        }

        var typeToken = Current;
        if (!ExpectUnsigned("the value type (0 integer, 1 float, 2 double)", out var type))
        {
            return false;
        }

        if (type > 2)
        {
            Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected value type 0 (integer), 1 (float) or 2 (double), found {type}", typeToken);
            return false;
        }

        if (signal is not null)
        {
            signal.ValueType = (DbcValueType)type;
        }

        return Expect(";", "';' after the value type");
    }

    private bool ExpectMessage(out DbcMessage? message)
    {
        message = null;
        var idToken = Current;
        if (!ExpectUnsigned("a message identifier", out var rawId))
        {
            return false;
        }

        var id = (uint)(rawId & 0x1FFFFFFF);
        var extended = (rawId & 0x80000000) != 0;
        message = _messages.FirstOrDefault(m => m.Id == id && m.IsExtended == extended);
        if (message is null)
        {
            Report(DbcDiagnostics.UnknownReference, DbcSeverity.Warning, $"no message with identifier {rawId}", idToken);
        }

        return true;
    }

    private bool ExpectSignal(out DbcSignal? signal)
    {
        signal = null;
        if (!ExpectMessage(out var message))
        {
            return false;
        }

        if (!ExpectIdentifier("a signal name", out var name, out var nameToken))
        {
            return false;
        }

        if (message is not null)
        {
            signal = _signals[message].FirstOrDefault(s => s.Name == name);
            if (signal is null)
            {
                Report(DbcDiagnostics.UnknownReference, DbcSeverity.Warning, $"message '{message.Name}' has no signal '{name}'", nameToken);
            }
        }

        return true;
    }

    private bool ExpectValue(out string value)
    {
        var token = Current;
        if (token.Kind is DbcTokenKind.String or DbcTokenKind.Number or DbcTokenKind.Identifier)
        {
            value = token.Text;
            Advance();
            return true;
        }

        value = "";
        Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected an attribute value, found {token.Describe()}", token);
        return false;
    }

    private bool Expect(string punctuation, string what)
    {
        if (Current.Is(punctuation))
        {
            Advance();
            return true;
        }

        ReportExpected(what);
        return false;
    }

    private bool ExpectIdentifier(string what, out string name, out DbcToken token)
    {
        token = Current;
        if (token.Kind == DbcTokenKind.Identifier)
        {
            name = token.Text;
            Advance();
            return true;
        }

        name = "";
        ReportExpected(what);
        return false;
    }

    private bool ExpectString(string what, out string text)
    {
        var token = Current;
        if (token.Kind == DbcTokenKind.String)
        {
            text = token.Text;
            Advance();
            return true;
        }

        text = "";
        ReportExpected(what);
        return false;
    }

    private bool ExpectUnsigned(string what, out ulong value)
    {
        var token = Current;
        if (token.Kind == DbcTokenKind.Number && TryParseInteger(token.Text, out var signed) && signed >= 0)
        {
            value = (ulong)signed;
            Advance();
            return true;
        }

        value = 0;
        ReportExpected($"{what} (a whole number)");
        return false;
    }

    private bool ExpectNumber(string what, out double value, out string text)
    {
        var token = Current;
        if (token.Kind == DbcTokenKind.Number && TryParseDouble(token.Text, out value))
        {
            // A hexadecimal number is kept in decimal, the form decimal and double parsers read.
            text = token.Text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? value.ToString("R", CultureInfo.InvariantCulture)
                : token.Text;
            Advance();
            return true;
        }

        value = 0;
        text = "";
        ReportExpected($"{what} (a number)");
        return false;
    }

    private static bool TryParseInteger(string text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseDouble(string text, out double value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var ok = TryParseInteger(text, out var integer);
            value = integer;
            return ok;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Skips to the start of the next statement: past a ';', or to the next line that starts with a section keyword.</summary>
    private void SkipStatement()
    {
        while (Current.Kind != DbcTokenKind.End)
        {
            if (Current.Is(";"))
            {
                Advance();
                return;
            }

            if (Current.StartsLine && Current.Kind == DbcTokenKind.Identifier && Keywords.Contains(Current.Text))
            {
                return;
            }

            Advance();
        }
    }

    private DbcLocation Location(DbcToken token) => new(_path, token.Line, token.Column);

    /// <summary>
    /// Reports that <paramref name="what"/> was expected at the current token. When the statement has ended at a line
    /// break, the problem is placed at the end of the statement's last token. Nothing is reported right after an
    /// unterminated string: that is the one problem there.
    /// </summary>
    private void ReportExpected(string what)
    {
        var token = Current;
        var previous = _position > 0 ? _previous : token;
        if (previous.IsUnterminated)
        {
            return;
        }

        if (_position > 0 && token.StartsLine && previous.EndLine < token.Line)
        {
            var found = token.Kind == DbcTokenKind.End ? "end of file" : "end of line";
            Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected {what}, found {found}", previous.EndLine, previous.EndColumn);
            return;
        }

        Report(DbcDiagnostics.Syntax, DbcSeverity.Error, $"expected {what}, found {token.Describe()}", token);
    }

    private void Report(string id, DbcSeverity severity, string message, DbcToken token) =>
        _diagnostics.Add(new DbcDiagnostic(id, severity, message, Location(token)));

    private void Report(string id, DbcSeverity severity, string message, int line, int column) =>
        _diagnostics.Add(new DbcDiagnostic(id, severity, message, new DbcLocation(_path, line, column)));
}
