using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Pylontech.Can.Mqtt.Tests;

namespace Pylontech.Cli.Tests.Commands;

public sealed class BridgeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pylon-bridge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string LastFrameData(string log, string id) =>
        File.ReadLines(log).Where(l => l.Contains($" {id}#", StringComparison.Ordinal)).Last().Split('#')[1];

    [MosquittoFact]
    public async Task Replays_a_log_into_a_broker_as_a_home_assistant_device_that_passes_the_checker()
    {
        using var broker = await Mosquitto.StartAsync();
        var log = CliProcess.Sample("simulated-4x-us5000-classic.candump.log");

        var (code, _, error) = await CliProcess.RunAsync(["bridge", "--replay", log, "--mqtt", $"127.0.0.1:{broker.Port}", "--device-id", "garage", "--interval", "1s"]);

        Assert.True(code == 0, error);
        var retained = broker.CaptureRetained("homeassistant/#");
        var (checker, report) = SharedTools.Validate(retained, "--publish-interval", "1");
        Assert.True(checker == 0, report);
        Assert.Contains("homeassistant/device/pylontech_garage/config", retained, StringComparison.Ordinal);

        // The retained state holds the last values of the log: 0x355 byte 0 is the SOC, 0x356 bytes 0-1 the voltage in 0.01 V.
        var state = JsonDocument.Parse(broker.Retained("pylontech/garage/state").Single().Value).RootElement;
        var soc = Convert.FromHexString(LastFrameData(log, "355"))[0];
        var volts = BitConverter.ToInt16(Convert.FromHexString(LastFrameData(log, "356")), 0) / 100.0;
        Assert.Equal(soc, state.GetProperty("soc").GetDouble());
        Assert.Equal(volts, state.GetProperty("voltage").GetDouble());
        Assert.Equal("offline", broker.Retained("pylontech/garage/bridge").Single().Value);
    }

    [MosquittoFact]
    public async Task A_paced_replay_reports_malformed_lines_with_file_and_line()
    {
        using var broker = await Mosquitto.StartAsync();
        var log = Path.Combine(_dir, "broken.log");
        await File.WriteAllLinesAsync(log, ["(1.000000) can0 356#7A13F2FE6B01", "garbage", "(1.001000) can0 355#58005E00"]);

        var (code, _, error) = await CliProcess.RunAsync(["bridge", "--replay", log, "--speed", "1000", "--mqtt", $"127.0.0.1:{broker.Port}", "--device-id", "paced"]);

        Assert.True(code == 0, error);
        Assert.Contains($"{log}:2: cannot parse 'garbage'", error, StringComparison.Ordinal);
    }

    [MosquittoFact]
    public async Task Remove_leaves_no_retained_topic_of_the_device()
    {
        using var broker = await Mosquitto.StartAsync();
        var log = CliProcess.Sample("us5000-old-and-new-firmware.candump.log");
        Assert.Equal(0, (await CliProcess.RunAsync(["bridge", log, "--mqtt", $"127.0.0.1:{broker.Port}", "--device-id", "shed"])).ExitCode);
        Assert.NotEmpty(broker.Retained("#"));

        var (code, output, error) = await CliProcess.RunAsync(["bridge", "--remove", "--device-id", "shed", "--mqtt", $"127.0.0.1:{broker.Port}"]);

        Assert.True(code == 0, error);
        Assert.Contains("homeassistant/device/pylontech_shed/config", output, StringComparison.Ordinal);
        Assert.Empty(broker.Retained("#"));
    }

    [Fact]
    public async Task Tells_systemd_it_is_ready_pings_the_watchdog_and_says_when_it_stops()
    {
        var socketPath = Path.Combine(_dir, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var start = CliProcess.StartInfo("bridge", "-", "--mqtt", "127.0.0.1:1", "--log-level", "warning");
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        start.Environment["WATCHDOG_USEC"] = "200000";
        using var process = Process.Start(start)!;
        var messages = new List<string>();

        var buffer = new byte[512];
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!messages.Contains("WATCHDOG=1"))
            {
                var n = await notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!messages.Contains("STOPPING=1"))
            {
                var n = await notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }

            await process.WaitForExitAsync(timeout.Token);
        }

        Assert.StartsWith("READY=1\nSTATUS=bridging - to 127.0.0.1:1", messages[0], StringComparison.Ordinal);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Settings_come_from_flags_then_environment_then_the_config_file()
    {
        var config = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(config, """{ "mqtt": "file.lan", "interval": "10s", "staleAfter": "45s", "deviceId": "from_file" }""");
        var start = CliProcess.StartInfo("config", "--print", "--config", config, "--interval", "2s");
        start.Environment["PYLON_INTERVAL"] = "7s";
        start.Environment["PYLON_STALE_AFTER"] = "20s";
        start.Environment["PYLON_MQTT_PASSWORD"] = "hunter2";

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split(' ')[0], l => l);
        Assert.Equal(0, process.ExitCode);
        Assert.Matches(@"^interval\s+2s\s+\(--interval\)$", lines["interval"]);
        Assert.Matches(@"^staleAfter\s+20s\s+\(PYLON_STALE_AFTER\)$", lines["staleAfter"]);
        Assert.Matches(@"^mqtt\s+mqtt://file\.lan:1883\s+\(config file\)$", lines["mqtt"]);
        Assert.Matches(@"^deviceId\s+from_file\s+\(config file\)$", lines["deviceId"]);
        Assert.Matches(@"^password\s+\*{8}\s+\(PYLON_MQTT_PASSWORD\)$", lines["password"]);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--password", "secret", "Unrecognized command or argument '--password'")]
    [InlineData("--interval", "soon", "--interval: 'soon' is not a positive duration")]
    [InlineData("--mqtt", "broker:99999", "--mqtt: '99999' is not a port number")]
    [InlineData("--device-id", "my stack", "--device-id: 'my stack' is not a device id")]
    public async Task Bad_settings_are_usage_errors(string flag, string value, string message)
    {
        var (code, _, error) = await CliProcess.RunAsync(["bridge", "-", flag, value]);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_config_file_names_the_file_and_position()
    {
        var config = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(config, "{ \"mqtt\": \"x\",\n  \"interval\" 5 }");

        var (code, _, error) = await CliProcess.RunAsync(["bridge", "-", "--config", config]);

        Assert.Equal(2, code);
        Assert.StartsWith($"pylon-cli bridge: {config}(2,", error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_interface_is_a_source_error_with_exit_code_3()
    {
        var (code, _, error) = await CliProcess.RunAsync(["bridge", "--interface", "can9", "--mqtt", "127.0.0.1:1"]);

        Assert.Equal(3, code);
        Assert.StartsWith("pylon-cli bridge: can9: ", error, StringComparison.Ordinal);
    }
}
