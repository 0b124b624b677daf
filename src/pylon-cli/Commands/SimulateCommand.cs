using System.CommandLine;
using Pylontech.Cli.Configuration;
using Pylontech.Cli.Simulation;

namespace Pylontech.Cli.Commands;

/// <summary><c>pylon-cli simulate</c>: writes the traffic of a simulated Pylontech stack as a candump log.</summary>
internal sealed class SimulateCommand : Command
{
    public SimulateCommand()
        : base("simulate", "Write the CAN traffic of a simulated Pylontech stack (all frames at 1 Hz, physically consistent) as a candump -L log.\n" +
                           "Example: pylon-cli simulate --duration 1h --modules 4 -o stack.log\n" +
                           "         pylon-cli simulate --duration 10m | pylon-cli dump -")
    {
        Options.Add(Output);
        Options.Add(Duration);
        Options.Add(Frames);
        Options.Add(Modules);
        Options.Add(Firmware);
        Options.Add(Seed);
        Options.Add(Soc);
        Options.Add(Start);
        Options.Add(Interface);
        Options.Add(NoInverter);
        Duration.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (text is not null && !Durations.TryParse(text, out _))
            {
                result.AddError($"--duration: '{text}' is not a duration; use seconds or a number with s, m, h or d (e.g. 90, 10m, 24h)");
            }
        });
        Soc.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 100)
            {
                result.AddError("--soc: the starting state of charge must be between 0 and 100 %");
            }
        });
        Modules.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 16)
            {
                result.AddError("--modules: a stack has 1 to 16 modules");
            }
        });
        SetAction((parse, cancellation) => RunAsync(parse, cancellation));
    }

    public Option<string> Output { get; } = new("--output", "-o") { Description = "Write the log to this file instead of standard output.", DefaultValueFactory = _ => "-" };

    public Option<string> Duration { get; } = new("--duration", "-d") { Description = "How much bus time to simulate: seconds, or a number with s, m, h or d.", DefaultValueFactory = _ => "60" };

    public Option<long?> Frames { get; } = new("--frames", "-n") { Description = "Stop after this many frames instead (overrides --duration)." };

    public Option<int> Modules { get; } = new("--modules", "-m") { Description = "Modules (US5000, 100 Ah each) in the stack.", DefaultValueFactory = _ => 2 };

    public Option<SimulatedFirmware> Firmware { get; } = new("--firmware") { Description = "classic: 0x359/0x35C and a 4-byte 0x355; new: 0x35A/0x35F and a 6-byte 0x355.", DefaultValueFactory = _ => SimulatedFirmware.Classic, HelpName = "classic|new" };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the random load: the same seed gives the same log.", DefaultValueFactory = _ => 1 };

    public Option<double> Soc { get; } = new("--soc") { Description = "State of charge at the start, %.", DefaultValueFactory = _ => 60 };

    public Option<long> Start { get; } = new("--start") { Description = "The first timestamp, in seconds since the Unix epoch.", DefaultValueFactory = _ => 1_700_000_000 };

    public Option<string> Interface { get; } = new("--interface", "-i") { Description = "The interface name written in the log.", DefaultValueFactory = _ => "can0" };

    public Option<bool> NoInverter { get; } = new("--no-inverter") { Description = "Leave out the inverter's 0x305 heartbeat." };

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        Durations.TryParse(parse.GetValue(Duration)!, out var duration);
        var options = new SimulationOptions
        {
            Modules = parse.GetValue(Modules),
            Firmware = parse.GetValue(Firmware),
            Seed = parse.GetValue(Seed),
            InitialStateOfCharge = parse.GetValue(Soc) / 100,
            StartUnixSeconds = parse.GetValue(Start),
            Interface = parse.GetValue(Interface)!,
            InverterHeartbeat = !parse.GetValue(NoInverter),
        };
        var maxFrames = parse.GetValue(Frames) ?? long.MaxValue;
        var seconds = parse.GetValue(Frames) is null ? (long)Math.Ceiling(duration.TotalSeconds) : long.MaxValue;
        var outputPath = parse.GetValue(Output)!;

        Stream stream;
        try
        {
            stream = outputPath == "-" ? Console.OpenStandardOutput() : File.Create(outputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"pylon-cli simulate: cannot write {outputPath}: {e.Message}");
            return ExitCodes.Failure;
        }

        await using (stream)
        {
            var simulator = new StackSimulator(options);
            try
            {
                await SimulationWriter.WriteAsync(simulator, stream, seconds, maxFrames, cancellation);
            }
            catch (IOException) when (outputPath == "-")
            {
                // The reader of the pipe went away (e.g. `| head`): nothing left to do.
                return ExitCodes.Success;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }
        }

        return ExitCodes.Success;
    }
}
