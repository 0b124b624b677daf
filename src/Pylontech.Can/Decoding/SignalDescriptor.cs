using Pylontech.Can.Dbc;

namespace Pylontech.Can.Decoding;

/// <summary>What a decoder knows about one signal, for formatting its values: name, unit, comment, kind and value names.</summary>
public sealed class SignalDescriptor
{
    private readonly Dictionary<long, string> _valueNames;

    internal SignalDescriptor(MessageDescriptor message, DbcSignal definition, int index)
    {
        Message = message;
        Definition = definition;
        Index = index;
        Kind = KindOf(definition);
        _valueNames = new Dictionary<long, string>();
        foreach (var description in definition.ValueDescriptions)
        {
            _valueNames.TryAdd(description.Value, description.Name);
        }

        Layout = SignalLayout.For(definition, Kind);
    }

    /// <summary>The message the signal belongs to.</summary>
    public MessageDescriptor Message { get; }

    /// <summary>The signal as the DBC defines it (bit layout, scale, range, receivers, attributes).</summary>
    public DbcSignal Definition { get; }

    /// <summary>The signal's position in <see cref="MessageDescriptor.Signals"/> and in the values a decode writes.</summary>
    public int Index { get; }

    /// <summary>The signal's name as written in the DBC, e.g. <c>BatteryVoltage</c>.</summary>
    public string Name => Definition.Name;

    /// <summary>The unit, e.g. <c>V</c>; empty when none.</summary>
    public string Unit => Definition.Unit;

    /// <summary>The DBC's comment (<c>CM_ SG_</c>), if any.</summary>
    public string? Comment => Definition.Comment;

    /// <summary>Number, flag, named value, text or floating point.</summary>
    public SignalKind Kind { get; }

    /// <summary>The named raw values (<c>VAL_</c>) in file order; empty when none.</summary>
    public IReadOnlyList<DbcValueDescription> ValueDescriptions => Definition.ValueDescriptions;

    /// <summary>
    /// How many data bytes a frame must carry for the signal to be present (for text, up to its first byte); 
    /// <see cref="int.MaxValue"/> for a signal this decoder cannot read (an impossible length, or bits past 64 bytes).
    /// </summary>
    public int MinimumDataLength => Layout.MinLength;

    internal SignalLayout Layout { get; }

    /// <summary>
    /// The decimal places of the signal's resolution (factor 0.01 → 2, factor 1 → 0), for showing values the way
    /// the battery measures them (27 A at 0.1 A resolution as <c>27.0</c>); null for floating-point signals and
    /// factors that are not decimal.
    /// </summary>
    public int? DecimalPlaces
    {
        get
        {
            if (Kind is SignalKind.Float32 or SignalKind.Float64 || !Layout.Scale.IsExact)
            {
                return null;
            }

            var places = 0;
            for (var divisor = Layout.Scale.Divisor; divisor > 1; divisor /= 10)
            {
                places++;
            }

            return places;
        }
    }

    /// <summary>The name the DBC gives a raw value (<c>VAL_</c>).</summary>
    /// <param name="rawValue">The raw value (sign-extended for signed signals).</param>
    /// <returns>The name, or null when the value has none.</returns>
    public string? FindValueName(long rawValue) => _valueNames.TryGetValue(rawValue, out var name) ? name : null;

    /// <inheritdoc />
    public override string ToString() => $"{Message.Name}.{Name}";

    private static SignalKind KindOf(DbcSignal signal) =>
        signal.Encoding == DbcSignalEncoding.Ascii ? SignalKind.Text
        : signal.ValueType == DbcValueType.Float32 ? SignalKind.Float32
        : signal.ValueType == DbcValueType.Float64 ? SignalKind.Float64
        : signal.IsFlag ? SignalKind.Flag
        : signal.ValueDescriptions.Count > 0 ? SignalKind.Enum
        : SignalKind.Number;
}
