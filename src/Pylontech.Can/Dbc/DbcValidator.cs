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

            var positions = signal.BitPositions().ToList();
            if (positions.Max() >= (long)message.Length * 8 || positions.Min() < 0)
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.PastLength, DbcSeverity.Error,
                    $"signal '{message.Name}.{signal.Name}' needs {signal.BytesNeeded} bytes but the message is {message.Length} bytes long", signal.Location));
                continue;
            }

            if (positions.Max() < MaxFrameLength * 8)
            {
                valid.Add(signal);
            }
        }

        var switches = message.Signals.Count(s => s.Multiplexer == "M");
        foreach (var signal in message.Signals.Where(s => s.MultiplexerValue is not null))
        {
            if (switches != 1)
            {
                diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.InvalidDefinition, DbcSeverity.Error,
                    $"signal '{message.Name}.{signal.Name}' is multiplexed ({signal.Multiplexer}) but the message has {(switches == 0 ? "no" : "more than one")} multiplexer switch 'M'", signal.Location));
                break;
            }
        }

        // Each signal's bits as a 64-bit mask per 8 bytes of the frame.
        var masks = valid.Select(BitMask).ToList();
        for (var i = 0; i < valid.Count; i++)
        {
            var a = valid[i];
            for (var j = i + 1; j < valid.Count; j++)
            {
                var b = valid[j];
                // Signals sent for different values of the multiplexer share bits by design.
                if (a.MultiplexerValue is { } va && b.MultiplexerValue is { } vb && va != vb)
                {
                    continue;
                }

                if (Overlaps(masks[i], masks[j]))
                {
                    diagnostics.Add(new DbcDiagnostic(DbcDiagnostics.Overlap, DbcSeverity.Error,
                        $"signal '{message.Name}.{b.Name}' overlaps '{a.Name}' (line {a.Location.Line}): they share bits", b.Location));
                }
            }
        }
    }

    private static ulong[] BitMask(DbcSignal signal)
    {
        var mask = new ulong[MaxFrameLength / 8];
        foreach (var position in signal.BitPositions())
        {
            mask[position / 64] |= 1UL << (position % 64);
        }

        return mask;
    }

    private static bool Overlaps(ulong[] a, ulong[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if ((a[i] & b[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
