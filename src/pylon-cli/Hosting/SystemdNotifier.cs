using System.Net.Sockets;
using System.Text;

namespace Pylontech.Cli.Hosting;

/// <summary>
/// Tells systemd about the service's state (<c>sd_notify</c>): <c>READY=1</c> when the bridge runs, <c>WATCHDOG=1</c>
/// while it is healthy, <c>STOPPING=1</c> on the way out. Does nothing when not started by systemd with
/// <c>Type=notify</c> (no <c>NOTIFY_SOCKET</c>).
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;

    public SystemdNotifier(string? notifySocket, string? watchdogMicroseconds)
    {
        if (!string.IsNullOrEmpty(notifySocket))
        {
            // A leading '@' names a socket in the abstract namespace.
            var path = notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket;
            _endPoint = new UnixDomainSocketEndPoint(path);
            _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        }

        if (long.TryParse(watchdogMicroseconds, out var usec) && usec > 0)
        {
            WatchdogInterval = TimeSpan.FromMicroseconds(usec / 2.0);
        }
    }

    /// <summary>How often to ping the watchdog (half of <c>WATCHDOG_USEC</c>), or null when systemd runs no watchdog.</summary>
    public TimeSpan? WatchdogInterval { get; }

    public bool IsEnabled => _socket is not null;

    public static SystemdNotifier FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"), Environment.GetEnvironmentVariable("WATCHDOG_USEC"));

    public void Ready(string status) => Send($"READY=1\nSTATUS={status}");

    public void Watchdog() => Send("WATCHDOG=1");

    public void Stopping() => Send("STOPPING=1");

    public void Dispose() => _socket?.Dispose();

    private void Send(string message)
    {
        if (_socket is null)
        {
            return;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), SocketFlags.None, _endPoint!);
        }
        catch (SocketException)
        {
            // systemd went away (or the socket is not ours): nothing to tell.
        }
    }
}
