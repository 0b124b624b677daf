using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading.Channels;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources.SocketCan;

namespace Pylontech.Can.Sources;

/// <summary>
/// Reads (and sends) classic CAN frames on a Linux SocketCAN interface such as <c>can0</c>, through a raw <c>AF_CAN</c> socket.
/// </summary>
/// <remarks>
/// <para>A dedicated background thread waits for frames with <c>poll()</c> (waking every 100 ms to notice disposal) and
/// receives them with <c>recvmsg()</c>, taking the kernel's <c>SO_TIMESTAMP</c> receive time (the wall clock when absent).
/// Frames are handed to <see cref="ReadAsync"/> through a bounded queue, so no thread-pool thread ever blocks and a read
/// stops at once when cancelled. This was chosen over wrapping the descriptor in <see cref="System.Net.Sockets.Socket"/>:
/// the runtime's socket layer does not know the <c>AF_CAN</c> family, and the plain system calls used here are the same
/// for any socket, so they are tested on this very code path with a Unix socket pair.</para>
/// <para>Error frames (enabled by <see cref="SocketCanOptions.ReceiveErrorFrames"/>) are returned as frames with
/// <see cref="CanFrameFlags.Error"/> and, as they are read, update <see cref="BusState"/> and raise <see cref="BusStateChanged"/>.</para>
/// <para>Failures are <see cref="CanSourceException"/>s with one actionable line, e.g. <c>can0: no such CAN interface; see 'ip link'</c>
/// or <c>can0: interface is down; bring it up with 'ip link set can0 up type can bitrate 500000'</c>.</para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class SocketCanSource : ICanFrameSource
{
    private const int DefaultPollTimeoutMilliseconds = 100;
    private const int ReceiveBatch = 64;

    private readonly SafeCanSocketHandle _socket;
    private readonly TimeProvider _time;
    private readonly int _pollTimeout;
    private readonly Channel<CanFrame> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private bool _disposed;

    internal unsafe SocketCanSource(SafeCanSocketHandle socket, string name, SocketCanOptions options, int pollTimeoutMilliseconds = DefaultPollTimeoutMilliseconds, bool kernelTimestamps = true)
    {
        _socket = socket;
        Name = name;
        _time = options.TimeProvider;
        _pollTimeout = pollTimeoutMilliseconds;
        _queue = Channel.CreateBounded<CanFrame>(new BoundedChannelOptions(Math.Max(options.QueueCapacity, ReceiveBatch))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Without kernel timestamps frames are stamped with the wall clock when read, which is all a failure here costs.
        var on = 1;
        if (kernelTimestamps)
        {
            Interop.SetSockOpt(_socket, Interop.SOL_SOCKET, Interop.SO_TIMESTAMP, &on, sizeof(int));
        }

        new Thread(ReceiveLoop) { IsBackground = true, Name = $"SocketCAN {name}" }.Start();
    }

    /// <summary>Raised, on the reading thread, when an error frame read changes <see cref="BusState"/> or reports a controller restart.</summary>
    public event EventHandler<CanBusStateChangedEventArgs>? BusStateChanged;

    /// <summary>The interface name, e.g. <c>can0</c>.</summary>
    public string Name { get; }

    /// <summary>The bus state as last reported by an error frame; <see cref="CanBusState.ErrorActive"/> until one says otherwise.</summary>
    public CanBusState BusState { get; private set; }

    /// <summary>The number of frames read so far, error frames included.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Opens a raw CAN socket on an interface.</summary>
    /// <param name="interfaceName">The interface, e.g. <c>can0</c>.</param>
    /// <param name="options">Filters, error frames, clock; by default every frame and error frames.</param>
    /// <returns>The source, already receiving; dispose it to close the socket.</returns>
    /// <exception cref="CanSourceException">No such interface, no SocketCAN in the kernel, permission denied, or another failure, in one line.</exception>
    public static unsafe SocketCanSource Open(string interfaceName, SocketCanOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        options ??= new SocketCanOptions();
        var fd = Interop.Socket(Interop.AF_CAN, Interop.SOCK_RAW | Interop.SOCK_CLOEXEC, Interop.CAN_RAW);
        if (fd < 0)
        {
            throw SocketCanErrors.Create(interfaceName, Marshal.GetLastPInvokeError(), "socket");
        }

        var socket = new SafeCanSocketHandle(fd);
        try
        {
            var index = Interop.IfNameToIndex(interfaceName);
            if (index == 0)
            {
                throw SocketCanErrors.Create(interfaceName, Interop.ENODEV, "if_nametoindex");
            }

            Configure(socket, interfaceName, options);
            var address = new Interop.SockAddrCan { Family = Interop.AF_CAN, InterfaceIndex = (int)index };
            if (Interop.Bind(socket, &address, sizeof(Interop.SockAddrCan)) != 0)
            {
                throw SocketCanErrors.Create(interfaceName, Marshal.GetLastPInvokeError(), "bind");
            }

            return new SocketCanSource(socket, interfaceName, options);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<CanFrame> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return new(0);
        }

        var count = Drain(buffer.Span);
        return count > 0 ? new(count) : WaitAndReadAsync(buffer, cancellationToken);
    }

    /// <summary>Sends one frame on the interface (e.g. a heartbeat), without waiting.</summary>
    /// <param name="frame">The frame: data or remote, 11- or 29-bit.</param>
    /// <exception cref="ArgumentException">The frame is an error frame, which cannot be sent.</exception>
    /// <exception cref="CanSourceException">The interface is down or its transmit queue is full, in one line.</exception>
    public unsafe void Send(in CanFrame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (frame.IsError)
        {
            throw new ArgumentException("error frames are generated by the controller and cannot be sent", nameof(frame));
        }

        var record = stackalloc byte[Interop.CanFrameSize];
        Encode(frame, new Span<byte>(record, Interop.CanFrameSize));
        var sent = Interop.Send(_socket, record, Interop.CanFrameSize, Interop.MSG_DONTWAIT);
        if (sent != Interop.CanFrameSize)
        {
            throw SocketCanErrors.Create(Name, sent < 0 ? Marshal.GetLastPInvokeError() : Interop.ENOBUFS, "send");
        }
    }

    /// <summary>Stops receiving and closes the socket.</summary>
    /// <returns>A task that completes when the receiving thread has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stopped.Task.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
    }

    /// <summary>Decodes a <c>struct can_frame</c> record (host byte order identifier, length, 8 data bytes).</summary>
    internal static CanFrame Decode(ReadOnlySpan<byte> record, long timestampMicroseconds, string? interfaceName)
    {
        var canId = MemoryMarshal.Read<uint>(record);
        var length = Math.Min((int)record[4], CanFrame.MaxDataLength);
        var data = BinaryPrimitives.ReadUInt64LittleEndian(record[8..]);
        CanFrameFlags flags;
        uint id;
        if ((canId & Interop.CAN_ERR_FLAG) != 0)
        {
            flags = CanFrameFlags.Error;
            id = canId & Interop.CAN_ERR_MASK;
        }
        else if ((canId & Interop.CAN_EFF_FLAG) != 0)
        {
            flags = CanFrameFlags.Extended;
            id = canId & Interop.CAN_EFF_MASK;
        }
        else
        {
            flags = CanFrameFlags.None;
            id = canId & Interop.CAN_SFF_MASK;
        }

        if ((canId & Interop.CAN_RTR_FLAG) != 0 && (flags & CanFrameFlags.Error) == 0)
        {
            flags |= CanFrameFlags.Remote;
            data = 0;
        }

        return CanFrame.FromRaw(id, data, length, flags, timestampMicroseconds, interfaceName);
    }

    /// <summary>Encodes a frame as a <c>struct can_frame</c> record.</summary>
    internal static void Encode(in CanFrame frame, Span<byte> record)
    {
        record.Clear();
        var canId = frame.Id
            | (frame.IsExtended ? Interop.CAN_EFF_FLAG : 0)
            | (frame.IsRemote ? Interop.CAN_RTR_FLAG : 0)
            | (frame.IsError ? Interop.CAN_ERR_FLAG : 0);
        MemoryMarshal.Write(record, in canId);
        record[4] = frame.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(record[8..], frame.IsRemote ? 0 : frame.RawData);
    }

    private static unsafe void Configure(SafeCanSocketHandle socket, string name, SocketCanOptions options)
    {
        if (options.Filters is { } filters)
        {
            var native = new Interop.CanFilterNative[filters.Count];
            for (var i = 0; i < native.Length; i++)
            {
                var f = filters[i];
                native[i] = f.Extended
                    ? new() { Id = (f.Id & Interop.CAN_EFF_MASK) | Interop.CAN_EFF_FLAG, Mask = (f.Mask & Interop.CAN_EFF_MASK) | Interop.CAN_EFF_FLAG }
                    : new() { Id = f.Id & Interop.CAN_SFF_MASK, Mask = (f.Mask & Interop.CAN_SFF_MASK) | Interop.CAN_EFF_FLAG };
            }

            fixed (Interop.CanFilterNative* p = native)
            {
                SetOption(socket, name, Interop.SOL_CAN_RAW, Interop.CAN_RAW_FILTER, p, native.Length * sizeof(Interop.CanFilterNative), "setsockopt CAN_RAW_FILTER");
            }
        }

        if (options.ReceiveErrorFrames)
        {
            var mask = Interop.CAN_ERR_MASK;
            SetOption(socket, name, Interop.SOL_CAN_RAW, Interop.CAN_RAW_ERR_FILTER, &mask, sizeof(uint), "setsockopt CAN_RAW_ERR_FILTER");
        }
    }

    private static unsafe void SetOption(SafeCanSocketHandle socket, string name, int level, int option, void* value, int length, string operation)
    {
        if (Interop.SetSockOpt(socket, level, option, value, length) != 0)
        {
            throw SocketCanErrors.Create(name, Marshal.GetLastPInvokeError(), operation);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> WaitAndReadAsync(Memory<CanFrame> buffer, CancellationToken cancellationToken)
    {
        while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var count = Drain(buffer.Span);
            if (count > 0)
            {
                return count;
            }
        }

        return 0;
    }

    private int Drain(Span<CanFrame> frames)
    {
        var count = 0;
        while (count < frames.Length && _queue.Reader.TryRead(out var frame))
        {
            frames[count++] = frame;
            if (frame.IsError)
            {
                OnErrorFrame(frame);
            }
        }

        FrameCount += count;
        return count;
    }

    private void OnErrorFrame(in CanFrame frame)
    {
        if (!CanErrorReport.TryDecode(frame, out var report) || report.BusState is not { } state || (state == BusState && !report.IsRestart))
        {
            return;
        }

        var previous = BusState;
        BusState = state;
        BusStateChanged?.Invoke(this, new CanBusStateChangedEventArgs(Name, previous, state, report, frame.TimestampMicroseconds));
    }

    private unsafe void ReceiveLoop()
    {
        var referenced = false;
        try
        {
            _socket.DangerousAddRef(ref referenced);
            var fd = _socket.Fd;
            var batch = new CanFrame[ReceiveBatch];
            var record = stackalloc byte[Interop.CanFrameSize];
            var control = stackalloc byte[Interop.TimestampControlSpace];
            var ended = false;
            while (!_stopping && !ended)
            {
                var poll = new Interop.PollFd { Fd = fd, Events = Interop.POLLIN };
                var ready = Interop.Poll(&poll, 1, _pollTimeout);
                if (ready <= 0)
                {
                    var errno = ready < 0 ? Marshal.GetLastPInvokeError() : 0;
                    if (errno is 0 or Interop.EINTR)
                    {
                        continue;
                    }

                    throw SocketCanErrors.Create(Name, errno, "poll");
                }

                var count = 0;
                while (count < batch.Length)
                {
                    var received = Receive(fd, record, control, out var timestamp);
                    if (received < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == Interop.EINTR)
                        {
                            continue;
                        }

                        if (errno == Interop.EAGAIN)
                        {
                            break;
                        }

                        Publish(batch, count);
                        throw SocketCanErrors.Create(Name, errno, "read");
                    }

                    if (received == 0)
                    {
                        ended = true;
                        break;
                    }

                    if (received == Interop.CanFrameSize)
                    {
                        batch[count++] = Decode(new ReadOnlySpan<byte>(record, Interop.CanFrameSize), timestamp, Name);
                    }
                }

                if (!Publish(batch, count))
                {
                    break;
                }
            }

            _queue.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _queue.Writer.TryComplete(e);
        }
        finally
        {
            if (referenced)
            {
                _socket.DangerousRelease();
            }

            _stopped.TrySetResult();
        }
    }

    /// <summary>Receives one record without waiting; returns its size, 0 at the end of the stream, or -1 with errno set.</summary>
    private unsafe nint Receive(int fd, byte* record, byte* control, out long timestampMicroseconds)
    {
        var iov = new Interop.IoVec { Base = record, Length = Interop.CanFrameSize };
        var message = new Interop.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)Interop.TimestampControlSpace };
        var received = Interop.RecvMsg(fd, &message, Interop.MSG_DONTWAIT);
        timestampMicroseconds = 0;
        if (received <= 0)
        {
            return received;
        }

        var header = (Interop.CmsgHdr*)control;
        if (message.ControlLength >= (nuint)sizeof(Interop.CmsgHdr) && header->Level == Interop.SOL_SOCKET && header->Type == Interop.SCM_TIMESTAMP)
        {
            var time = (Interop.TimeVal*)(control + Interop.CmsgDataOffset);
            timestampMicroseconds = ((long)time->Seconds * 1_000_000) + time->Microseconds;
        }
        else
        {
            timestampMicroseconds = (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        }

        return received;
    }

    /// <summary>Queues received frames, waiting while the queue is full; false once the source is being disposed.</summary>
    private bool Publish(CanFrame[] batch, int count)
    {
        var writer = _queue.Writer;
        for (var i = 0; i < count; i++)
        {
            while (!writer.TryWrite(batch[i]))
            {
                try
                {
                    if (!writer.WaitToWriteAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                    {
                        return false;
                    }
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
