using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Pylontech.Can.Dbc;
using Pylontech.Can.Generators.Model;

namespace Pylontech.Can.Generators;

// The parse step: one .dbc file → its equatable model (names, C# types, enums) and its diagnostics.
public sealed partial class DbcGenerator
{
    /// <summary>Members every message struct has; a signal of the same name gets the suffix <c>Value</c>.</summary>
    private static readonly HashSet<string> ReservedMemberNames = new(StringComparer.Ordinal)
    {
        "CanId", "IsExtendedId", "Dlc", "MessageName", "Length", "RawData", "TryDecode",
        "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    private static DbcModel ParseFile(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken)?.ToString();
        options.GetOptions(file).TryGetValue("build_metadata.AdditionalFiles.Namespace", out var namespaceName);
        options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var rootNamespace);
        return BuildModel(file.Path, text, namespaceName, rootNamespace);
    }

    /// <summary>Parses DBC text and maps it to the model the emitter reads.</summary>
    /// <param name="path">The file's path, used in diagnostics and for the class name.</param>
    /// <param name="text">The DBC text, or null when it could not be read.</param>
    /// <param name="namespaceName">The <c>Namespace</c> metadata of the AdditionalFiles item, if any.</param>
    /// <param name="rootNamespace">The project's <c>RootNamespace</c>, used when there is no metadata.</param>
    internal static DbcModel BuildModel(string path, string? text, string? namespaceName, string? rootNamespace) =>
        new ModelBuilder(path, text, namespaceName, rootNamespace).Build();

    private sealed class ModelBuilder
    {
        private readonly string _path;
        private readonly string? _text;
        private readonly string _namespace;
        private readonly bool _namespaceFromMetadata;
        private readonly List<int> _lineStarts = new() { 0 };
        private readonly List<DiagnosticSpec> _diagnostics = new();

        // Every type name generated for this file, with what it names (for PYL101).
        private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, EnumBuilder> _enumsByTable = new(StringComparer.Ordinal);
        private readonly List<EnumBuilder> _enums = new();

        public ModelBuilder(string path, string? text, string? namespaceName, string? rootNamespace)
        {
            _path = path;
            _text = text;
            _namespaceFromMetadata = !string.IsNullOrWhiteSpace(namespaceName);
            _namespace = (_namespaceFromMetadata ? namespaceName : rootNamespace)?.Trim() ?? "";
            for (var i = 0; i < (text?.Length ?? 0); i++)
            {
                if (text![i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public DbcModel Build()
        {
            if (_text is null)
            {
                Report(DiagnosticDescriptors.UnreadableFile, new DbcLocation(_path, 1, 1), _path);
                return Result(null);
            }

            var dbc = DbcParser.Parse(_text, _path);
            foreach (var diagnostic in dbc.Diagnostics)
            {
                var severity = diagnostic.Severity == DbcSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
                Add(diagnostic.Id, severity, diagnostic.Location, diagnostic.Message);
            }

            if (_namespace.Length > 0 && !Identifiers.IsValidNamespace(_namespace))
            {
                Report(DiagnosticDescriptors.InvalidNamespace, new DbcLocation(_path, 1, 1), _namespace);
            }

            var fileName = System.IO.Path.GetFileName(_path);
            var baseName = Identifiers.ToPascalCase(System.IO.Path.GetFileNameWithoutExtension(_path));
            var className = baseName + "Messages";
            if (!Identifiers.IsValid(className))
            {
                Report(DiagnosticDescriptors.InvalidName, new DbcLocation(_path, 1, 1), "File name", fileName, baseName);
            }

            var kindName = baseName + "MessageKind";
            var handlerName = "I" + baseName + "MessageHandler";
            _typeNames[className] = "the class of this DBC file";
            _typeNames[kindName] = "the message kind enum of this DBC file";
            _typeNames[handlerName] = "the handler interface of this DBC file";

            var messages = new List<(DbcMessage Dbc, string Name)>();
            foreach (var message in dbc.Messages)
            {
                if (message.Length > 8)
                {
                    Report(DiagnosticDescriptors.MessageTooLong, message.Location, message.Name, message.Length.ToString(CultureInfo.InvariantCulture));
                    continue;
                }

                if (Identifiers.ToPascalCase(message.Name) == "Unknown")
                {
                    Report(DiagnosticDescriptors.NameCollision, message.Location, "Message", message.Name, "Unknown", $"the member {kindName}.Unknown");
                    continue;
                }

                if (TryName("Message", message.Name, Identifiers.ToPascalCase(message.Name), message.Location, _typeNames, $"message '{message.Name}'", out var name))
                {
                    messages.Add((message, name));
                }
            }

            CollectEnums(dbc, messages.Select(m => m.Dbc));
            var messageSpecs = messages.Select(m => BuildMessage(m.Dbc, m.Name)).ToList();
            if (_diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return Result(null);
            }

            var enums = _enums.Select(e => e.ToSpec()).ToEquatableArray();
            return Result(new DbcFileSpec(fileName, _namespace, className, kindName, handlerName, messageSpecs.ToEquatableArray(), enums));
        }

        private DbcModel Result(DbcFileSpec? file) => new(file, _diagnostics.ToEquatableArray());

        private MessageSpec BuildMessage(DbcMessage message, string name)
        {
            var members = new Dictionary<string, string>(StringComparer.Ordinal);
            var multiplexer = message.Signals.FirstOrDefault(s => s.Multiplexer == "M");
            var signals = new List<SignalSpec>();
            foreach (var signal in message.Signals)
            {
                long? multiplexValue = null;
                if (signal.Multiplexer is { } mux && mux != "M")
                {
                    if (multiplexer is null || mux.Length < 2 || mux[0] != 'm' ||
                        !long.TryParse(mux.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                    {
                        Report(DiagnosticDescriptors.UnsupportedMultiplexing, signal.Location, message.Name, signal.Name, mux);
                        continue;
                    }

                    multiplexValue = value;
                }

                var propertyName = Identifiers.ToPascalCase(signal.Name);
                if (ReservedMemberNames.Contains(propertyName) || propertyName == name)
                {
                    propertyName += "Value";
                }

                if (!TryName("Signal", signal.Name, propertyName, signal.Location, members, $"signal '{signal.Name}'", out propertyName))
                {
                    continue;
                }

                signals.Add(BuildSignal(message, signal, propertyName, multiplexValue));
            }

            return new MessageSpec(name, message.Name, message.Id, message.IsExtended, message.Length, message.Location.Line, message.Comment, signals.ToEquatableArray());
        }

        private SignalSpec BuildSignal(DbcMessage message, DbcSignal signal, string name, long? multiplexValue)
        {
            var scale = DbcScale.FromText(signal.FactorText, signal.OffsetText);
            var scaleSpec = new ScaleSpec(scale.IsExact, scale.Multiplier, scale.Addend, scale.Divisor, scale.Factor, scale.Offset);
            var (kind, type) = Classify(message, signal, scaleSpec);
            return new SignalSpec(
                name,
                signal.Name,
                signal.Location.Line,
                signal.Comment,
                signal.Unit,
                kind,
                type,
                signal.StartBit,
                signal.Length,
                signal.ByteOrder == DbcByteOrder.BigEndian,
                signal.IsSigned,
                signal.BytesNeeded,
                scaleSpec,
                signal.FactorText,
                signal.OffsetText,
                signal.Multiplexer == "M",
                multiplexValue);
        }

        private (SignalKind Kind, string Type) Classify(DbcMessage message, DbcSignal signal, ScaleSpec scale)
        {
            if (signal.Encoding == DbcSignalEncoding.Ascii)
            {
                if (signal.ByteOrder == DbcByteOrder.LittleEndian && signal.StartBit % 8 == 0 && signal.Length % 8 == 0)
                {
                    return (SignalKind.Text, "global::Pylontech.Can.CanText");
                }

                Report(DiagnosticDescriptors.UnalignedText, signal.Location, message.Name, signal.Name);
            }

            switch (signal.ValueType)
            {
                case DbcValueType.Float32:
                    return (SignalKind.Float32, scale.IsIdentity ? "float" : "double");
                case DbcValueType.Float64:
                    return (SignalKind.Float64, "double");
            }

            if (signal.ValueDescriptions.Count > 0 && _enumsByTable.TryGetValue(TableKey(signal.ValueDescriptions), out var table))
            {
                return (SignalKind.Enum, QualifiedName(table.Name));
            }

            if (signal.IsFlag)
            {
                return (SignalKind.Flag, "bool");
            }

            if (signal.IsUnscaled)
            {
                return (SignalKind.Integer, IntegerType(signal.Length, signal.IsSigned));
            }

            return (SignalKind.Scaled, "double");
        }

        private void CollectEnums(DbcFile dbc, IEnumerable<DbcMessage> messages)
        {
            var tableNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var table in dbc.ValueTables)
            {
                var key = TableKey(table.Values);
                if (!tableNames.ContainsKey(key))
                {
                    tableNames[key] = table.Name;
                }
            }

            foreach (var message in messages)
            {
                foreach (var signal in message.Signals)
                {
                    if (signal.ValueDescriptions.Count == 0 || signal.ValueType != DbcValueType.Integer ||
                        (signal.Encoding == DbcSignalEncoding.Ascii && signal.StartBit % 8 == 0 && signal.Length % 8 == 0 && signal.ByteOrder == DbcByteOrder.LittleEndian))
                    {
                        continue;
                    }

                    var key = TableKey(signal.ValueDescriptions);
                    if (!_enumsByTable.TryGetValue(key, out var builder))
                    {
                        tableNames.TryGetValue(key, out var tableName);
                        if (!TryEnumName(message, signal, tableName, out var enumName))
                        {
                            continue;
                        }

                        builder = new EnumBuilder(enumName, tableName, $"{message.Name}.{signal.Name}", signal.ValueDescriptions.OrderBy(v => v.Value));
                        if (!AddMembers(builder, signal))
                        {
                            continue;
                        }

                        _enumsByTable[key] = builder;
                        _enums.Add(builder);
                    }

                    builder.Include(signal.Length, signal.IsSigned);
                }
            }
        }

        private bool TryEnumName(DbcMessage message, DbcSignal signal, string? tableName, out string name)
        {
            var what = tableName is null ? $"the value table of signal '{message.Name}.{signal.Name}'" : $"value table '{tableName}'";
            name = Identifiers.ToPascalCase(tableName ?? signal.Name);
            if (!_typeNames.ContainsKey(name) && Identifiers.IsValid(name))
            {
                _typeNames[name] = what;
                return true;
            }

            var qualified = Identifiers.ToPascalCase(message.Name) + Identifiers.ToPascalCase(signal.Name);
            return TryName("Value table of", $"{message.Name}.{signal.Name}", qualified, signal.Location, _typeNames, what, out name);
        }

        private bool AddMembers(EnumBuilder builder, DbcSignal signal)
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var ok = true;
            foreach (var value in builder.Values)
            {
                var memberName = Identifiers.ToMemberName(value.Name, value.Value);
                ok &= TryName("Value description", value.Name, memberName, signal.Location, names, $"value {value.Value} of enum '{builder.Name}'", out memberName);
                builder.Members.Add(new EnumMemberSpec(memberName, value.Value, value.Name));
            }

            return ok;
        }

        /// <summary>Checks a generated name: a valid identifier (PYL100), not yet taken in <paramref name="taken"/> (PYL101).</summary>
        private bool TryName(string kind, string dbcName, string name, DbcLocation location, Dictionary<string, string> taken, string what, out string result)
        {
            result = name;
            if (!Identifiers.IsValid(name))
            {
                Report(DiagnosticDescriptors.InvalidName, location, kind, dbcName, name);
                return false;
            }

            if (taken.TryGetValue(name, out var owner))
            {
                Report(DiagnosticDescriptors.NameCollision, location, kind, dbcName, name, owner);
                return false;
            }

            taken[name] = what;
            return true;
        }

        private string QualifiedName(string typeName) => _namespace.Length == 0 ? "global::" + typeName : $"global::{_namespace}.{typeName}";

        private void Report(DiagnosticDescriptor descriptor, DbcLocation location, params string[] arguments) =>
            Add(descriptor.Id, descriptor.DefaultSeverity, location, arguments);

        private void Add(string id, DiagnosticSeverity severity, DbcLocation location, params string[] arguments)
        {
            var line = Math.Min(Math.Max(location.Line, 1), _lineStarts.Count) - 1;
            var lineStart = _lineStarts[line];
            var lineEnd = line + 1 < _lineStarts.Count ? _lineStarts[line + 1] - 1 : _text?.Length ?? 0;
            var start = Math.Min(lineStart + Math.Max(location.Column, 1) - 1, lineEnd);
            var end = start;
            while (end < lineEnd && !char.IsWhiteSpace(_text![end]))
            {
                end++;
            }

            var column = start - lineStart;
            _diagnostics.Add(new DiagnosticSpec(
                id,
                severity,
                arguments.ToEquatableArray(),
                _path,
                TextSpan.FromBounds(start, end),
                new LinePositionSpan(new LinePosition(line, column), new LinePosition(line, column + (end - start)))));
        }
    }

    /// <summary>A value table's identity: its (value, name) pairs in value order.</summary>
    private static string TableKey(IEnumerable<DbcValueDescription> values) =>
        string.Join("\u0001", values.OrderBy(v => v.Value).Select(v => v.Value.ToString(CultureInfo.InvariantCulture) + "\u0002" + v.Name));

    private static string IntegerType(int length, bool isSigned) => (length, isSigned) switch
    {
        ( <= 8, false) => "byte",
        ( <= 8, true) => "sbyte",
        ( <= 16, false) => "ushort",
        ( <= 16, true) => "short",
        ( <= 32, false) => "uint",
        ( <= 32, true) => "int",
        (_, false) => "ulong",
        _ => "long",
    };

    /// <summary>One value-table enum while signals are collected: its members and the raw range of the signals using it.</summary>
    private sealed class EnumBuilder
    {
        private long _minimum;
        private long _maximum;
        private bool _unsigned64;

        public EnumBuilder(string name, string? tableName, string firstSignal, IEnumerable<DbcValueDescription> values)
        {
            Name = name;
            TableName = tableName;
            FirstSignal = firstSignal;
            Values = values.ToList();
            _minimum = Values.Min(v => v.Value);
            _maximum = Values.Max(v => v.Value);
        }

        public string Name { get; }

        public string? TableName { get; }

        public string FirstSignal { get; }

        public List<DbcValueDescription> Values { get; }

        public List<EnumMemberSpec> Members { get; } = new();

        public void Include(int length, bool isSigned)
        {
            if (length >= 64)
            {
                _unsigned64 |= !isSigned;
                _minimum = isSigned ? long.MinValue : Math.Min(_minimum, 0);
                _maximum = long.MaxValue;
                return;
            }

            _minimum = Math.Min(_minimum, isSigned ? -(1L << (length - 1)) : 0);
            _maximum = Math.Max(_maximum, isSigned ? (1L << (length - 1)) - 1 : (1L << length) - 1);
        }

        public EnumSpec ToSpec() => new(Name, UnderlyingType(), TableName, FirstSignal, Members.ToEquatableArray());

        private string UnderlyingType()
        {
            if (_minimum >= 0)
            {
                return _unsigned64 || _maximum > uint.MaxValue ? "ulong" : _maximum > ushort.MaxValue ? "uint" : _maximum > byte.MaxValue ? "ushort" : "byte";
            }

            return _minimum < int.MinValue || _maximum > int.MaxValue ? "long"
                : _minimum < short.MinValue || _maximum > short.MaxValue ? "int"
                : _minimum < sbyte.MinValue || _maximum > sbyte.MaxValue ? "short" : "sbyte";
        }
    }
}
