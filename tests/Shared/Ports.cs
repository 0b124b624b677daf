using System.Net;
using System.Net.Sockets;

namespace Pylontech.Can.Mqtt.Tests;

/// <summary>Free loopback ports for brokers the tests start, and bridge options for such a broker.</summary>
internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Options for a bridge to a test broker on this machine: short intervals so that tests run fast.</summary>
    public static BridgeOptions BridgeOptions(int port, string deviceId) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        DeviceId = deviceId,
        Interval = TimeSpan.FromMilliseconds(200),
        RepublishAfter = TimeSpan.FromSeconds(2),
        BirthRepublishDelay = TimeSpan.FromMilliseconds(50),
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
    };
}
