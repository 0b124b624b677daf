using Microsoft.Extensions.Time.Testing;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;

namespace Pylontech.Can.Tests.Sources;

public class PacedCanFrameSourceTests
{
    // Frames at 0 ms, 1 ms, 2 ms and 10 s.
    private const string Log = "(100.000000) can0 351#01\n(100.001000) can0 352#02\n(100.002000) can0 353#03\n(110.000000) can0 354#04\n";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static FakeTimeProvider NewClock() => new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private static async Task<uint[]> Ids(Task<int> read, CanFrame[] buffer) => buffer[..await read.WaitAsync(Patience)].Select(f => f.Id).ToArray();

    [Fact]
    public async Task Replays_as_fast_as_possible_by_default_without_waiting()
    {
        var clock = NewClock();
        await using var paced = new PacedCanFrameSource(SourceTestExtensions.ReaderOver(Log), new ReplayOptions { TimeProvider = clock });

        var frames = await paced.ReadAllFramesAsync().WaitAsync(Patience);

        Assert.Equal([0x351u, 0x352u, 0x353u, 0x354u], frames.Select(f => f.Id));
        Assert.Equal([100_000_000L, 100_001_000L, 100_002_000L, 110_000_000L], frames.Select(f => f.TimestampMicroseconds));
    }

    [Fact]
    public async Task Replays_in_real_time_by_the_recorded_timestamps()
    {
        var clock = NewClock();
        await using var paced = new PacedCanFrameSource(SourceTestExtensions.ReaderOver(Log), new ReplayOptions { Speed = 1, TimeProvider = clock });
        var buffer = new CanFrame[8];

        Assert.Equal(new uint[] { 0x351u }, await Ids(paced.ReadAsync(buffer).AsTask(), buffer));

        var second = paced.ReadAsync(buffer).AsTask();
        clock.Advance(TimeSpan.FromMicroseconds(999));
        await Task.Delay(20);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMicroseconds(1));
        Assert.Equal(new uint[] { 0x352u }, await Ids(second, buffer));

        // Late: everything due by now comes in one batch.
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new uint[] { 0x353u }, await Ids(paced.ReadAsync(buffer).AsTask(), buffer));

        var last = paced.ReadAsync(buffer).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(4_998));  // 9.999 s after the start
        await Task.Delay(20);
        Assert.False(last.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new uint[] { 0x354u }, await Ids(last, buffer));
        Assert.Equal(0, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Replays_twice_as_fast_at_speed_two()
    {
        var clock = NewClock();
        await using var paced = new PacedCanFrameSource(SourceTestExtensions.ReaderOver(Log), new ReplayOptions { Speed = 2, TimeProvider = clock });
        var buffer = new CanFrame[8];
        Assert.Equal(new uint[] { 0x351u }, await Ids(paced.ReadAsync(buffer).AsTask(), buffer));

        clock.Advance(TimeSpan.FromMilliseconds(1));  // 2 ms of recording
        Assert.Equal(new uint[] { 0x352u, 0x353u }, await Ids(paced.ReadAsync(buffer).AsTask(), buffer));

        var last = paced.ReadAsync(buffer).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(4_998));
        await Task.Delay(20);
        Assert.False(last.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));  // 5 s after the start = 10 s of recording
        Assert.Equal(new uint[] { 0x354u }, await Ids(last, buffer));
    }

    [Fact]
    public async Task Loops_with_timestamps_that_keep_increasing()
    {
        var opened = 0;
        await using var paced = new PacedCanFrameSource(
            () =>
            {
                opened++;
                return SourceTestExtensions.ReaderOver("(0.000000) can0 351#01\n(0.001000) can0 352#02\n(0.002000) can0 353#03\n");
            },
            new ReplayOptions { Loop = true });

        var frames = new List<CanFrame>();
        var buffer = new CanFrame[2];
        while (frames.Count < 9)
        {
            frames.AddRange(buffer.AsSpan(0, await paced.ReadAsync(buffer)));
        }

        // Each pass starts one average interval (1 ms) after the last frame of the one before.
        Assert.Equal([0L, 1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L, 7_000L, 8_000L], frames.Take(9).Select(f => f.TimestampMicroseconds));
        Assert.Equal([0x351u, 0x352u, 0x353u, 0x351u, 0x352u, 0x353u, 0x351u, 0x352u, 0x353u], frames.Take(9).Select(f => f.Id));
        Assert.Equal(2, paced.LoopCount);
        Assert.Equal(3, opened);
    }

    [Fact]
    public async Task Stops_waiting_when_cancelled()
    {
        var clock = NewClock();
        await using var paced = new PacedCanFrameSource(SourceTestExtensions.ReaderOver(Log), new ReplayOptions { Speed = 1, TimeProvider = clock });
        var buffer = new CanFrame[8];
        await paced.ReadAsync(buffer);

        using var cts = new CancellationTokenSource();
        var waiting = paced.ReadAsync(buffer, cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
    }

    [Fact]
    public void Refuses_a_speed_of_zero_and_looping_without_a_way_to_reopen()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacedCanFrameSource(SourceTestExtensions.ReaderOver(Log), new ReplayOptions { Speed = 0 }));
        Assert.Throws<ArgumentException>(() => new PacedCanFrameSource(SourceTestExtensions.ReaderOver(Log), new ReplayOptions { Loop = true }));
    }
}

public class CanSourcesTests
{
    [Fact]
    public async Task Opens_an_existing_file_as_a_candump_log()
    {
        var path = SharedCaptures.PathOf("01_setfirelabs_us5000_fw_v1.2_vs_v1.3.candump.log");
        await using var source = CanSources.Open(path);
        Assert.IsType<CandumpReader>(source);
        Assert.Equal(path, source.Name);
        Assert.Equal(12, (await source.ReadAllFramesAsync()).Count);
    }

    [Fact]
    public async Task Opens_dash_as_standard_input()
    {
        await using var source = CanSources.Open("-");
        Assert.Equal(CandumpReader.StandardInputName, Assert.IsType<CandumpReader>(source).Name);
    }

    [Fact]
    public void Names_a_missing_file_instead_of_looking_for_an_interface()
    {
        var e = Assert.Throws<CanSourceException>(() => CanSources.Open("logs/missing.log"));
        Assert.Equal("logs/missing.log: no such file", e.Message);
    }

    [LinuxFact]
    public void Opens_any_other_name_as_a_SocketCAN_interface()
    {
        var e = Assert.Throws<CanSourceException>(() => CanSources.Open("can0"));
        Assert.Equal("can0", e.SourceName);
        Assert.StartsWith("can0: ", e.Message, StringComparison.Ordinal);
    }
}
