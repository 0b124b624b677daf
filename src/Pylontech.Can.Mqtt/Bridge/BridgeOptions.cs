using System.Text.RegularExpressions;

namespace Pylontech.Can.Mqtt;

/// <summary>Everything a <see cref="PylontechMqttBridge"/> needs: broker, identity, topics, rates and energy options.</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Password"/>.</remarks>
public sealed partial class BridgeOptions
{
    /// <summary>The broker's host name or address. Default <c>localhost</c>.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The broker's port; null for 1883, or 8883 with <see cref="UseTls"/>.</summary>
    public int? Port { get; set; }

    /// <summary>Whether to connect with TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>A PEM file of the certificate authority that signed the broker's certificate; null to trust the system's store.</summary>
    public string? CaFile { get; set; }

    /// <summary>A PEM client certificate for brokers that ask for one; null for none.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="ClientCertificateFile"/>; null when the certificate file holds the key.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>The user name, or null to connect anonymously.</summary>
    public string? Username { get; set; }

    /// <summary>The password. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The MQTT client id; null for <c>pylontech-&lt;device id&gt;</c>. Two clients with one id throw each other off the broker.</summary>
    public string? ClientId { get; set; }

    /// <summary>The MQTT keep-alive period. Default 30 s.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Home Assistant's discovery prefix. Default <c>homeassistant</c>.</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>The id of the battery stack: letters, digits, <c>_</c> and <c>-</c>, unique per stack. Default <c>stack1</c>.</summary>
    public string DeviceId { get; set; } = "stack1";

    /// <summary>The device name shown in Home Assistant; null for <c>Pylontech &lt;device id&gt;</c>.</summary>
    public string? DeviceName { get; set; }

    /// <summary>The topic under which state and availability are published; null for <c>pylontech/&lt;device id&gt;</c>.</summary>
    public string? BaseTopic { get; set; }

    /// <summary>The name of the publishing application in Home Assistant's discovery log. Default <c>Pylontech.Can</c>.</summary>
    public string OriginName { get; set; } = "Pylontech.Can";

    /// <summary>The support URL of the publishing application.</summary>
    public Uri OriginUrl { get; set; } = new("https://github.com/pylontech-can/Pylontech.Can");

    /// <summary>The regular state interval: values are republished at most this often unless a flag changes. Default 5 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Unchanged values are republished after this long anyway. Default 60 s.</summary>
    public TimeSpan RepublishAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Per-entity deadbands by <see cref="EntityDefinition.Key"/> (e.g. <c>power</c> → 20): a change smaller than this
    /// is not worth a state message before <see cref="RepublishAfter"/>. Entities not listed use their default.
    /// </summary>
    public IDictionary<string, double> Deadbands { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>With no frame from the battery for this long the device goes unavailable. Default 30 s.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the energy counters are kept across restarts; null for none (counters restart at zero).</summary>
    public string? StateDirectory { get; set; }

    /// <summary>How often the energy counters are saved. Default 60 s; they are also saved on shutdown.</summary>
    public TimeSpan SaveEnergyEvery { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Capacity and energy integration options.</summary>
    public BatteryStateOptions Battery { get; } = new();

    /// <summary>The first wait before reconnecting to the broker; it doubles up to <see cref="MaxReconnectDelay"/>. Default 1 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnection attempts. Default 60 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after Home Assistant announces itself online the discovery and state are republished. Default 2 s.</summary>
    public TimeSpan BirthRepublishDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The broker port in use.</summary>
    public int EffectivePort => Port ?? (UseTls ? 8883 : 1883);

    /// <summary>The MQTT client id in use.</summary>
    public string EffectiveClientId => ClientId ?? "pylontech-" + DeviceId;

    /// <summary>The device name in use.</summary>
    public string EffectiveDeviceName => DeviceName ?? "Pylontech " + DeviceId;

    /// <summary>How long Home Assistant keeps a value without a state message before marking it unavailable.</summary>
    public TimeSpan ExpireAfter => (RepublishAfter * 2) + Interval;

    /// <summary>Problems with these options, one line each; empty when they can be used.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!TopicId().IsMatch(DeviceId ?? ""))
        {
            errors.Add($"device id '{DeviceId}': use letters, digits, '_' and '-' only (Home Assistant rejects other characters in discovery topics)");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add("host: empty");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"port {Port}: not between 1 and 65535");
        }

        if (string.IsNullOrEmpty(DiscoveryPrefix) || DiscoveryPrefix.IndexOfAny(['#', '+']) >= 0 || DiscoveryPrefix.EndsWith('/'))
        {
            errors.Add($"discovery prefix '{DiscoveryPrefix}': must be a topic without wildcards or a trailing '/'");
        }

        if (BaseTopic is not null && (BaseTopic.Length == 0 || BaseTopic.IndexOfAny(['#', '+']) >= 0 || BaseTopic.EndsWith('/')))
        {
            errors.Add($"base topic '{BaseTopic}': must be a topic without wildcards or a trailing '/'");
        }

        if (Interval <= TimeSpan.Zero || RepublishAfter < Interval)
        {
            errors.Add($"interval {Interval} / republish-after {RepublishAfter}: the interval must be positive and not longer than republish-after");
        }

        if (StaleAfter <= TimeSpan.Zero)
        {
            errors.Add($"stale-after {StaleAfter}: must be positive");
        }

        foreach (var file in new[] { CaFile, ClientCertificateFile, ClientKeyFile })
        {
            if (file is not null && !File.Exists(file))
            {
                errors.Add($"{file}: no such file");
            }
        }

        if (ClientKeyFile is not null && ClientCertificateFile is null)
        {
            errors.Add("client key given without a client certificate");
        }

        foreach (var key in Deadbands.Keys.Where(k => EntityTable.All.All(e => e.Key != k)))
        {
            errors.Add($"deadband '{key}': no such entity (known: {string.Join(", ", EntityTable.All.Select(e => e.Key))})");
        }

        return errors;
    }

    /// <summary>The options without the password.</summary>
    public override string ToString() =>
        $"mqtt{(UseTls ? "s" : "")}://{(Username is null ? "" : Username + (Password is null ? "" : ":***") + "@")}{Host}:{EffectivePort} " +
        $"client {EffectiveClientId}, device {DeviceId}, prefix {DiscoveryPrefix}, interval {Interval.TotalSeconds} s, stale after {StaleAfter.TotalSeconds} s";

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TopicId();
}
