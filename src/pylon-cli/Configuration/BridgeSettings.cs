using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Pylontech.Cli.Configuration;

/// <summary>The bridge's settings, in one table: flags, environment variables and config-file keys are derived from it.</summary>
internal sealed class BridgeSettings
{
    /// <summary>Where the config file is looked for when --config is not given.</summary>
    public const string DefaultConfigFile = "/etc/pylon-cli/config.json";

    private static readonly string[] True = ["true", "1", "yes", "on"];
    private static readonly string[] False = ["false", "0", "no", "off"];

    public BridgeSettings()
    {
        All =
        [
            new("--interface", "Read frames from this SocketCAN interface (e.g. can0).", (c, v) => SetSource(c, v, replay: false), c => c.IsReplay ? null : c.Source),
            new("--replay", "Replay this candump log instead of reading an interface (see --speed, --loop).", (c, v) => SetSource(c, v, replay: true), c => c.IsReplay ? c.Source : null),
            new("--speed", "Replay speed: 1 = real time, 10 = ten times faster, 0 = as fast as possible.", (c, v) => Number(v, 0, 1e6, x => c.Speed = x), c => c.Speed.ToString(CultureInfo.InvariantCulture)),
            new("--loop", "Replay the log again and again.", (c, v) => Bool(v, x => c.Loop = x), c => c.Loop ? "true" : "false", isSwitch: true),
            new("--mqtt", "The MQTT broker: HOST, HOST:PORT, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] (TLS).", SetBroker, c => $"{(c.Mqtt.UseTls ? "mqtts" : "mqtt")}://{c.Mqtt.Host}:{c.Mqtt.EffectivePort}"),
            new("--username", "MQTT user name.", (c, v) => { c.Mqtt.Username = v; return null; }, c => c.Mqtt.Username),
            new Setting("--password", "MQTT password: only from the environment (PYLON_MQTT_PASSWORD) or --password-file, never on the command line.", (c, v) => { c.Mqtt.Password = v; return null; }, c => c.Mqtt.Password, secret: true, onCommandLine: false).WithEnvironment("PYLON_MQTT_PASSWORD"),
            new("--password-file", "Read the MQTT password from this file (its first line).", ReadPasswordFile, _ => null),
            new("--ca-file", "Trust this CA certificate (PEM) for mqtts://.", (c, v) => ExistingFile(v, x => c.Mqtt.CaFile = x), c => c.Mqtt.CaFile),
            new("--client-cert", "Client certificate (PEM) for mqtts://.", (c, v) => ExistingFile(v, x => c.Mqtt.ClientCertificateFile = x), c => c.Mqtt.ClientCertificateFile),
            new("--client-key", "Private key (PEM) of the client certificate.", (c, v) => ExistingFile(v, x => c.Mqtt.ClientKeyFile = x), c => c.Mqtt.ClientKeyFile),
            new("--client-id", "MQTT client id (default pylontech-DEVICE_ID).", (c, v) => { c.Mqtt.ClientId = v; return null; }, c => c.Mqtt.EffectiveClientId),
            new("--keep-alive", "MQTT keep-alive period.", (c, v) => Duration(v, x => c.Mqtt.KeepAlive = x), c => Durations.Format(c.Mqtt.KeepAlive)),
            new("--discovery-prefix", "Home Assistant's discovery prefix.", (c, v) => { c.Mqtt.DiscoveryPrefix = v; return null; }, c => c.Mqtt.DiscoveryPrefix),
            new("--device-id", "The battery stack's id in Home Assistant (letters, digits, _ and -); default: the interface or log name.", SetDeviceId, c => c.Mqtt.DeviceId),
            new("--device-name", "The device's name in Home Assistant (default \"Pylontech DEVICE_ID\").", (c, v) => { c.Mqtt.DeviceName = v; return null; }, c => c.Mqtt.EffectiveDeviceName),
            new("--base-topic", "Where state and availability are published (default pylontech/DEVICE_ID).", (c, v) => { c.Mqtt.BaseTopic = v; return null; }, c => c.Mqtt.BaseTopic ?? $"pylontech/{c.Mqtt.DeviceId}"),
            new("--interval", "Publish the state at most this often (changes of problem and enable flags go out at once).", (c, v) => Duration(v, x => c.Mqtt.Interval = x, positive: true), c => Durations.Format(c.Mqtt.Interval)),
            new("--deadband", "Publish a value again only when it moved this much, e.g. voltage=0.05,current=0.2.", SetDeadbands, c => string.Join(',', c.Mqtt.Deadbands.Select(d => $"{d.Key}={d.Value.ToString(CultureInfo.InvariantCulture)}"))),
            new("--stale-after", "Mark the battery unavailable in Home Assistant when no frame came for this long.", (c, v) => Duration(v, x => c.Mqtt.StaleAfter = x, positive: true), c => Durations.Format(c.Mqtt.StaleAfter)),
            new("--state-dir", "Keep the energy counters here, so Home Assistant never sees them reset (e.g. /var/lib/pylon-cli).", (c, v) => { c.Mqtt.StateDirectory = v; return null; }, c => c.Mqtt.StateDirectory),
            new("--capacity-wh", "The stack's capacity in Wh, when the battery does not send it (0x379/0x35F).", (c, v) => Number(v, 1, 1e9, x => c.Mqtt.Battery.CapacityWh = x), c => c.Mqtt.Battery.CapacityWh?.ToString(CultureInfo.InvariantCulture)),
            new("--module-wh", "Capacity of one module in Wh (capacity = modules x this), when --capacity-wh is not given; a US5000 has 4800.", (c, v) => Number(v, 1, 1e9, x => c.Mqtt.Battery.ModuleWh = x), c => c.Mqtt.Battery.ModuleWh?.ToString(CultureInfo.InvariantCulture)),
            new("--log-level", "trace, debug, information, warning, error or none.", SetLogLevel, c => c.LogLevel.ToString().ToLowerInvariant()),
        ];
    }

