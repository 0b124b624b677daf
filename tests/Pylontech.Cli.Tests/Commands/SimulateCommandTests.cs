using System.Text.RegularExpressions;

namespace Pylontech.Cli.Tests.Commands;

public sealed partial class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pylon-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Writes_the_requested_number_of_frames_as_a_candump_log()
    {
        var path = Path.Combine(_dir, "out.log");

        var code = await Program.RunAsync(["simulate", "-n", "100", "-o", path, "--interface", "vcan0"], TextWriter.Null);

        Assert.Equal(0, code);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(100, lines.Length);
        Assert.All(lines, l => Assert.Matches(CandumpLine(), l));
        Assert.Equal("(1700000000.000000) vcan0 359#0000000002504E", lines[0]);
    }

    [Fact]
    public async Task Duration_counts_bus_seconds()
    {
        var path = Path.Combine(_dir, "out.log");

        Assert.Equal(0, await Program.RunAsync(["simulate", "--duration", "2m", "-o", path, "--no-inverter"], TextWriter.Null));

        Assert.Equal(120 * 6, (await File.ReadAllLinesAsync(path)).Length);
    }

    [Theory]
    [InlineData("--soc", "150", "--soc: the starting state of charge must be between 0 and 100 %")]
    [InlineData("--modules", "0", "--modules: a stack has 1 to 16 modules")]
    [InlineData("--duration", "ten", "--duration: 'ten' is not a duration")]
    public async Task Invalid_values_are_usage_errors_with_one_line_each(string option, string value, string message)
    {
        var error = new StringWriter();

        var code = await Program.RunAsync(["simulate", option, value], error);

        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Try 'pylon-cli simulate --help'.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_output_is_a_run_time_error()
    {
        var original = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            var code = await Program.RunAsync(["simulate", "-n", "1", "-o", Path.Combine(_dir, "missing", "dir", "x.log")], TextWriter.Null);

            Assert.Equal(1, code);
            Assert.StartsWith("pylon-cli simulate: cannot write ", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [GeneratedRegex(@"^\(\d+\.\d{6}\) vcan0 [0-9A-F]{3}#([0-9A-F]{2}){0,8}$")]
    private static partial Regex CandumpLine();
}
