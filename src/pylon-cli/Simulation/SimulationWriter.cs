using Pylontech.Can.Sources;

namespace Pylontech.Cli.Simulation;

/// <summary>Runs a simulator and writes its frames as a candump -L log.</summary>
internal static class SimulationWriter
{
    public static async Task<long> WriteAsync(StackSimulator simulator, Stream output, long seconds, long maxFrames, CancellationToken cancellation)
    {
        await using var writer = new CandumpWriter(output, leaveOpen: true);
        for (var s = 0L; s < seconds && writer.FrameCount < maxFrames; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var frame in simulator.NextSecond())
            {
                if (writer.FrameCount == maxFrames)
                {
                    break;
                }

                writer.Write(frame);
            }
        }

        await writer.FlushAsync(cancellation);
        return writer.FrameCount;
    }
}
