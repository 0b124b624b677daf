using System.Text.Json.Serialization;

namespace Pylontech.Can.Mqtt;

// The device-based discovery message, with Home Assistant's abbreviated keys. Null members are left out, except an
// entity's name: a null name is how Home Assistant is told to use the device name.

internal sealed class DeviceDiscoveryMessage
{
    [JsonPropertyName("dev")]
    public required DeviceBlock Device { get; init; }

    [JsonPropertyName("o")]
    public required OriginBlock Origin { get; init; }

    [JsonPropertyName("avty")]
    public required IReadOnlyList<AvailabilityBlock> Availability { get; init; }

    [JsonPropertyName("avty_mode")]
    public string AvailabilityMode { get; init; } = "all";

    [JsonPropertyName("stat_t")]
    public required string StateTopic { get; init; }

    [JsonPropertyName("qos")]
    public int Qos { get; init; } = 1;

    [JsonPropertyName("cmps")]
    public required IReadOnlyDictionary<string, ComponentBlock> Components { get; init; }
}

internal sealed class DeviceBlock
{
    [JsonPropertyName("ids")]
    public required IReadOnlyList<string> Identifiers { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("mf")]
    public string? Manufacturer { get; init; }

    [JsonPropertyName("mdl")]
    public string? Model { get; init; }

    [JsonPropertyName("sw")]
    public string? SoftwareVersion { get; init; }
}

internal sealed class OriginBlock
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("sw")]
    public string? SoftwareVersion { get; init; }

    [JsonPropertyName("url")]
    public string? SupportUrl { get; init; }
}

internal sealed class AvailabilityBlock
{
    [JsonPropertyName("t")]
    public required string Topic { get; init; }
}

internal sealed class ComponentBlock
{
    [JsonPropertyName("p")]
    public required string Platform { get; init; }

    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Name { get; init; }

    [JsonPropertyName("dev_cla")]
    public string? DeviceClass { get; init; }

    [JsonPropertyName("stat_cla")]
    public string? StateClass { get; init; }

    [JsonPropertyName("unit_of_meas")]
    public string? Unit { get; init; }

    [JsonPropertyName("sug_dsp_prc")]
    public int? SuggestedDisplayPrecision { get; init; }

    [JsonPropertyName("ic")]
    public string? Icon { get; init; }

    [JsonPropertyName("ent_cat")]
    public string? EntityCategory { get; init; }

    [JsonPropertyName("pl_on")]
    public string? PayloadOn { get; init; }

    [JsonPropertyName("pl_off")]
    public string? PayloadOff { get; init; }

    [JsonPropertyName("val_tpl")]
    public required string ValueTemplate { get; init; }

    [JsonPropertyName("uniq_id")]
    public required string UniqueId { get; init; }

    [JsonPropertyName("def_ent_id")]
    public required string DefaultEntityId { get; init; }

    [JsonPropertyName("exp_aft")]
    public int? ExpireAfter { get; init; }
}

[JsonSerializable(typeof(DeviceDiscoveryMessage))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class DiscoveryJsonContext : JsonSerializerContext;
