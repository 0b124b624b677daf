namespace Pylontech.Can.Sources;

/// <summary>A line of a candump log that could not be parsed.</summary>
public sealed class CandumpParseErrorEventArgs : EventArgs
{
    /// <summary>Creates the error.</summary>
    /// <param name="fileName">The file as named in messages, e.g. <c>log.txt</c> or <c>&lt;stdin&gt;</c>.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="lineText">The line (trimmed, possibly shortened).</param>
    /// <param name="reason">Why it could not be parsed.</param>
    public CandumpParseErrorEventArgs(string fileName, long lineNumber, string lineText, string reason)
    {
        FileName = fileName;
        LineNumber = lineNumber;
        LineText = lineText;
        Reason = reason;
    }

    /// <summary>The file as named in messages, e.g. <c>log.txt</c> or <c>&lt;stdin&gt;</c>.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line number.</summary>
    public long LineNumber { get; }

    /// <summary>The offending line, trimmed; lines longer than 80 characters are cut and end with <c>...</c>.</summary>
    public string LineText { get; }

    /// <summary>Why the line could not be parsed, e.g. <c>odd number of hex digits</c>.</summary>
    public string Reason { get; }

    /// <summary>One line for the user: <c>FILE:LINE: cannot parse 'TEXT': REASON</c>.</summary>
    public string Message => $"{FileName}:{LineNumber}: cannot parse '{LineText}': {Reason}";

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>A candump log held a line that could not be parsed and the reader was strict.</summary>
public sealed class CandumpFormatException : CanSourceException
{
    /// <summary>Creates the exception.</summary>
    public CandumpFormatException()
        : this("a candump line could not be parsed")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public CandumpFormatException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CandumpFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Creates the exception from a parse error.</summary>
    /// <param name="error">The error; its <see cref="CandumpParseErrorEventArgs.Message"/> becomes this exception's message.</param>
    public CandumpFormatException(CandumpParseErrorEventArgs error)
        : base(error?.FileName ?? string.Empty, error?.Message ?? string.Empty, 0)
    {
        ArgumentNullException.ThrowIfNull(error);
        LineNumber = error.LineNumber;
        Reason = error.Reason;
    }

    /// <summary>The 1-based line number, or 0 when unknown.</summary>
    public long LineNumber { get; }

    /// <summary>Why the line could not be parsed.</summary>
    public string Reason { get; }
}
