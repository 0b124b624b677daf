using System.Runtime.CompilerServices;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Sources;

/// <summary>
/// Parses one line of candump output from its UTF-8 bytes, without allocating for valid lines.
/// </summary>
/// <remarks>
/// <para>Accepted forms (leading and trailing blanks and a trailing <c>\r</c> are ignored):</para>
/// <list type="bullet">
/// <item>the log format of <c>candump -L</c>/<c>-l</c>: <c>(1700000000.123456) can0 356#7A13F2FE6B01</c>, with
/// <c>123#R</c>/<c>123#R4</c> remote requests, optional <c>.</c> between data bytes and an optional <c>R</c>/<c>T</c> direction after the frame;</item>
/// <item>candump's screen format: <c>can0  356   [6]  7A 13 F2 FE 6B 01</c>, with or without a leading <c>(timestamp)</c>
/// (<c>-ta</c>, <c>-td</c>, <c>-tz</c>), <c>remote request</c>, a trailing <c>ERRORFRAME</c> or <c>'ascii'</c> column, and <c>-x</c>'s <c>RX - -</c> column.</item>
/// </list>
/// <para>Identifiers have 3 hex digits (11-bit) or 8 (29-bit); an 8-digit identifier with SocketCAN's
/// <c>CAN_ERR_FLAG</c> (<c>0x20000000</c>) set is an error frame. Blank lines and lines starting with <c>#</c> are skipped.
/// CAN FD frames (<c>##</c>, or a two-digit <c>[NN]</c> length) are rejected: they are not supported yet.</para>
/// </remarks>
public ref struct CandumpLineParser
{
    private const uint ErrorFlag = 0x20000000;
    private const uint ErrorMask = 0x1FFFFFFF;

    private readonly ReadOnlySpan<byte> _s;
    private int _p;

    private CandumpLineParser(ReadOnlySpan<byte> line)
    {
        _s = line;
        _p = 0;
    }

    /// <summary>Parses one line (without its <c>\n</c>).</summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="frame">The frame when the result is <see cref="CandumpLineKind.Frame"/>.</param>
    /// <param name="reason">Why the line is invalid when the result is <see cref="CandumpLineKind.Invalid"/>, e.g. <c>odd number of hex digits</c>; otherwise null.</param>
    /// <returns>Whether the line held a frame, nothing, or something invalid.</returns>
    public static CandumpLineKind Parse(ReadOnlySpan<byte> line, out CandumpLine frame, out string? reason)
    {
        reason = null;
        if (TryParseCanonicalLog(line, out frame))
        {
            return CandumpLineKind.Frame;
        }

        var end = line.Length;
        while (end > 0 && IsBlank(line[end - 1]))
        {
            end--;
        }

        var parser = new CandumpLineParser(line[..end]);
        parser.SkipBlanks();
        if (parser.AtEnd || parser.Current == (byte)'#')
        {
            frame = default;
            reason = null;
            return CandumpLineKind.Skipped;
        }

        reason = parser.ParseFrame(out frame);
        return reason is null ? CandumpLineKind.Frame : CandumpLineKind.Invalid;
    }

    private readonly bool AtEnd => _p >= _s.Length;

    /// <summary>
    /// The fast path for what candump -L writes and most logs hold, <c>(1700000000.123456) can0 356#7A13F2FE6B01</c>:
    /// a straight scan that gives up (false) on anything else, which the general parser then handles or explains.
    /// </summary>
    private static bool TryParseCanonicalLog(ReadOnlySpan<byte> s, out CandumpLine frame)
    {
        frame = default;
        var end = s.Length;
        if (end > 0 && s[end - 1] == (byte)'\r')
        {
            end--;
        }

        if (end < 16 || s[0] != (byte)'(')
        {
            return false;
        }

        var p = 1;
        long seconds = 0;
        while (p < end && p <= 13 && IsDigit(s[p]))
        {
            seconds = (seconds * 10) + (s[p++] - '0');
        }

        if (p == 1 || p + 8 >= end || s[p] != (byte)'.')
        {
            return false;
        }

        long micros = 0;
        for (var i = p + 1; i < p + 7; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }

            micros = (micros * 10) + (s[i] - '0');
        }

        p += 7;
        if (s[p] != (byte)')' || s[p + 1] != (byte)' ')
        {
            return false;
        }

        p += 2;
        var nameStart = p;
        while (p < end && s[p] != (byte)' ')
        {
            p++;
        }

        var nameEnd = p++;
        var idStart = p;
        uint id = 0;
        while (p < end && s[p] != (byte)'#')
        {
            var v = HexValue(s[p++]);
            if (v < 0)
            {
                return false;
            }

            id = (id << 4) | (uint)v;
        }

        var idLength = p - idStart;
        CanFrameFlags flags;
        if (idLength == 3 && id <= 0x7FF)
        {
            flags = CanFrameFlags.None;
        }
        else if (idLength == 8 && id <= ErrorMask)
        {
            flags = CanFrameFlags.Extended;
        }
        else
        {
            return false;
        }

        p++;
        ulong data = 0;
        var count = 0;
        while (p + 1 < end && count < CanFrame.MaxDataLength)
        {
            var high = HexValue(s[p]);
            var low = HexValue(s[p + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            data |= (ulong)(uint)((high << 4) | low) << (8 * count++);
            p += 2;
        }

        if (p != end || nameEnd == nameStart)
        {
            return false;
        }

        frame = new CandumpLine(s[nameStart..nameEnd], id, flags, data, (byte)count, (seconds * 1_000_000) + micros, hasTimestamp: true);
        return true;
    }

    private readonly byte Current => _s[_p];

    private string? ParseFrame(out CandumpLine frame)
    {
        frame = default;
        long timestamp = 0;
        var hasTimestamp = _s[_p] == (byte)'(';
        if (hasTimestamp && !TryParseTimestamp(out timestamp))
        {
            return "invalid timestamp: expected (seconds.microseconds)";
        }

        if (hasTimestamp && !SkipBlanks())
        {
            return "expected an interface name after the timestamp";
        }

        var interfaceName = NextToken();
        if (interfaceName.Contains((byte)'#'))
        {
            return "expected an interface name before the frame";
        }

        if (!SkipBlanks())
        {
            return "expected a frame after the interface name";
        }

        var token = NextToken();
        if (token.SequenceEqual("RX"u8) || token.SequenceEqual("TX"u8))
        {
            // candump -x: direction, then the bit-rate-switch and error-state-indicator columns of CAN FD.
            SkipBlanks();
            NextToken();
            SkipBlanks();
            NextToken();
            SkipBlanks();
            token = NextToken();
        }

        var hash = token.IndexOf((byte)'#');
        string? error;
        uint id;
        CanFrameFlags flags;
        ulong data = 0;
        byte length = 0;
        if (hash >= 0)
        {
            error = ParseId(token[..hash], out id, out flags) ?? ParseCompactData(token[(hash + 1)..], ref flags, out data, out length);
            if (error is null && SkipBlanks())
            {
                var direction = NextToken();
                if (SkipBlanks() || direction.Length != 1 || (direction[0] != (byte)'R' && direction[0] != (byte)'T'))
                {
                    error = "unexpected text after the frame";
                }
            }
        }
        else
        {
            SkipBlanks();
            if (AtEnd || Current != (byte)'[')
            {
                return "missing '#' between id and data";
            }

            error = ParseId(token, out id, out flags) ?? ParseScreenData(ref flags, out data, out length);
        }

        if (error is null)
        {
            frame = new CandumpLine(interfaceName, id, flags, data, length, timestamp, hasTimestamp);
        }

        return error;
    }

    private bool TryParseTimestamp(out long microseconds)
    {
        microseconds = 0;
        _p++;
        var negative = !AtEnd && Current == (byte)'-';
        if (negative)
        {
            _p++;
        }

        long seconds = 0;
        var digits = 0;
        while (!AtEnd && IsDigit(Current))
        {
            if (++digits > 12)
            {
                return false;
            }

            seconds = (seconds * 10) + (Current - '0');
            _p++;
        }

        if (digits == 0 || AtEnd || Current != (byte)'.')
        {
            return false;
        }

        _p++;
        long fraction = 0;
        var fractionDigits = 0;
        while (!AtEnd && IsDigit(Current))
        {
            if (++fractionDigits > 9)
            {
                return false;
            }

            fraction = (fraction * 10) + (Current - '0');
            _p++;
        }

        if (fractionDigits == 0 || AtEnd || Current != (byte)')')
        {
            return false;
        }

        _p++;
        for (; fractionDigits < 6; fractionDigits++)
        {
            fraction *= 10;
        }

        for (; fractionDigits > 6; fractionDigits--)
        {
            fraction /= 10;
        }

        microseconds = (seconds * 1_000_000) + fraction;
        if (negative)
        {
            microseconds = -microseconds;
        }

        return true;
    }

    private static string? ParseId(ReadOnlySpan<byte> digits, out uint id, out CanFrameFlags flags)
    {
        id = 0;
        flags = CanFrameFlags.None;
        if (digits.Length != 3 && digits.Length != 8)
        {
            return digits.Length == 0 ? "missing id before '#'" : "id must have 3 hex digits (11-bit) or 8 (29-bit)";
        }

        foreach (var c in digits)
        {
            var v = HexValue(c);
            if (v < 0)
            {
                return $"invalid hex digit {Describe(c)} in id";
            }

            id = (id << 4) | (uint)v;
        }

        if (digits.Length == 3)
        {
            return id > 0x7FF ? "11-bit id above 7FF" : null;
        }

        if (id > (ErrorFlag | ErrorMask))
        {
            return "29-bit id above 1FFFFFFF";
        }

        if ((id & ErrorFlag) != 0)
        {
            id &= ErrorMask;
            flags = CanFrameFlags.Error;
        }
        else
        {
            flags = CanFrameFlags.Extended;
        }

        return null;
    }

    private static string? ParseCompactData(ReadOnlySpan<byte> text, ref CanFrameFlags flags, out ulong data, out byte length)
    {
        data = 0;
        length = 0;
        if (!text.IsEmpty && text[0] == (byte)'#')
        {
            return "CAN FD frames ('##') are not supported yet";
        }

        if (!text.IsEmpty && (text[0] | 0x20) == (byte)'r')
        {
            flags |= CanFrameFlags.Remote;
            if (text.Length == 1)
            {
                return null;
            }

            if (text.Length != 2 || text[1] < (byte)'0' || text[1] > (byte)'8')
            {
                return "remote request length must be one digit 0 to 8";
            }

            length = (byte)(text[1] - '0');
            return null;
        }

        var i = 0;
        var count = 0;
        while (i < text.Length)
        {
            if (text[i] == (byte)'.' && count > 0)
            {
                i++;
                continue;
            }

            var high = HexValue(text[i]);
            if (high < 0)
            {
                return $"invalid hex digit {Describe(text[i])}";
            }

            if (i + 1 >= text.Length || text[i + 1] == (byte)'.')
            {
                return "odd number of hex digits";
            }

            var low = HexValue(text[i + 1]);
            if (low < 0)
            {
                return $"invalid hex digit {Describe(text[i + 1])}";
            }

            if (count == CanFrame.MaxDataLength)
            {
                return "more than 8 data bytes";
            }

            data |= (ulong)(uint)((high << 4) | low) << (8 * count);
            count++;
            i += 2;
        }

        length = (byte)count;
        return null;
    }

    private string? ParseScreenData(ref CanFrameFlags flags, out ulong data, out byte length)
    {
        data = 0;
        length = 0;
        var bracket = NextToken();
        if (bracket.Length == 4 && IsDigit(bracket[1]) && IsDigit(bracket[2]) && bracket[3] == (byte)']')
        {
            return "CAN FD frames (two-digit '[NN]' length) are not supported yet";
        }

        if (bracket.Length != 3 || !IsDigit(bracket[1]) || bracket[2] != (byte)']')
        {
            return "length must be written [0] to [8]";
        }

        var declared = bracket[1] - '0';
        if (declared > CanFrame.MaxDataLength)
        {
            return "length above [8]";
        }

        SkipBlanks();
        if (_s[_p..].StartsWith("remote request"u8))
        {
            _p += "remote request".Length;
            flags |= CanFrameFlags.Remote;
            length = (byte)declared;
            return SkipBlanks() ? "unexpected text after 'remote request'" : null;
        }

        var count = 0;
        while (!AtEnd)
        {
            var start = _p;
            var token = NextToken();
            if (token.Length != 2 || HexValue(token[0]) < 0 || HexValue(token[1]) < 0)
            {
                _p = start;
                break;
            }

            if (count < CanFrame.MaxDataLength)
            {
                data |= (ulong)(uint)((HexValue(token[0]) << 4) | HexValue(token[1])) << (8 * count);
            }

            count++;
            SkipBlanks();
        }

        if (count != declared)
        {
            return $"length [{declared}] does not match the {count} data bytes that follow";
        }

        if (!AtEnd)
        {
            var rest = _s[_p..];
            var isErrorMark = rest.SequenceEqual("ERRORFRAME"u8) && (flags & CanFrameFlags.Error) != 0;
            var isAscii = rest.Length >= 2 && rest[0] == (byte)'\'' && rest[^1] == (byte)'\'';
            if (!isErrorMark && !isAscii)
            {
                return "unexpected text after the data bytes";
            }
        }

        length = (byte)declared;
        return null;
    }

    private bool SkipBlanks()
    {
        while (_p < _s.Length && IsBlank(_s[_p]))
        {
            _p++;
        }

        return _p < _s.Length;
    }

    private ReadOnlySpan<byte> NextToken()
    {
        var start = _p;
        while (_p < _s.Length && !IsBlank(_s[_p]))
        {
            _p++;
        }

        return _s[start.._p];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBlank(byte c) => c == (byte)' ' || c == (byte)'\t' || c == (byte)'\r';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(byte c)
    {
        var digit = (uint)(c - '0');
        if (digit <= 9)
        {
            return (int)digit;
        }

        var letter = (uint)((c | 0x20) - 'a');
        return letter <= 5 ? (int)letter + 10 : -1;
    }

    private static string Describe(byte c) => c is >= 0x21 and < 0x7F ? $"'{(char)c}'" : $"0x{c:X2}";
}
