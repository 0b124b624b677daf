using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pylontech.Can.Mqtt;

/// <summary>
/// Builds Home Assistant's device-based discovery message for one battery stack from the <see cref="EntityTable"/>:
/// one component per entity whose data the battery has actually sent.
/// </summary>
/// <remarks>Pure: the same state and options always give the same bytes.</remarks>
public sealed class HomeAssistantDiscovery
{
    private static readonly JsonSerializerOptions Json = new(DiscoveryJsonContext.Default.Options)
    {
        // "°C" and "×" stay readable; the payload is UTF-8 JSON, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly BridgeOptions _options;
    private readonly IReadOnlyList<EntityDefinition> _entities;

    /// <summary>Creates the builder.</summary>
    /// <param name="options">The bridge options (device id, names, prefix, rates).</param>
    /// <param name="entities">The entities to consider; null for <see cref="EntityTable.All"/>.</param>
    public HomeAssistantDiscovery(BridgeOptions options, IReadOnlyList<EntityDefinition>? entities = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _entities = entities ?? EntityTable.All;
        Topics = new BridgeTopics(options);
    }

    /// <summary>The version of this library, as sent in the origin block.</summary>
    public static string LibraryVersion { get; } = ReadVersion();

    /// <summary>The topics of the stack.</summary>
    public BridgeTopics Topics { get; }

    /// <summary>The entities whose data the battery has sent, in table order.</summary>
    /// <param name="state">The battery state.</param>
    /// <returns>The entities to announce.</returns>
    public IReadOnlyList<EntityDefinition> PresentEntities(BatteryState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _entities.Where(e => e.IsAvailableIn(state)).ToList();
    }

    /// <summary>The discovery message for <see cref="BridgeTopics.DeviceConfig"/>, UTF-8 JSON.</summary>
    /// <param name="state">The battery state: which entities exist, manufacturer, model and firmware.</param>
    /// <returns>The payload.</returns>
    public byte[] BuildDeviceConfig(BatteryState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var expireAfter = (int)Math.Ceiling(_options.ExpireAfter.TotalSeconds);
        var components = new Dictionary<string, ComponentBlock>(StringComparer.Ordinal);
        foreach (var entity in PresentEntities(state))
        {
            var binary = entity.Platform == EntityPlatform.BinarySensor;
            var domain = binary ? "binary_sensor" : "sensor";
            components[entity.Key] = new ComponentBlock
            {
                Platform = domain,
                Name = entity.Name,
                DeviceClass = entity.DeviceClass,
                StateClass = binary ? null : entity.StateClass,
                Unit = binary ? null : entity.Unit,
                SuggestedDisplayPrecision = binary ? null : entity.Precision,
                Icon = entity.Icon,
                EntityCategory = entity.IsDiagnostic ? "diagnostic" : null,
                PayloadOn = binary ? "1" : null,
                PayloadOff = binary ? "0" : null,
                ValueTemplate = "{{ value_json." + entity.Key + " }}",
                UniqueId = Topics.UniqueId(entity.Key),
                DefaultEntityId = domain + "." + Topics.UniqueId(entity.Key),
                ExpireAfter = entity.Expires ? expireAfter : null,
            };
        }

        var message = new DeviceDiscoveryMessage
        {
            Device = new DeviceBlock
            {
                Identifiers = [Topics.NodeId],
                Name = _options.EffectiveDeviceName,
                Manufacturer = state.Manufacturer is { Length: > 0 } manufacturer ? manufacturer : null,
                Model = Model(state),
                SoftwareVersion = state.FirmwareVersion,
            },
            Origin = new OriginBlock { Name = _options.OriginName, SoftwareVersion = LibraryVersion, SupportUrl = _options.OriginUrl.ToString() },
            Availability = [new AvailabilityBlock { Topic = Topics.BridgeAvailability }, new AvailabilityBlock { Topic = Topics.DataAvailability }],
            StateTopic = Topics.State,
            Components = components,
        };
        return JsonSerializer.SerializeToUtf8Bytes(message, Json.GetTypeInfo(typeof(DeviceDiscoveryMessage)));
    }

    private static string Model(BatteryState state)
    {
        var model = state.IsNewFirmware ? "Pylon LV CAN (SMA/Victron frames)" : "Pylon LV CAN";
        return state.BatteryType is { Length: > 0 } type ? $"{model}, type {type}" : model;
    }

    private static string ReadVersion()
    {
        var version = typeof(HomeAssistantDiscovery).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
