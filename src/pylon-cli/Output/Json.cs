namespace Pylontech.Cli.Output;

/// <summary>JSON string literals written straight into UTF-8 output.</summary>
internal static class Json
{
    public static void WriteString(Utf8Output output, string text)
    {
        output.Write((byte)'"');
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                WriteAsciiEscaped(output, (byte)c);
            }
            else
            {
                output.Write(c.ToString());
            }
        }

        output.Write((byte)'"');
    }

    /// <summary>Writes bytes of a CAN text signal: ASCII as is (escaped where JSON needs it), other bytes as the Latin-1 character of that code.</summary>
    public static void WriteString(Utf8Output output, ReadOnlySpan<byte> bytes)
    {
        output.Write((byte)'"');
        foreach (var b in bytes)
        {
            if (b < 0x80)
            {
                WriteAsciiEscaped(output, b);
            }
            else
            {
                WriteUnicodeEscape(output, b);
            }
        }

        output.Write((byte)'"');
    }

    private static void WriteAsciiEscaped(Utf8Output output, byte b)
    {
        switch (b)
        {
            case (byte)'"':
                output.Write("\\\""u8);
                break;
            case (byte)'\\':
                output.Write("\\\\"u8);
                break;
            case < 0x20 or 0x7F:
                WriteUnicodeEscape(output, b);
                break;
            default:
                output.Write(b);
                break;
        }
    }

    private static void WriteUnicodeEscape(Utf8Output output, int code)
    {
        output.Write("\\u"u8);
        output.Write(code, "X4");
    }
}
