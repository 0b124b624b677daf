using Microsoft.Win32.SafeHandles;

namespace Pylontech.Can.Sources.SocketCan;

/// <summary>Owns a socket's file descriptor and closes it once no call is using it.</summary>
internal sealed class SafeCanSocketHandle : SafeHandleMinusOneIsInvalid
{
    public SafeCanSocketHandle()
        : base(ownsHandle: true)
    {
    }

    public SafeCanSocketHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <summary>The file descriptor; valid while a reference is held (<see cref="System.Runtime.InteropServices.SafeHandle.DangerousAddRef"/>).</summary>
    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => Interop.Close((int)handle) == 0;
}
