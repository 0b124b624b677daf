using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace Pylontech.Can.Mqtt.Tests;

/// <summary>A real mosquitto broker on a free loopback port, started and stopped by the test.</summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly DirectoryInfo _directory;
    private Process? _process;

    private Mosquitto(int port)
    {
        Port = port;
        _directory = Directory.CreateTempSubdirectory("pylontech-mosquitto-");
        File.WriteAllText(ConfigFile, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n");
    }

    public static string? Binary { get; } = Find("mosquitto");

    public static string? SubscriberBinary { get; } = Find("mosquitto_sub");

    public int Port { get; }

    private string ConfigFile => Path.Combine(_directory.FullName, "mosquitto.conf");

    public static async Task<Mosquitto> StartAsync()
    {
        var broker = new Mosquitto(Ports.Free());
        await broker.RestartAsync();
        return broker;
    }

    /// <summary>Kills the broker process (no clean shutdown; with persistence off it forgets every retained message).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task RestartAsync()
    {
        Kill();
        _process = Process.Start(new ProcessStartInfo(Binary!, ["-c", ConfigFile]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public BridgeOptions Options(string deviceId = "stack1") => Ports.BridgeOptions(Port, deviceId);

    /// <summary>What a fresh <c>mosquitto_sub --retained-only -F %j</c> receives: its raw output lines.</summary>
    public string CaptureRetained(string filter, int waitSeconds = 1)
    {
        var start = new ProcessStartInfo(SubscriberBinary!, ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", filter, "-F", "%j", "--retained-only", "-W", waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    /// <summary>The retained messages a fresh subscriber receives, topic → payload.</summary>
    public Dictionary<string, string> Retained(string filter)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in CaptureRetained(filter).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            result[json.RootElement.GetProperty("topic").GetString()!] = json.RootElement.TryGetProperty("payload", out var payload) ? payload.GetString() ?? "" : "";
        }

        return result;
    }

    public void Dispose()
    {
        Kill();
        _directory.Delete(recursive: true);
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>A test that needs a real mosquitto; skipped, saying why, only when the binaries are not installed.</summary>
internal sealed class MosquittoFactAttribute : FactAttribute
{
    public MosquittoFactAttribute()
    {
        if (Mosquitto.Binary is null || Mosquitto.SubscriberBinary is null)
        {
            Skip = "mosquitto and mosquitto_sub are not installed (apt-get install -y mosquitto mosquitto-clients)";
        }
    }
}
