using System.Runtime.CompilerServices;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Sources;

/// <summary>
/// Replays a recorded source (typically a <see cref="CandumpReader"/>) at the pace of its timestamps: as fast as possible,
/// in real time or N times faster, optionally looping.
/// </summary>
/// <remarks>
/// The first frame is returned at once; each later frame is returned when <c>(its timestamp - the first one's) / Speed</c> has
/// elapsed on <see cref="ReplayOptions.TimeProvider"/>. Frames already due are returned together in one batch; a frame whose
/// timestamp goes backwards is due at once. Frames keep their recorded timestamps (shifted on later passes of a loop).
/// </remarks>
public sealed class PacedCanFrameSource : ICanFrameSource
{
    private const int PendingCapacity = 256;

    private readonly Func<ICanFrameSource>? _reopen;
    private readonly double _speed;
    private readonly bool _loop;
    private readonly TimeProvider _time;
    private readonly CanFrame[] _pending;
    private ICanFrameSource _source;
    private int _pendingStart;
    private int _pendingEnd;
    private long _offset;
    private long _passFirst;
    private long _passLast;
    private long _passCount;
    private bool _anchored;
    private long _anchorTimestamp;
    private long _anchorClock;

    /// <summary>Paces a source that is read once (<see cref="ReplayOptions.Loop"/> is not possible).</summary>
    /// <param name="source">The recording; disposed with this source.</param>
    /// <param name="options">Speed and clock.</param>
    /// <exception cref="ArgumentException"><see cref="ReplayOptions.Loop"/> is set: looping needs a way to reopen the recording.</exception>
    public PacedCanFrameSource(ICanFrameSource source, ReplayOptions? options = null)
        : this(source, null, options)
    {
        if (_loop)
        {
            throw new ArgumentException("looping needs a way to reopen the recording: use the constructor taking a function", nameof(options));
        }
    }

    /// <summary>Paces a recording that can be reopened, so that it can loop.</summary>
    /// <param name="open">Opens the recording from its start, e.g. <c>() =&gt; CandumpReader.Open("log.txt")</c>; called once per pass.</param>
    /// <param name="options">Speed, looping and clock.</param>
    public PacedCanFrameSource(Func<ICanFrameSource> open, ReplayOptions? options = null)
        : this((open ?? throw new ArgumentNullException(nameof(open)))(), open, options)
    {
    }

    private PacedCanFrameSource(ICanFrameSource source, Func<ICanFrameSource>? reopen, ReplayOptions? options)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new ReplayOptions();
        if (!(options.Speed > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Speed, "the replay speed must be above 0");
        }

        _source = source;
        _reopen = reopen;
        _speed = options.Speed;
        _loop = options.Loop;
        _time = options.TimeProvider;
        _pending = double.IsPositiveInfinity(_speed) ? [] : new CanFrame[PendingCapacity];
    }

    /// <inheritdoc />
    public string Name => _source.Name;

    /// <summary>How many times the recording has been started again (0 on the first pass).</summary>
    public int LoopCount { get; private set; }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadAsync(Memory<CanFrame> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (double.IsPositiveInfinity(_speed))
            {
                var read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    Shift(buffer.Span[..read]);
                    return read;
                }
            }
            else if (_pendingStart < _pendingEnd || await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                var count = TakeDue(buffer.Span, out var wait);
                if (count > 0)
                {
                    return count;
                }

                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!await StartNextPassAsync().ConfigureAwait(false))
            {
                return 0;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        var read = await _source.ReadAsync(_pending, cancellationToken).ConfigureAwait(false);
        Shift(_pending.AsSpan(0, read));
        _pendingStart = 0;
        _pendingEnd = read;
        return read > 0;
    }

    /// <summary>Applies the loop offset and notes the pass's first and last timestamps.</summary>
    private void Shift(Span<CanFrame> frames)
    {
        if (frames.IsEmpty)
        {
            return;
        }

        if (_passCount == 0)
        {
            _passFirst = frames[0].TimestampMicroseconds;
        }

        _passCount += frames.Length;
        _passLast = frames[^1].TimestampMicroseconds;
        if (_offset != 0)
        {
            foreach (ref var frame in frames)
            {
                frame = frame.WithTimestamp(frame.TimestampMicroseconds + _offset);
            }
        }
    }

    /// <summary>Moves the frames that are due to <paramref name="destination"/>; when none is, says how long to wait.</summary>
    private int TakeDue(Span<CanFrame> destination, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (!_anchored)
        {
            _anchored = true;
            _anchorTimestamp = _pending[_pendingStart].TimestampMicroseconds;
            _anchorClock = _time.GetTimestamp();
        }

        var elapsedMicroseconds = _time.GetElapsedTime(_anchorClock).Ticks / TimeSpan.TicksPerMicrosecond;
        var count = 0;
        while (count < destination.Length && _pendingStart < _pendingEnd)
        {
            var dueMicroseconds = (_pending[_pendingStart].TimestampMicroseconds - _anchorTimestamp) / _speed;
            if (dueMicroseconds > elapsedMicroseconds)
            {
                if (count == 0)
                {
                    wait = TimeSpan.FromTicks((long)Math.Ceiling((dueMicroseconds - elapsedMicroseconds) * TimeSpan.TicksPerMicrosecond));
                }

                break;
            }

            destination[count++] = _pending[_pendingStart++];
        }

        return count;
    }

    /// <summary>At the end of a pass, reopens the recording when looping; false when the replay is over.</summary>
    private async ValueTask<bool> StartNextPassAsync()
    {
        if (!_loop || _passCount == 0)
        {
            return false;
        }

        var span = _passLast - _passFirst;
        var interval = _passCount > 1 ? Math.Max(span / (_passCount - 1), 1) : 1_000;
        _offset += span + interval;
        _passCount = 0;
        await _source.DisposeAsync().ConfigureAwait(false);
        _source = _reopen!();
        LoopCount++;
        return true;
    }
}
