using System.Text.Json;

namespace Pylontech.Can.Mqtt;

/// <summary>The values of every entity at one instant, and the state message built from them.</summary>
public sealed class StateSnapshot
{
    private readonly double?[] _values;
    private readonly bool[] _present;

    /// <summary>Creates an empty snapshot for a list of entities.</summary>
    /// <param name="entities">The entities, e.g. <see cref="EntityTable.All"/>.</param>
    public StateSnapshot(IReadOnlyList<EntityDefinition> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        Entities = entities;
        _values = new double?[entities.Count];
        _present = new bool[entities.Count];
    }

    /// <summary>The entities, in value order.</summary>
    public IReadOnlyList<EntityDefinition> Entities { get; }

    /// <summary>The values, in entity order; null when unknown or not sent by the battery.</summary>
    public ReadOnlySpan<double?> Values => _values;

    /// <summary>Reads every entity's value from the state.</summary>
    /// <param name="state">The battery state.</param>
    /// <param name="context">The time and bridge measurements.</param>
    public void Capture(BatteryState state, EntityReadContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        for (var i = 0; i < Entities.Count; i++)
        {
            _present[i] = Entities[i].IsAvailableIn(state);
            _values[i] = _present[i] ? Entities[i].ValueIn(state, context) : null;
        }
    }

    /// <summary>The value of one entity.</summary>
    /// <param name="key">The entity key.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="KeyNotFoundException">No such entity.</exception>
    public double? this[string key]
    {
        get
        {
            for (var i = 0; i < Entities.Count; i++)
            {
                if (Entities[i].Key == key)
                {
                    return _values[i];
                }
            }

            throw new KeyNotFoundException($"no entity '{key}'");
        }
    }

    /// <summary>
    /// The state message: one JSON object with a member per present entity, named by its key; numbers rounded to the
    /// entity's precision, binary sensors 1 or 0, unknown values <c>null</c> (Home Assistant shows them as unknown).
    /// </summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < Entities.Count; i++)
            {
                if (!_present[i])
                {
                    continue;
                }

                if (_values[i] is { } value)
                {
                    writer.WriteNumber(Entities[i].Key, value);
                }
                else
                {
                    writer.WriteNull(Entities[i].Key);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
