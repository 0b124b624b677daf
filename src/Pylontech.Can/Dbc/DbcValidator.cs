// Shared source (Pylontech.Can and the source generator): checks that a parsed DBC makes sense as a whole.
using System.Collections.Generic;
using System.Linq;

namespace Pylontech.Can.Dbc;

/// <summary>Checks a parsed DBC for duplicates, overlapping signals, signals past the DLC and impossible definitions.</summary>
internal static class DbcValidator
{
    /// <summary>The largest frame this library describes: a CAN FD frame of 64 bytes.</summary>
    public const int MaxFrameLength = 64;

    public static void Validate(DbcFile file, List<DbcDiagnostic> diagnostics)
    {
        var ids = new Dictionary<(uint, bool), DbcMessage>();
        var names = new Dictionary<string, DbcMessage>();
        foreach (var message in file.Messages)
        {
            if (ids.TryGetValue((message.Id, message.IsExtended), out var first))
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.Duplicate, DbcSeverity.Error,
                    $"message '{message.Name}' has identifier 0x{message.Id:X}, already used by '{first.Name}' at line {first.Location.Line}", message.Location));
            }
            else
            {
                ids[(message.Id, message.IsExtended)] = message;
            }

            if (names.TryGetValue(message.Name, out var sameName))
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.Duplicate, DbcSeverity.Error,
                    $"message name '{message.Name}' is already used at line {sameName.Location.Line}", message.Location));
            }
            else
            {
                names[message.Name] = message;
            }

            if (message.Length > MaxFrameLength)
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.InvalidDefinition, DbcSeverity.Error,
                    $"message '{message.Name}': length {message.Length} is more than {MaxFrameLength} bytes", message.Location));
            }

            ValidateSignals(message, diagnostics);
        }
    }

    private static void ValidateSignals(DbcMessage message, List<DbcDiagnostic> diagnostics)
    {
        var signalNames = new Dictionary<string, DbcSignal>();
        var valid = new List<DbcSignal>();
        foreach (var signal in message.Signals)
        {
            if (signalNames.TryGetValue(signal.Name, out var first))
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.Duplicate, DbcSeverity.Error,
                    $"message '{message.Name}' has two signals named '{signal.Name}' (the first at line {first.Location.Line})", signal.Location));
            }
            else
            {
                signalNames[signal.Name] = signal;
            }

            if (signal.Length < 1 || signal.Length > 64)
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.InvalidDefinition, DbcSeverity.Error,
                    $"signal '{message.Name}.{signal.Name}': length {signal.Length} is not between 1 and 64 bits", signal.Location));
                continue;
            }

            if ((signal.ValueType == DbcValueType.Float32 && signal.Length != 32) || (signal.ValueType == DbcValueType.Float64 && signal.Length != 64))
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.InvalidDefinition, DbcSeverity.Error,
                    $"signal '{message.Name}.{signal.Name}': a {(signal.ValueType == DbcValueType.Float32 ? "float" : "double")} signal must be {(signal.ValueType == DbcValueType.Float32 ? 32 : 64)} bits long, not {signal.Length}", signal.Location));
                continue;
            }

            if (signal.Factor == 0)
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.InvalidDefinition, DbcSeverity.Error,
                    $"signal '{message.Name}.{signal.Name}': factor 0 makes every value the same", signal.Location));
            }

            var highestBit = signal.BitPositions().Max();
            if (highestBit >= message.Length * 8 || signal.BitPositions().Min() < 0)
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.PastLength, DbcSeverity.Error,
                    $"signal '{message.Name}.{signal.Name}' needs {signal.BytesNeeded} bytes but the message is {message.Length} bytes long", signal.Location));
                continue;
            }

            valid.Add(signal);
        }

        for (var i = 0; i < valid.Count; i++)
        {
            var a = valid[i];
            var bitsA = new HashSet<int>(a.BitPositions());
            for (var j = i + 1; j < valid.Count; j++)
            {
                var b = valid[j];
                // Multiplexed signals with different multiplexer values share bits by design.
                if (a.Multiplexer is { } ma && b.Multiplexer is { } mb && ma.StartsWith("m") && mb.StartsWith("m") && ma != mb)
                {
                    continue;
                }

                if (b.BitPositions().Any(bitsA.Contains))
                {
                    diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.Overlap, DbcSeverity.Error,
                        $"signal '{message.Name}.{b.Name}' overlaps '{a.Name}' (line {a.Location.Line}): they share bits", b.Location));
                }
            }
        }
    }
}
