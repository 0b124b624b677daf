using System.Runtime.InteropServices;

namespace Pylontech.Can.Sources.SocketCan;

/// <summary>The libc calls and Linux constants SocketCAN needs (values for x86-64, ARM and AArch64).</summary>
internal static unsafe partial class Interop
{
    internal const int AF_UNIX = 1;
    internal const int AF_CAN = 29;
    internal const int SOCK_DGRAM = 2;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_SEQPACKET = 5;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int CAN_RAW = 1;

    internal const int SOL_SOCKET = 1;
    internal const int SO_TIMESTAMP = 29;
    internal const int SCM_TIMESTAMP = SO_TIMESTAMP;
    internal const int SOL_CAN_RAW = 101;
    internal const int CAN_RAW_FILTER = 1;
    internal const int CAN_RAW_ERR_FILTER = 2;

    internal const int MSG_DONTWAIT = 0x40;
    internal const short POLLIN = 0x1;

    internal const uint CAN_EFF_FLAG = 0x80000000;
    internal const uint CAN_RTR_FLAG = 0x40000000;
    internal const uint CAN_ERR_FLAG = 0x20000000;
    internal const uint CAN_SFF_MASK = 0x7FF;
    internal const uint CAN_EFF_MASK = 0x1FFFFFFF;
    internal const uint CAN_ERR_MASK = 0x1FFFFFFF;

    /// <summary>The size of <c>struct can_frame</c>.</summary>
    internal const int CanFrameSize = 16;

    internal const int EPERM = 1;
    internal const int EINTR = 4;
    internal const int ENXIO = 6;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int ENODEV = 19;
    internal const int EPROTONOSUPPORT = 93;
    internal const int EAFNOSUPPORT = 97;
    internal const int ENETDOWN = 100;
    internal const int ENOBUFS = 105;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    internal static partial int SocketPair(int domain, int type, int protocol, int* fds);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(SafeCanSocketHandle socket, SockAddrCan* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(SafeCanSocketHandle socket, int level, int name, void* value, int valueLength);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    internal static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    internal static partial nint Send(SafeCanSocketHandle socket, void* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary><c>struct sockaddr_can</c>: family, interface index, then a protocol-specific union (24 bytes in all).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    internal struct SockAddrCan
    {
        [FieldOffset(0)]
        public ushort Family;

        [FieldOffset(4)]
        public int InterfaceIndex;
    }

    /// <summary><c>struct can_filter</c>.</summary>
    internal struct CanFilterNative
    {
        public uint Id;
        public uint Mask;
    }

    /// <summary><c>struct iovec</c>.</summary>
    internal struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c>; sequential layout gives the native padding on 32- and 64-bit.</summary>
    internal struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct cmsghdr</c>; its data follows at <see cref="CmsgDataOffset"/>.</summary>
    internal struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary><c>struct timeval</c> as the kernel's <c>SO_TIMESTAMP</c> delivers it (native <c>long</c>s).</summary>
    internal struct TimeVal
    {
        public nint Seconds;
        public nint Microseconds;
    }

    /// <summary><c>struct pollfd</c>.</summary>
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary><c>CMSG_ALIGN(sizeof(struct cmsghdr))</c>.</summary>
    internal static int CmsgDataOffset => Align(sizeof(CmsgHdr));

    /// <summary><c>CMSG_SPACE(sizeof(struct timeval))</c>.</summary>
    internal static int TimestampControlSpace => CmsgDataOffset + Align(sizeof(TimeVal));

    /// <summary><c>CMSG_ALIGN</c>: rounds up to the size of a native <c>size_t</c>.</summary>
    internal static int Align(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);
}
