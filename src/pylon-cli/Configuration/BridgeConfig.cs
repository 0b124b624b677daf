using Microsoft.Extensions.Logging;
using Pylontech.Can.Mqtt;

namespace Pylontech.Cli.Configuration;

/// <summary>Everything <c>pylon-cli bridge</c> runs with, resolved from flags, environment and the config file.</summary>
internal sealed class BridgeConfig
{
    public BridgeOptions Mqtt { get; } = new() { OriginName = "pylon-cli" };

    /// <summary>The source: a CAN interface, a log file, or <c>-</c> for standard input.</summary>
    public string? Source { get; set; }

    /// <summary>Whether <see cref="Source"/> was given as a log to replay (as opposed to a live interface or pipe).</summary>
    public bool IsReplay { get; set; }

    public double Speed { get; set; }

    public bool Loop { get; set; }

    public LogLevel LogLevel { get; set; } = LogLevel.Information;
}
