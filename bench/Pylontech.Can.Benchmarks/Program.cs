// Measures the candump frame sources: parsing a candump -L log and writing one.
// Usage: dotnet run -c Release --project bench/Pylontech.Can.Benchmarks [lines]
using System.Diagnostics;
using System.Globalization;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;

var lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var path = Path.Combine(Path.GetTempPath(), $"pylontech-bench-{Environment.ProcessId}.candump.log");
try
{
    // A log shaped like a Pylontech stack: the 0x35x set, 1 ms apart, 6-8 data bytes.
    int[] ids = [0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E, 0x305];
    var random = new Random(1);
    var frames = new CanFrame[lines];
    for (var i = 0; i < lines; i++)
    {
        var length = random.Next(2, 9);
        frames[i] = CanFrame.FromRaw((uint)ids[i % ids.Length], (ulong)random.NextInt64(), length, CanFrameFlags.None, 1_700_000_000_000_000 + (i * 1000L), "can0");
    }

    var write = Measure("write (CandumpWriter to file)", lines, () =>
    {
        using var writer = new CandumpWriter(File.Create(path));
        writer.Write(frames);
    });

    var bytes = File.ReadAllBytes(path);
    Console.WriteLine($"log: {lines:N0} lines, {bytes.Length / (1024.0 * 1024.0):F1} MiB");

    Measure("parse lines (CandumpLineParser over memory)", lines, () => ParseAll(bytes));

    Measure("read file (CandumpReader.ReadAsync, 1024-frame batches)", lines, () =>
    {
        ReadAllAsync(path).GetAwaiter().GetResult();
    });
}
finally
{
    File.Delete(path);
}

static void ParseAll(byte[] bytes)
{
    var span = bytes.AsSpan();
    long sum = 0;
    while (!span.IsEmpty)
    {
        var end = span.IndexOf((byte)'\n');
        var line = end < 0 ? span : span[..end];
        if (CandumpLineParser.Parse(line, out var frame, out _) == CandumpLineKind.Frame)
        {
            sum += frame.Id;
        }

        span = end < 0 ? default : span[(end + 1)..];
    }

    GC.KeepAlive(sum);
}

static async Task ReadAllAsync(string path)
{
    await using var reader = CandumpReader.Open(path, new CandumpReaderOptions { Strict = true });
    var buffer = new CanFrame[1024];
    long sum = 0;
    int n;
    while ((n = await reader.ReadAsync(buffer)) > 0)
    {
        for (var i = 0; i < n; i++)
        {
            sum += (long)buffer[i].RawData;
        }
    }

    GC.KeepAlive(sum);
}

static double Measure(string name, int lines, Action run)
{
    // Warm up until tiered compilation has settled, then keep the best of ten. Wall time suffers when other work
    // shares the machine, so the CPU time of this process is reported beside it.
    for (var i = 0; i < 8; i++)
    {
        run();
    }

    var best = double.MaxValue;
    var bestCpu = double.MaxValue;
    long allocated = 0;
    var process = Process.GetCurrentProcess();
    for (var i = 0; i < 10; i++)
    {
        GC.Collect();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        run();
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        process.Refresh();
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
        bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    Console.WriteLine($"{name}: {lines / best / 1e6:F1} M lines/s wall ({best * 1000:F0} ms), {lines / bestCpu / 1e6:F1} M lines/s per CPU second, {(double)allocated / lines:F3} B allocated per line ({allocated:N0} B in all)");
    return best;
}
