using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Pylontech.Can.Mqtt.Tests;

namespace Pylontech.Cli.Tests.Commands;

/// <summary>
/// The bridge over mqtts:// to a real mosquitto that only accepts TLS clients with a certificate from its own CA:
/// the bridge must trust the broker through --ca-file and prove itself with --client-cert/--client-key.
/// </summary>
public sealed class BridgeTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pylon-tls-").FullName;
    private Process? _broker;

    public void Dispose()
    {
        if (_broker is { HasExited: false })
        {
            _broker.Kill();
            _broker.WaitForExit(5000);
        }

        _broker?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [MosquittoFact]
    public async Task Publishes_over_tls_with_a_private_ca_and_a_client_certificate()
    {
        var port = await StartTlsBrokerAsync();
        var log = CliProcess.Sample("us5000-old-and-new-firmware.candump.log");

        var (code, _, error) = await CliProcess.RunAsync(
        [
            "bridge", log, "--mqtt", $"mqtts://127.0.0.1:{port}", "--device-id", "secure",
            "--ca-file", File("ca.pem"), "--client-cert", File("client.pem"), "--client-key", File("client.key"),
        ]);

        Assert.True(code == 0, error);
        Assert.DoesNotContain("cannot connect", error, StringComparison.Ordinal);
        var state = JsonDocument.Parse(Subscribe(port, "pylontech/secure/state")).RootElement;
        Assert.Equal(49.87, state.GetProperty("voltage").GetDouble()); // the last 0x356 of the log: 7B13 = 4987 × 0.01 V
    }

    [MosquittoFact]
    public async Task Does_not_trust_a_broker_outside_its_ca_file()
    {
        var port = await StartTlsBrokerAsync();
        var start = CliProcess.StartInfo("bridge", "-", "--mqtt", $"mqtts://127.0.0.1:{port}", "--device-id", "untrusted",
            "--client-cert", File("client.pem"), "--client-key", File("client.key"));
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        process.Kill();
        await process.WaitForExitAsync();

        Assert.Contains($"cannot connect to 127.0.0.1:{port}", await error, StringComparison.Ordinal);
        Assert.Equal("", Subscribe(port, "pylontech/untrusted/#", wait: 1));
    }

    private string File(string name) => Path.Combine(_dir, name);

    private async Task<int> StartTlsBrokerAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Pylontech test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        System.IO.File.WriteAllText(File("ca.pem"), ca.ExportCertificatePem());
        Issue(ca, "CN=127.0.0.1", "server", server: true);
        Issue(ca, "CN=pylon-cli", "client", server: false);

        var port = Ports.Free();
        System.IO.File.WriteAllText(File("mosquitto.conf"), string.Join('\n',
            $"listener {port} 127.0.0.1", $"cafile {File("ca.pem")}", $"certfile {File("server.pem")}", $"keyfile {File("server.key")}",
            "require_certificate true", "allow_anonymous true", "persistence false",
            // Started as root, mosquitto would switch to its own user, which cannot read the keys in our private temp folder.
            $"user {Environment.UserName}", ""));
        _broker = Process.Start(new ProcessStartInfo(Mosquitto.Binary!, ["-c", File("mosquitto.conf")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        for (var i = 0; i < 200 && !_broker.HasExited; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return port;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"mosquitto did not start on port {port}: {await _broker.StandardError.ReadToEndAsync()}{await _broker.StandardOutput.ReadToEndAsync()}");
    }

    private void Issue(X509Certificate2 ca, string subject, string name, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = BitConverter.GetBytes(Random.Shared.NextInt64(1, long.MaxValue));
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        System.IO.File.WriteAllText(File(name + ".pem"), certificate.ExportCertificatePem());
        System.IO.File.WriteAllText(File(name + ".key"), key.ExportPkcs8PrivateKeyPem());
    }

    private string Subscribe(int port, string topic, int wait = 2)
    {
        var start = new ProcessStartInfo(Mosquitto.SubscriberBinary!,
            ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--cafile", File("ca.pem"), "--cert", File("client.pem"), "--key", File("client.key"),
             "-t", topic, "--retained-only", "-W", wait.ToString(CultureInfo.InvariantCulture), "-C", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }
}
