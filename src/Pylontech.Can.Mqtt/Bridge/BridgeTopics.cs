namespace Pylontech.Can.Mqtt;

/// <summary>
/// The MQTT topics of one battery stack. Everything a stack publishes is under its own base topic or its own discovery
/// topic, so several bridges with distinct device ids never share a topic.
/// </summary>
public sealed class BridgeTopics
{
    /// <summary>Derives the topics from the options.</summary>
    /// <param name="options">The options.</param>
    public BridgeTopics(BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        NodeId = "pylontech_" + options.DeviceId;
        BaseTopic = options.BaseTopic ?? "pylontech/" + options.DeviceId;
        DeviceConfig = $"{options.DiscoveryPrefix}/device/{NodeId}/config";
        HomeAssistantStatus = options.DiscoveryPrefix + "/status";
        State = BaseTopic + "/state";
        BridgeAvailability = BaseTopic + "/bridge";
        DataAvailability = BaseTopic + "/availability";
    }

    /// <summary>The object id in the discovery topic, the device identifier and the prefix of every unique id: <c>pylontech_&lt;device id&gt;</c>.</summary>
    public string NodeId { get; }

    /// <summary>The base topic, e.g. <c>pylontech/stack1</c>.</summary>
    public string BaseTopic { get; }

    /// <summary>The retained device discovery message: <c>&lt;prefix&gt;/device/pylontech_&lt;device id&gt;/config</c>.</summary>
    public string DeviceConfig { get; }

    /// <summary>Home Assistant's birth and will topic: <c>&lt;prefix&gt;/status</c>.</summary>
    public string HomeAssistantStatus { get; }

    /// <summary>The retained state message (one JSON object): <c>&lt;base&gt;/state</c>.</summary>
    public string State { get; }

    /// <summary>The bridge's own availability, <c>online</c>/<c>offline</c>, retained, with <c>offline</c> as its last will: <c>&lt;base&gt;/bridge</c>.</summary>
    public string BridgeAvailability { get; }

    /// <summary>The freshness of the battery data, <c>online</c>/<c>offline</c>, retained: <c>&lt;base&gt;/availability</c>.</summary>
    public string DataAvailability { get; }

    /// <summary>Every retained topic the bridge publishes.</summary>
    public IReadOnlyList<string> Retained => [DeviceConfig, State, BridgeAvailability, DataAvailability];

    /// <summary>The unique id of an entity: <c>pylontech_&lt;device id&gt;_&lt;key&gt;</c>.</summary>
    /// <param name="key">The entity key.</param>
    /// <returns>The unique id.</returns>
    public string UniqueId(string key) => NodeId + "_" + key;
}
