namespace Pylontech.Can.Sources;

/// <summary>
/// A frame source failed in a way the user can act on. <see cref="Exception.Message"/> is one line naming the source,
/// e.g. <c>can0: no such CAN interface; see 'ip link'</c> or <c>log.txt:17: cannot parse '356#7A13F': odd number of hex digits</c>.
/// </summary>
public class CanSourceException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CanSourceException()
        : this("the CAN frame source failed")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line: what and where.</param>
    public CanSourceException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line: what and where.</param>
    /// <param name="innerException">The cause.</param>
    public CanSourceException(string message, Exception? innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="sourceName">The interface or file, e.g. <c>can0</c>.</param>
    /// <param name="message">One line: what and where, starting with the source name.</param>
    /// <param name="errorNumber">The operating system's error number (errno), or 0.</param>
    /// <param name="innerException">The cause, or null.</param>
    public CanSourceException(string sourceName, string message, int errorNumber, Exception? innerException = null)
        : base(message, innerException)
    {
        SourceName = sourceName;
        ErrorNumber = errorNumber;
    }

    /// <summary>The interface or file the error is about, e.g. <c>can0</c>; empty when unknown.</summary>
    public string SourceName { get; }

    /// <summary>The operating system's error number (errno) behind the error, or 0.</summary>
    public int ErrorNumber { get; }
}
