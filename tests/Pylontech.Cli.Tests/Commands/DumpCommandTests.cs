using System.Diagnostics;
using System.Text.Json;

namespace Pylontech.Cli.Tests.Commands;

// Expected decoded values come from the protocol reference's worked examples (PYLON-CAN.md section 8)
// for the setfirelabs US5000 frames in the sample capture.
public sealed class DumpCommandTests : IDisposable
{
    private static readonly string Capture = CliProcess.Sample("us5000-old-and-new-firmware.candump.log");
    private readonly string _dir = Directory.CreateTempSubdirectory("pylon-dump-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] FrameLines(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0 && l[0] != '#').ToArray();

    [Fact]
    public async Task Text_shows_the_candump_line_then_the_signals_with_units()
    {
        var (code, output, error) = await CliProcess.RunAsync(["dump", Capture]);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12, lines.Length);
        Assert.Contains("(0.000000) can0 351#1402C012C012C201  ChargeVoltageLimit=53.2 V ChargeCurrentLimit=480.0 A DischargeCurrentLimit=480.0 A DischargeVoltageLimit=45.0 V", lines);
        Assert.Contains("(0.002000) can0 356#7A13F2FE6B01  BatteryVoltage=49.86 V BatteryCurrent=-27.0 A BatteryTemperature=36.3 degC", lines);
        Assert.Contains("(0.001000) can0 355#58005E00  StateOfCharge=88 % StateOfHealth=94 %", lines);
        Assert.Contains("(0.005000) can0 35E#50594C4F4E202020  ManufacturerName=\"PYLON\"", lines);
        Assert.Contains(lines, l => l.StartsWith("(0.003000) can0 359#0000000006504E  ", StringComparison.Ordinal) && l.Contains(" ModuleCount=6 ProtocolMarker=PN", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("(10.003000) can0 35A#", StringComparison.Ordinal) && l.Contains("GeneralAlarm=NotSupported", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ndjson_is_one_object_per_frame_with_typed_signals()
    {
        var (code, output, _) = await CliProcess.RunAsync(["dump", Capture, "--format", "ndjson"]);

        Assert.Equal(0, code);
        var objects = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(12, objects.Count);
        var limits = objects[0];
        Assert.Equal(0.0, limits.GetProperty("timestamp").GetDouble());
        Assert.Equal("can0", limits.GetProperty("interface").GetString());
        Assert.Equal("351", limits.GetProperty("id").GetString());
        Assert.Equal(8, limits.GetProperty("dlc").GetInt32());
        Assert.Equal("1402C012C012C201", limits.GetProperty("data").GetString());
        Assert.Equal("BatteryLimits", limits.GetProperty("message").GetString());
        Assert.Equal(53.2, limits.GetProperty("signals").GetProperty("ChargeVoltageLimit").GetDouble());
        Assert.Equal(45.0, limits.GetProperty("signals").GetProperty("DischargeVoltageLimit").GetDouble());
        var requests = objects.Single(o => o.GetProperty("id").GetString() == "35C").GetProperty("signals");
        Assert.True(requests.GetProperty("ChargeEnable").GetBoolean());
        Assert.False(requests.GetProperty("RequestForceCharge1").GetBoolean());
        var flags = objects.Single(o => o.GetProperty("id").GetString() == "359").GetProperty("signals");
        Assert.Equal("PN", flags.GetProperty("ProtocolMarker").GetString());
        Assert.False(flags.TryGetProperty("OnlineModuleBitmap", out _)); // byte 7 not sent: absent, not zero
        var info = objects.Single(o => o.GetProperty("id").GetString() == "35F").GetProperty("signals");
        Assert.Equal("LI", info.GetProperty("BatteryType").GetString());
        Assert.Equal(572, info.GetProperty("Capacity").GetInt32());
    }

    [Fact]
    public async Task Csv_has_a_header_and_one_column_per_signal_of_the_selected_messages()
    {
        var (code, output, _) = await CliProcess.RunAsync(["dump", Capture, "--format", "csv", "--id", "356,0x355"]);

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("timestamp,interface,id,dlc,data,message,StateOfCharge,StateOfHealth,StateOfChargeHighResolution,BatteryVoltage,BatteryCurrent,BatteryTemperature", lines[0]);
        Assert.Equal("0.001000,can0,355,4,58005E00,StateOfChargeAndHealth,88,94,,,,", lines[1]);
        Assert.Equal("0.002000,can0,356,6,7A13F2FE6B01,BatteryMeasurements,,,,49.86,-27.0,36.3", lines[2]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task Candump_format_writes_back_the_log_it_read()
    {
        var recording = Path.Combine(_dir, "recording.log");

        var (code, _, _) = await CliProcess.RunAsync(["dump", Capture, "--format", "candump", "-o", recording]);

        Assert.Equal(0, code);
        Assert.Equal(FrameLines(Capture), File.ReadAllLines(recording));
    }

    [Fact]
    public async Task Candump_format_records_frames_the_dbc_does_not_know_too()
    {
        var log = Path.Combine(CliProcess.Shared, "captures", "all_inline_captures.candump.log");
        var recording = Path.Combine(_dir, "recording.log");

        var (code, _, _) = await CliProcess.RunAsync(["dump", log, "--format", "candump", "-o", recording]);

        Assert.Equal(0, code);
        Assert.Equal(FrameLines(log), File.ReadAllLines(recording));
    }

    [Fact]
    public async Task Reads_standard_input_when_the_source_is_a_dash()
    {
        var (code, output, _) = await CliProcess.RunAsync(["dump", "-", "--id", "356"], await File.ReadAllTextAsync(Capture));

        Assert.Equal(0, code);
        Assert.Equal(
            ["(0.002000) can0 356#7A13F2FE6B01  BatteryVoltage=49.86 V BatteryCurrent=-27.0 A BatteryTemperature=36.3 degC",
             "(10.002000) can0 356#7B13E9FE6B01  BatteryVoltage=49.87 V BatteryCurrent=-27.9 A BatteryTemperature=36.3 degC"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Count_stops_after_n_frames()
    {
        var (code, output, _) = await CliProcess.RunAsync(["dump", Capture, "-n", "3"]);

        Assert.Equal(0, code);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Unknown_ids_are_hidden_unless_asked_for_and_counted_in_the_statistics()
    {
        var log = Path.Combine(CliProcess.Shared, "captures", "all_inline_captures.candump.log");
        var unknownIds = new[] { "307", "354", "370", "371", "378", "380" };
        var unknownFrames = FrameLines(log).Count(l => unknownIds.Contains(l.Split(' ')[2].Split('#')[0]));

        var hidden = await CliProcess.RunAsync(["dump", log, "--stats"]);
        var shown = await CliProcess.RunAsync(["dump", log, "--unknown"]);

        Assert.Equal(FrameLines(log).Length - unknownFrames, hidden.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(FrameLines(log).Length, shown.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"problems: {unknownFrames} frames with an id the DBC does not know", hidden.Error, StringComparison.Ordinal);
        Assert.Contains(shown.Output.Split('\n'), l => l.EndsWith(" can0 307#12345678564943", StringComparison.Ordinal) || l.Contains(" 307#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_line_is_reported_with_file_and_line_and_reading_goes_on()
    {
        var log = Path.Combine(_dir, "broken.log");
        await File.WriteAllLinesAsync(log, ["(1.000000) can0 356#7A13F2FE6B01", "(1.001000) can0 356#7A13F", "garbage here", "(1.002000) can0 355#58005E00"]);

        var (code, output, error) = await CliProcess.RunAsync(["dump", log]);

        Assert.Equal(0, code);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var errors = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith($"{log}:2: cannot parse '(1.001000) can0 356#7A13F': ", errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"{log}:3: cannot parse 'garbage here': ", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_stops_at_the_first_malformed_line_with_exit_code_1()
    {
        var log = Path.Combine(_dir, "broken.log");
        await File.WriteAllLinesAsync(log, ["(1.000000) can0 356#7A13F2FE6B01", "not a frame", "(1.002000) can0 355#58005E00"]);

        var (code, output, error) = await CliProcess.RunAsync(["dump", log, "--strict"]);

        Assert.Equal(1, code);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{log}:2: cannot parse 'not a frame'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_and_a_missing_interface_are_source_errors_with_exit_code_3()
    {
        var file = await CliProcess.RunAsync(["dump", Path.Combine(_dir, "nope.log")]);
        var iface = await CliProcess.RunAsync(["dump", "can9"]);

        Assert.Equal(3, file.ExitCode);
        Assert.Equal($"pylon-cli dump: {Path.Combine(_dir, "nope.log")}: no such file", file.Error.Trim());
        Assert.Equal(3, iface.ExitCode);
        Assert.StartsWith("pylon-cli dump: can9: ", iface.Error, StringComparison.Ordinal);
        Assert.Single(iface.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_broken_dbc_names_file_line_and_column_with_exit_code_4()
    {
        var dbc = Path.Combine(_dir, "broken.dbc");
        await File.WriteAllTextAsync(dbc, "VERSION \"\"\n\nBU_: A\n\nBO_ 100 Msg: 8 A\n SG_ Speed 0|16@1+ (0.1,0) [0|100] \"km/h\" A\n");

        var (code, _, error) = await CliProcess.RunAsync(["dump", Capture, "--dbc", dbc]);

        Assert.Equal(4, code);
        Assert.StartsWith($"pylon-cli dump: {dbc}(6,12): error PYL001: expected ':'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decodes_with_a_dbc_given_at_run_time()
    {
        var dbc = Path.Combine(_dir, "mine.dbc");
        await File.WriteAllTextAsync(dbc, "VERSION \"\"\n\nBU_: A\n\nBO_ 854 Pack: 8 A\n SG_ PackVolts : 0|16@1+ (0.01,0) [0|655.35] \"V\" A\n SG_ PackAmps : 16|16@1- (0.1,0) [-3276.8|3276.7] \"A\" A\n");

        var (code, output, _) = await CliProcess.RunAsync(["dump", Capture, "--dbc", dbc]);

        Assert.Equal(0, code);
        Assert.Contains("(0.002000) can0 356#7A13F2FE6B01  PackVolts=49.86 V PackAmps=-27.0 A", output.Split('\n'));
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_closed_pipe_ends_quietly_with_exit_code_0()
    {
        var log = Path.Combine(_dir, "big.log");
        Assert.Equal(0, (await CliProcess.RunAsync(["simulate", "-n", "200000", "-o", log])).ExitCode);
        using var process = Process.Start(CliProcess.StartInfo("dump", log))!;
        var error = process.StandardError.ReadToEndAsync();

        var first = await process.StandardOutput.ReadLineAsync();
        process.StandardOutput.Close(); // like `| head -1`
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);

        Assert.StartsWith("(1700000000.000000) can0 359#", first, StringComparison.Ordinal);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", await error);
    }

    [Fact]
    public async Task Interrupt_prints_the_statistics_and_exits_with_130()
    {
        using var process = Process.Start(CliProcess.StartInfo("dump", "-", "--stats"))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("(1.000000) can0 356#7A13F2FE6B01");
        await process.StandardInput.FlushAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the process is up and waiting for more input

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("356#7A13F2FE6B01  BatteryVoltage=49.86 V", await output, StringComparison.Ordinal);
        Assert.Contains("frames: 1 shown", await error, StringComparison.Ordinal);
    }
}