    public IReadOnlyList<Setting> All { get; }

    public Option<FileInfo?> ConfigFile { get; } = new("--config")
    {
        Description = $"Read settings from this JSON file (default {DefaultConfigFile} when it exists). Flags beat PYLON_* environment variables, which beat the file.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConfigFile);
        foreach (var setting in All)
        {
            if (setting.Option is { } option)
            {
                command.Options.Add(option);
                option.Validators.Add(result =>
                {
                    if (result.Tokens.Count > 0 && setting.Apply(new BridgeConfig(), result.Tokens[0].Value) is { } problem)
                    {
                        result.AddError($"{setting.Flag}: {problem}");
                    }
                });
            }
        }
    }

    /// <summary>
    /// Resolves the configuration: defaults, then the file, then the environment, then the flags.
    /// Returns the problems (one line each, naming where the bad value came from) and where each value came from.
    /// </summary>
    public (BridgeConfig Config, IReadOnlyList<string> Problems, IReadOnlyDictionary<Setting, SettingOrigin> Origins) Resolve(
        ParseResult parse, Func<string, string?> environment, string? positionalSource = null)
    {
        var config = new BridgeConfig();
        var problems = new List<string>();
        var origins = All.ToDictionary(s => s, _ => SettingOrigin.Default);

        var file = parse.GetValue(ConfigFile)?.FullName ?? environment("PYLON_CONFIG") ?? (File.Exists(DefaultConfigFile) ? DefaultConfigFile : null);
        if (file is not null)
        {
            foreach (var (key, value) in ReadFile(file, problems))
            {
                var setting = All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
                if (setting is null)
                {
                    problems.Add($"{file}: unknown setting '{key}' (known: {string.Join(", ", All.Select(s => s.Key))})");
                }
                else if (setting.Apply(config, value) is { } problem)
                {
                    problems.Add($"{file}: {setting.Key}: {problem}");
                }
                else
                {
                    origins[setting] = SettingOrigin.File;
                }
            }
        }

        foreach (var setting in All)
        {
            if (environment(setting.EnvironmentName) is { Length: > 0 } value)
            {
                if (setting.Apply(config, value) is { } problem)
                {
                    problems.Add($"{setting.EnvironmentName}: {problem}");
                }
                else
                {
                    origins[setting] = SettingOrigin.Environment;
                }
            }
        }

        foreach (var setting in All)
        {
            if (setting.Option is { } option && parse.GetResult(option) is { Implicit: false } &&
                (parse.GetValue(option) ?? (setting.IsSwitch ? "true" : null)) is { } value)
            {
                setting.Apply(config, value);
                origins[setting] = SettingOrigin.CommandLine;
            }
        }

        if (positionalSource is not null)
        {
            SetSource(config, positionalSource, replay: positionalSource != "-" && File.Exists(positionalSource));
            origins[All[0]] = SettingOrigin.CommandLine;
        }

        if (origins[All.Single(s => s.Flag == "--device-id")] == SettingOrigin.Default && config.Source is { } source)
        {
            SetDeviceId(config, DeviceIdFrom(source));
        }

        return (config, problems, origins);
    }

