using System.CommandLine;

namespace Pylontech.Cli.Configuration;

/// <summary>Where a setting's value came from.</summary>
internal enum SettingOrigin
{
    Default,
    File,
    Environment,
    CommandLine,
}

/// <summary>
/// One setting of the bridge, known by three names: a command-line flag (<c>--stale-after</c>), an environment
/// variable (<c>PYLON_STALE_AFTER</c>) and a config-file key (<c>staleAfter</c>). A flag beats the environment, which
/// beats the file.
/// </summary>
internal sealed class Setting
{
    public Setting(string flag, string description, Func<BridgeConfig, string, string?> apply, Func<BridgeConfig, string?> show, bool secret = false, bool onCommandLine = true, bool isSwitch = false)
    {
        IsSwitch = isSwitch;
        Flag = flag;
        Description = description;
        Apply = apply;
        Show = show;
        Secret = secret;
        var words = flag.TrimStart('-').Split('-');
        Environment = "PYLON_" + string.Join('_', words).ToUpperInvariant();
        Key = words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        Option = onCommandLine ? new Option<string?>(flag) { Description = description } : null;
        if (isSwitch && Option is not null)
        {
            Option.Arity = ArgumentArity.ZeroOrOne;
            Option.HelpName = "true|false";
        }
    }

    /// <summary>Whether the flag alone means true (<c>--loop</c>).</summary>
    public bool IsSwitch { get; }

    public string Flag { get; }

    public string Environment { get; }

    public string Key { get; }

    public string Description { get; }

    public bool Secret { get; }

    /// <summary>The command-line option, or null for a setting that must not be given on the command line (the password).</summary>
    public Option<string?>? Option { get; }

    /// <summary>Applies a value; returns the problem with it, or null.</summary>
    public Func<BridgeConfig, string, string?> Apply { get; }

    /// <summary>The effective value as text.</summary>
    public Func<BridgeConfig, string?> Show { get; }

    public Setting WithEnvironment(string name) => new(Flag, Description, Apply, Show, Secret, Option is not null, IsSwitch) { EnvironmentOverride = name };

    public string? EnvironmentOverride { get; private init; }

    public string EnvironmentName => EnvironmentOverride ?? Environment;
}
