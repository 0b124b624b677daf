using System.CommandLine;
using System.Text;
using Pylontech.Cli.Configuration;

namespace Pylontech.Cli.Commands;

/// <summary><c>pylon-cli config --print</c>: the bridge's effective settings and where each came from.</summary>
internal sealed class ConfigCommand : Command
{
    public ConfigCommand()
        : base("config", "Show the settings 'pylon-cli bridge' would run with: flags beat PYLON_* environment variables, which beat the config file " +
                         $"(--config FILE, default {BridgeSettings.DefaultConfigFile}). Secrets are masked.\n" +
                         "Example: PYLON_MQTT=broker.lan pylon-cli config --print --interface can0")
    {
        Options.Add(Print);
        Settings.AddTo(this);
        SetAction(RunAsync);
    }

    public BridgeSettings Settings { get; } = new();

    public Option<bool> Print { get; } = new("--print") { Description = "Print the effective configuration (the default action)." };

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var (config, problems, origins) = Settings.Resolve(parse, Environment.GetEnvironmentVariable);
        var text = new StringBuilder();
        foreach (var setting in Settings.All)
        {
            var value = setting.Show(config);
            var shown = value is null ? "(not set)" : setting.Secret ? "********" : value;
            var origin = origins[setting] switch
            {
                SettingOrigin.CommandLine => setting.Flag,
                SettingOrigin.Environment => setting.EnvironmentName,
                SettingOrigin.File => "config file",
                _ => "default",
            };
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{setting.Key,-16} {shown,-40} ({origin})\n");
        }

        await Console.Out.WriteAsync(text.ToString());
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"pylon-cli config: {problem}");
        }

        return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Usage;
    }
}
