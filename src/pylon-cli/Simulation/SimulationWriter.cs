using System.Globalization;
using System.Text;

namespace Pylontech.Cli.Simulation;

/// <summary>Runs a simulator and writes its frames as a candump -L log.</summary>
internal static class SimulationWriter
{
    public static async Task<long> WriteAsync(StackSimulator simulator, Stream output, long seconds, long maxFrames, CancellationToken cancellation)
    {
        var written = 0L;
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        for (var s = 0L; s < seconds && written < maxFrames; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var frame in simulator.NextSecond())
            {
                if (written == maxFrames)
                {
                    break;
                }

                var ts = frame.TimestampMicroseconds;
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"({ts / 1_000_000}.{ts % 1_000_000:D6}) {frame.Interface} {frame}"));
                written++;
            }
        }

        await writer.FlushAsync(cancellation);
        return written;
    }
}
