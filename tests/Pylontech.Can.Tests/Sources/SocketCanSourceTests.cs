using System.Buffers.Binary;
using System.Runtime.Versioning;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;
using Pylontech.Can.Sources.SocketCan;

namespace Pylontech.Can.Tests.Sources;

/// <summary>A fact that runs only where SocketCAN can exist.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "SocketCAN and Unix socket pairs are Linux only";
        }
    }
}

/// <summary>
/// The SocketCAN read loop over one end of a Unix SOCK_SEQPACKET socket pair: the test writes 16-byte
/// <c>struct can_frame</c> records into the other end, as the kernel would.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SocketCanSourceTests : IAsyncDisposable
{
    private readonly SocketCanSource _source;
    private readonly SafeCanSocketHandle _peer;

    public unsafe SocketCanSourceTests()
    {
        var fds = stackalloc int[2];
        Assert.Equal(0, Interop.SocketPair(Interop.AF_UNIX, Interop.SOCK_SEQPACKET | Interop.SOCK_CLOEXEC, 0, fds));
        _source = new SocketCanSource(new SafeCanSocketHandle(fds[0]), "can0", new SocketCanOptions(), pollTimeoutMilliseconds: 20);
        _peer = new SafeCanSocketHandle(fds[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync();
        _peer.Dispose();
    }

    /// <summary>Writes a <c>struct can_frame</c> built by hand: can_id in host order, len, 3 padding bytes, data[8].</summary>
    private void Put(uint canId, params byte[] data) => PutWithLength(canId, (byte)data.Length, data);

    private unsafe void PutWithLength(uint canId, byte length, byte[] data)
    {
        var record = new byte[16];
        BitConverter.TryWriteBytes(record, canId);
        record[4] = length;
        data.CopyTo(record, 8);
        fixed (byte* p = record)
        {
            Assert.Equal(16, Interop.Send(_peer, p, 16, 0));
        }
    }

    private async Task<List<CanFrame>> ReadAsync(int count)
    {
        var frames = new List<CanFrame>();
        var buffer = new CanFrame[8];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (frames.Count < count)
        {
            var n = await _source.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, n);
            frames.AddRange(buffer.AsSpan(0, n));
        }

        return frames;
    }

    [LinuxFact]
    public async Task Reads_standard_extended_remote_and_error_frames_with_their_flags()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        Put(0x356, 0x7A, 0x13, 0xF2, 0xFE, 0x6B, 0x01);
        Put(0x80000000 | 0x18FF50E5, 0x01, 0x02);
        PutWithLength(0x40000000 | 0x123, 4, [0xEE, 0xEE, 0xEE, 0xEE]);
        Put(0x20000000 | 0x004, 0x00, 0x08, 0, 0, 0, 0, 0x60, 0x00);

        var frames = await ReadAsync(4);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

        Assert.Equal(["356#7A13F2FE6B01", "18FF50E5#0102", "123#R4", "004#0008000000006000"], frames.Select(f => f.ToString()));
        Assert.Equal([CanFrameFlags.None, CanFrameFlags.Extended, CanFrameFlags.Remote, CanFrameFlags.Error], frames.Select(f => f.Flags));
        Assert.Equal(0UL, frames[2].RawData);
        Assert.All(frames, f => Assert.Same("can0", f.Interface));
        Assert.All(frames, f => Assert.InRange(f.TimestampMicroseconds, before - 1_000_000, after + 1_000_000));
        Assert.Equal(4, _source.FrameCount);
    }

    [LinuxFact]
    public async Task Stamps_frames_with_the_kernel_receive_time_else_the_given_clock()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        await using var kernel = OpenPair(clock, kernelTimestamps: true, out var kernelPeer);
        await using var wallClock = OpenPair(clock, kernelTimestamps: false, out var wallClockPeer);
        using (kernelPeer)
        using (wallClockPeer)
        {
            var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
            SendRecord(kernelPeer, 0x351);
            SendRecord(wallClockPeer, 0x351);
            var buffer = new CanFrame[1];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal(1, await kernel.ReadAsync(buffer, timeout.Token));
            Assert.InRange(buffer[0].TimestampMicroseconds, before - 1_000_000, before + 10_000_000);
            Assert.Equal(1, await wallClock.ReadAsync(buffer, timeout.Token));
            Assert.Equal(1_700_000_000_000_000, buffer[0].TimestampMicroseconds);
        }
    }

    private static unsafe SocketCanSource OpenPair(TimeProvider clock, bool kernelTimestamps, out SafeCanSocketHandle peer)
    {
        var fds = stackalloc int[2];
        Assert.Equal(0, Interop.SocketPair(Interop.AF_UNIX, Interop.SOCK_SEQPACKET | Interop.SOCK_CLOEXEC, 0, fds));
        peer = new SafeCanSocketHandle(fds[1]);
        return new SocketCanSource(new SafeCanSocketHandle(fds[0]), "can1", new SocketCanOptions { TimeProvider = clock }, 20, kernelTimestamps);
    }

    private static unsafe void SendRecord(SafeCanSocketHandle peer, uint canId)
    {
        var record = stackalloc byte[16];
        new Span<byte>(record, 16).Clear();
        *(uint*)record = canId;
        Assert.Equal(16, Interop.Send(peer, record, 16, 0));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [LinuxFact]
    public async Task Turns_error_frames_into_bus_state_changes()
    {
        var events = new List<(CanBusState From, CanBusState To, bool Restarted)>();
        _source.BusStateChanged += (_, e) => events.Add((e.PreviousState, e.State, e.Restarted));

        Put(0x20000000 | 0x004, 0x00, 0x08, 0, 0, 0, 0, 0, 0);  // CAN_ERR_CRTL, CAN_ERR_CRTL_TX_WARNING
        Put(0x20000000 | 0x004, 0x00, 0x08, 0, 0, 0, 0, 0, 0);  // the same again: no change
        Put(0x20000000 | 0x204, 0x00, 0x20, 0, 0, 0, 0, 0x80, 0);  // CAN_ERR_CRTL | CAN_ERR_CNT, TX_PASSIVE, tx counter 128
        Put(0x20000000 | 0x040, 0, 0, 0, 0, 0, 0, 0, 0);  // CAN_ERR_BUSOFF
        Put(0x20000000 | 0x100, 0, 0, 0, 0, 0, 0, 0, 0);  // CAN_ERR_RESTARTED
        Put(0x20000000 | 0x008, 0, 0, 0x02, 0, 0, 0, 0, 0);  // CAN_ERR_PROT alone: says nothing about the state
        Put(0x351, 0x01);

        var frames = await ReadAsync(7);

        Assert.Equal(6, frames.Count(f => f.IsError));
        Assert.Equal(
            [
                (CanBusState.ErrorActive, CanBusState.ErrorWarning, false),
                (CanBusState.ErrorWarning, CanBusState.ErrorPassive, false),
                (CanBusState.ErrorPassive, CanBusState.BusOff, false),
                (CanBusState.BusOff, CanBusState.ErrorActive, true),
            ],
            events);
        Assert.Equal(CanBusState.ErrorActive, _source.BusState);
    }

    [LinuxFact]
    public async Task Stops_waiting_when_cancelled_and_reads_on_afterwards()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _source.ReadAsync(new CanFrame[4], cts.Token));

        Put(0x355, 0x58, 0x00);
        var frames = await ReadAsync(1);
        Assert.Equal("355#5800", frames[0].ToString());
    }

    [LinuxFact]
    public async Task Ends_when_the_peer_closes()
    {
        Put(0x351, 0x01);
        _peer.Dispose();

        var buffer = new CanFrame[4];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await _source.ReadAsync(buffer, timeout.Token));
        Assert.Equal(0, await _source.ReadAsync(buffer, timeout.Token));
    }

    [LinuxFact]
    public async Task A_pending_read_ends_when_the_source_is_disposed()
    {
        var read = _source.ReadAsync(new CanFrame[4]).AsTask();
        await _source.DisposeAsync();
        Assert.Equal(0, await read.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [LinuxFact]
    public unsafe void Sends_a_frame_as_a_can_frame_record()
    {
        _source.Send(new CanFrame(0x305, [0x01, 0x02, 0x03]));
        _source.Send(new CanFrame(0x18FF50E5, [0xAA], CanFrameFlags.Extended));

        var record = new byte[32];
        fixed (byte* p = record)
        {
            Assert.Equal(16, Recv(p));
            Assert.Equal("0503000003000000" + "0102030000000000", Convert.ToHexString(record, 0, 16));
            Assert.Equal(16, Recv(p));
            Assert.Equal(0x80000000u | 0x18FF50E5u, BinaryPrimitives.ReadUInt32LittleEndian(record));
            Assert.Equal(1, record[4]);
            Assert.Equal(0xAA, record[8]);
        }

        Assert.Throws<ArgumentException>(() => _source.Send(CanFrame.FromRaw(0x40, 0, 8, CanFrameFlags.Error)));
    }

    private unsafe nint Recv(byte* buffer)
    {
        var added = false;
        _peer.DangerousAddRef(ref added);
        try
        {
            var iov = new Interop.IoVec { Base = buffer, Length = 32 };
            var message = new Interop.MsgHdr { Iov = &iov, IovLength = 1 };
            return Interop.RecvMsg(_peer.Fd, &message, 0);
        }
        finally
        {
            _peer.DangerousRelease();
        }
    }
}

public class SocketCanErrorTests
{
    [Theory]
    [InlineData(Interop.ENODEV, "can0: no such CAN interface; see 'ip link'")]
    [InlineData(Interop.ENXIO, "can0: no such CAN interface; see 'ip link'")]
    [InlineData(Interop.ENETDOWN, "can0: interface is down; bring it up with 'ip link set can0 up type can bitrate 500000'")]
    [InlineData(Interop.EAFNOSUPPORT, "can0: this kernel has no SocketCAN support (AF_CAN); load it with 'modprobe can_raw'")]
    [InlineData(Interop.EPROTONOSUPPORT, "can0: this kernel has no SocketCAN support (AF_CAN); load it with 'modprobe can_raw'")]
    [InlineData(Interop.EACCES, "can0: permission denied (bind); check the user, container or security policy this runs under")]
    [InlineData(Interop.EPERM, "can0: permission denied (bind); check the user, container or security policy this runs under")]
    [InlineData(Interop.ENOBUFS, "can0: transmit queue full; is another node on the bus acknowledging frames?")]
    public void Explains_each_failure_in_one_actionable_line(int errno, string message)
    {
        var e = SocketCanErrors.Create("can0", errno, "bind");
        Assert.Equal(message, e.Message);
        Assert.Equal("can0", e.SourceName);
        Assert.Equal(errno, e.ErrorNumber);
    }

    [Fact]
    public void Names_the_operation_and_errno_of_an_unexpected_failure()
    {
        Assert.StartsWith("can0: bind failed: ", SocketCanErrors.Describe("can0", 22, "bind"), StringComparison.Ordinal);
        Assert.EndsWith(" (errno 22)", SocketCanErrors.Describe("can0", 22, "bind"), StringComparison.Ordinal);
    }

    [LinuxFact]
    [SupportedOSPlatform("linux")]
    public void Opening_a_missing_interface_says_what_to_do()
    {
        // This machine's kernel may lack AF_CAN entirely; either way the message is actionable, never a raw errno.
        var e = Assert.Throws<CanSourceException>(() => SocketCanSource.Open("can0"));
        Assert.Contains(e.Message, new[]
        {
            "can0: this kernel has no SocketCAN support (AF_CAN); load it with 'modprobe can_raw'",
            "can0: no such CAN interface; see 'ip link'",
        });

        var missing = Assert.Throws<CanSourceException>(() => SocketCanSource.Open("nosuchcan7"));
        Assert.Contains(missing.Message, new[]
        {
            "nosuchcan7: this kernel has no SocketCAN support (AF_CAN); load it with 'modprobe can_raw'",
            "nosuchcan7: no such CAN interface; see 'ip link'",
        });
    }

    [Fact]
    public void Decodes_the_controller_state_and_error_counters_of_an_error_frame()
    {
        // CAN_ERR_CRTL | CAN_ERR_CNT; data[1] = CAN_ERR_CRTL_RX_PASSIVE; data[6] = tx counter 5; data[7] = rx counter 128.
        var frame = CanFrame.FromRaw(0x204, BinaryPrimitives.ReadUInt64LittleEndian(new byte[] { 0, 0x10, 0, 0, 0, 0, 5, 128 }), 8, CanFrameFlags.Error);

        Assert.True(CanErrorReport.TryDecode(frame, out var report));
        Assert.Equal(CanErrorClasses.Controller | CanErrorClasses.ErrorCounters, report.Classes);
        Assert.Equal(CanControllerStatus.ReceivePassive, report.ControllerStatus);
        Assert.Equal(CanBusState.ErrorPassive, report.BusState);
        Assert.Equal((5, 128), (report.TransmitErrorCount, report.ReceiveErrorCount));
        Assert.False(CanErrorReport.TryDecode(new CanFrame(0x204, []), out _));
    }
}