    /// <summary>A device id from a source name: <c>can0</c> → <c>can0</c>, <c>logs/stack A.log</c> → <c>stack_a</c>, <c>-</c> → <c>stdin</c>.</summary>
    public static string DeviceIdFrom(string source)
    {
        if (source == "-")
        {
            return "stdin";
        }

        var name = Path.GetFileName(source);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        name = dot > 0 ? name[..dot] : name;
        var id = new string(name.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' ? ch : '_').ToArray());
        return id.Length == 0 ? "stack1" : id;
    }

    private static IEnumerable<(string Key, string Value)> ReadFile(string path, List<string> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{path}: cannot read the config file: {e.Message}");
            return [];
        }
        catch (JsonException e)
        {
            problems.Add($"{path}({(e.LineNumber ?? 0) + 1},{(e.BytePositionInLine ?? 0) + 1}): not valid JSON: {e.Message.Split(" Path:")[0]}");
            return [];
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}: the config file must be a JSON object of settings, e.g. {{\"mqtt\": \"192.168.1.10\"}}");
                return [];
            }

            var values = new List<(string, string)>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values.Add((property.Name, property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Object => string.Join(',', property.Value.EnumerateObject().Select(p => $"{p.Name}={p.Value}")),
                    _ => property.Value.ToString(),
                }));
            }

            return values;
        }
    }

    private static string? SetSource(BridgeConfig config, string value, bool replay)
    {
        config.Source = value;
        config.IsReplay = replay;
        return null;
    }

    private static string? SetBroker(BridgeConfig config, string value)
    {
        var text = value.Trim();
        var tls = false;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts" or "tcp" or "ssl") || uri.Host.Length == 0)
            {
                return $"'{value}' is not a broker address; use HOST, HOST:PORT, mqtt://HOST:PORT or mqtts://HOST:PORT";
            }

            tls = uri.Scheme is "mqtts" or "ssl";
            config.Mqtt.Host = uri.Host.Trim('[', ']');
            config.Mqtt.Port = uri.IsDefaultPort || uri.Port < 0 ? null : uri.Port;
            if (uri.UserInfo.Length > 0)
            {
                config.Mqtt.Username = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            var host = text;
            int? port = null;
            if (colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon)
            {
                if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                {
                    return $"'{text[(colon + 1)..]}' is not a port number (1-65535)";
                }

                host = text[..colon];
                port = p;
            }

            if (host.Length == 0 || host.Any(char.IsWhiteSpace))
            {
                return $"'{value}' is not a broker host name or address";
            }

            config.Mqtt.Host = host.Trim('[', ']');
            config.Mqtt.Port = port;
        }

        config.Mqtt.UseTls = tls;
        return null;
    }

    private static string? ReadPasswordFile(BridgeConfig config, string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            config.Mqtt.Password = reader.ReadLine() ?? "";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read the password file {path}: {e.Message}";
        }
    }

    private static string? SetDeviceId(BridgeConfig config, string value)
    {
        if (value.Length == 0 || !value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-'))
        {
            return $"'{value}' is not a device id: use letters, digits, _ and - only (Home Assistant's rule for discovery topics)";
        }

        config.Mqtt.DeviceId = value;
        return null;
    }

    private static string? SetDeadbands(BridgeConfig config, string value)
    {
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length == 0 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var band) || band < 0)
            {
                return $"'{part}' is not KEY=AMOUNT (e.g. voltage=0.05)";
            }

            config.Mqtt.Deadbands[pair[0]] = band;
        }

        return null;
    }

    private static string? SetLogLevel(BridgeConfig config, string value)
    {
        if (!Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) || !Enum.IsDefined(level) || int.TryParse(value, out _))
        {
            return $"'{value}' is not a log level (trace, debug, information, warning, error, none)";
        }

        config.LogLevel = level;
        return null;
    }

    private static string? Duration(string value, Action<TimeSpan> set, bool positive = false)
    {
        if (!Durations.TryParse(value, out var duration) || (positive && duration <= TimeSpan.Zero))
        {
            return $"'{value}' is not a{(positive ? " positive" : "")} duration (e.g. 5s, 500ms, 2m)";
        }

        set(duration);
        return null;
    }

    private static string? Number(string value, double min, double max, Action<double> set)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            return $"'{value}' is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        }

        set(number);
        return null;
    }

    private static string? Bool(string value, Action<bool> set)
    {
        if (True.Contains(value.Trim().ToLowerInvariant()))
        {
            set(true);
        }
        else if (False.Contains(value.Trim().ToLowerInvariant()))
        {
            set(false);
        }
        else
        {
            return $"'{value}' is not true or false";
        }

        return null;
    }

    private static string? ExistingFile(string value, Action<string> set)
    {
        if (!File.Exists(value))
        {
            return $"{value}: no such file";
        }

        set(value);
        return null;
    }
}
