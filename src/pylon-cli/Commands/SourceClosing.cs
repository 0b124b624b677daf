using Pylontech.Can.Sources;

namespace Pylontech.Cli.Commands;

/// <summary>Closes a frame source without hanging the exit: a read of standard input that is still waiting cannot be interrupted.</summary>
internal static class SourceClosing
{
    public static async Task DisposeAsync(ICanFrameSource source)
    {
        try
        {
            await source.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            // The pending read ends with the process.
        }
    }
}
