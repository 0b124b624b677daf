using System.CommandLine;
using System.Runtime.InteropServices;
using Pylontech.Cli.Commands;

namespace Pylontech.Cli;

/// <summary>The pylon-cli entry point.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Error);

    /// <summary>Parses and runs a command line; a usage error is printed as one line per problem and exits with <see cref="ExitCodes.Usage"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="error">Where usage errors go.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        var parse = CreateCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"pylon-cli: {problem.Message}");
            }

            await error.WriteLineAsync($"Try '{string.Join(' ', ["pylon-cli", .. CommandPath(parse)])} --help'.");
            return ExitCodes.Usage;
        }

        // Ctrl-C and SIGTERM (systemd stop) cancel the command's token; each command then finishes what it
        // has (flushes output, prints statistics, publishes offline) and returns its own exit code.
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null && result.Parent is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }

    /// <summary>Builds the whole command tree, so tests can parse and invoke without a process.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand CreateCommand()
    {
        var root = new RootCommand(
            "pylon-cli: decode Pylontech (Pylon LV CAN) battery traffic from SocketCAN, candump logs or a pipe, " +
            "and bridge it to Home Assistant over MQTT.\n" + ExitCodes.HelpText);
        root.Subcommands.Add(new BridgeCommand());
        root.Subcommands.Add(new DumpCommand());
        root.Subcommands.Add(new ConfigCommand());
        root.Subcommands.Add(new SimulateCommand());
        return root;
    }
}
