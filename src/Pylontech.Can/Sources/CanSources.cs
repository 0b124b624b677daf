namespace Pylontech.Can.Sources;

/// <summary>Opens a frame source from what a user types on a command line.</summary>
public static class CanSources
{
    /// <summary>The name that stands for standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>Opens a source by name.</summary>
    /// <param name="name">
    /// <c>-</c> reads candump output from standard input (e.g. <c>candump -L can0 | pylon ...</c>); the path of an existing file
    /// reads it as a candump log; a name with a <c>/</c> or a <c>.</c> is taken as a file that must exist; anything else
    /// is a SocketCAN interface such as <c>can0</c> (Linux only).
    /// </param>
    /// <param name="candumpOptions">How to read a log or standard input.</param>
    /// <param name="socketCanOptions">How to open a SocketCAN interface.</param>
    /// <returns>The source; dispose it when done.</returns>
    /// <exception cref="CanSourceException">The file or interface cannot be opened, in one line.</exception>
    public static ICanFrameSource Open(string name, CandumpReaderOptions? candumpOptions = null, SocketCanOptions? socketCanOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == StandardInput)
        {
            return CandumpReader.OpenStandardInput(candumpOptions);
        }

        if (File.Exists(name) || name.Contains('/', StringComparison.Ordinal) || name.Contains('.', StringComparison.Ordinal))
        {
            if (!File.Exists(name))
            {
                throw new CanSourceException(name, $"{name}: no such file", 0);
            }

            return CandumpReader.Open(name, candumpOptions);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new CanSourceException(name, $"{name}: no such file, and SocketCAN interfaces exist only on Linux", 0);
        }

        return SocketCanSource.Open(name, socketCanOptions);
    }
}
