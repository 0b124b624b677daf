using System.Runtime.InteropServices;

namespace Pylontech.Can.Sources.SocketCan;

/// <summary>Turns an errno from a SocketCAN call into one line the user can act on.</summary>
internal static class SocketCanErrors
{
    public static CanSourceException Create(string interfaceName, int errorNumber, string operation) =>
        new(interfaceName, Describe(interfaceName, errorNumber, operation), errorNumber);

    public static string Describe(string interfaceName, int errorNumber, string operation) => errorNumber switch
    {
        Interop.ENODEV or Interop.ENXIO => $"{interfaceName}: no such CAN interface; see 'ip link'",
        Interop.ENETDOWN => $"{interfaceName}: interface is down; bring it up with 'ip link set {interfaceName} up type can bitrate 500000'",
        Interop.EAFNOSUPPORT or Interop.EPROTONOSUPPORT => $"{interfaceName}: this kernel has no SocketCAN support (AF_CAN); load it with 'modprobe can_raw'",
        Interop.EACCES or Interop.EPERM => $"{interfaceName}: permission denied ({operation}); check the user, container or security policy this runs under",
        Interop.ENOBUFS or Interop.EAGAIN => $"{interfaceName}: transmit queue full; is another node on the bus acknowledging frames?",
        _ => $"{interfaceName}: {operation} failed: {Marshal.GetPInvokeErrorMessage(errorNumber)} (errno {errorNumber})",
    };
}
