// Shared source (Pylontech.Can and the source generator): splits DBC text into tokens with positions.
using System.Collections.Generic;
using System.Text;

namespace Pylontech.Can.Dbc;

/// <summary>The kinds of DBC token.</summary>
internal enum DbcTokenKind
{
    Identifier,
    Number,
    String,
    Punctuation,
    End,
}

/// <summary>One token of a DBC file, with its 1-based line and column.</summary>
internal readonly struct DbcToken
{
    public DbcToken(DbcTokenKind kind, string text, int line, int column, bool startsLine, int endLine, int endColumn, bool isUnterminated = false)
    {
        Kind = kind;
        Text = text;
        Line = line;
        Column = column;
        StartsLine = startsLine;
        EndLine = endLine;
        EndColumn = endColumn;
        IsUnterminated = isUnterminated;
    }

    public DbcTokenKind Kind { get; }

    /// <summary>The token's text; for strings, the unescaped content without quotes.</summary>
    public string Text { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>Whether the token is the first one on its line.</summary>
    public bool StartsLine { get; }

    /// <summary>The 1-based line of the token's last character.</summary>
    public int EndLine { get; }

    /// <summary>The 1-based column just after the token's last character.</summary>
    public int EndColumn { get; }

    /// <summary>Whether the token is a string whose closing quote is missing (it was cut at the end of its first line).</summary>
    public bool IsUnterminated { get; }

    public bool Is(string punctuationOrIdentifier) =>
        (Kind == DbcTokenKind.Punctuation || Kind == DbcTokenKind.Identifier) && Text == punctuationOrIdentifier;

    public string Describe() => Kind switch
    {
        DbcTokenKind.End => "end of file",
        DbcTokenKind.String => "a string",
        DbcTokenKind.Number => $"number '{Text}'",
        _ => $"'{Text}'",
    };
}

/// <summary>Splits DBC text into tokens, one at a time. Never throws.</summary>
/// <remarks>
/// A string may span lines (multi-line <c>CM_</c> comments) only when its closing quote is followed by a ';' or the end
/// of the line. Otherwise the closing quote is taken to belong to a later string, the quote that opened it to be
/// unterminated, and the string is cut at the end of its first line, so that one missing quote costs one statement
/// and not the rest of the file.
/// </remarks>
internal sealed class DbcLexer
{
    /// <summary>One string per ASCII punctuation character, so that punctuation tokens allocate nothing.</summary>
    private static readonly string[] Punctuation = CreatePunctuation();

    private readonly string _text;
    private readonly StringBuilder _sb = new();
    private int _i;
    private int _line = 1;
    private int _lineStart;
    private int _lastTokenLine;

    public DbcLexer(string text)
    {
        _text = text;
        // A UTF-8 byte order mark is not part of the text.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _i = 1;
            _lineStart = 1;
        }
    }

    /// <summary>Reads the next token; at the end, an <see cref="DbcTokenKind.End"/> token every time.</summary>
    public DbcToken Next()
    {
        var text = _text;
        var i = _i;
        var line = _line;
        var lineStart = _lineStart;
        var token = Scan(text, ref i, ref line, ref lineStart);
        _i = i;
        _line = line;
        _lineStart = lineStart;
        return token;
    }

    private DbcToken Scan(string text, ref int i, ref int line, ref int lineStart)
    {
        var sb = _sb;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
                lineStart = i;
                continue;
            }

            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
            {
                i++;
                continue;
            }

            // '//' comments run to the end of the line.
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            var column = i - lineStart + 1;
            var startsLine = line != _lastTokenLine;
            var startLine = line;
            _lastTokenLine = line;

            if (c == '"')
            {
                var startLineStart = lineStart;
                sb.Clear();
                i++;
                var closed = false;
                var firstNewline = -1;
                var lengthAtFirstNewline = 0;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (d == '\\' && i + 1 < text.Length && (text[i + 1] == '"' || text[i + 1] == '\\'))
                    {
                        sb.Append(text[i + 1]);
                        i += 2;
                        continue;
                    }

                    if (d == '"')
                    {
                        closed = true;
                        i++;
                        break;
                    }

                    if (d == '\n')
                    {
                        if (firstNewline < 0)
                        {
                            firstNewline = i;
                            lengthAtFirstNewline = sb.Length;
                        }

                        line++;
                        lineStart = i + 1;
                    }

                    if (d != '\r')
                    {
                        sb.Append(d);
                    }

                    i++;
                }

                var terminated = closed && (firstNewline < 0 || EndsStatementOrLine(text, i));
                if (!terminated && firstNewline >= 0)
                {
                    // Cut the string at the end of its first line and read on from there.
                    i = firstNewline;
                    line = startLine;
                    lineStart = startLineStart;
                    sb.Length = lengthAtFirstNewline;
                }

                var token = new DbcToken(DbcTokenKind.String, sb.ToString(), startLine, column, startsLine, line, i - lineStart + 1, !terminated);
                _lastTokenLine = line;
                return token;
            }

            if (IsDigit(c) || ((c == '-' || c == '+') && i + 1 < text.Length && (IsDigit(text[i + 1]) || text[i + 1] == '.')) ||
                (c == '.' && i + 1 < text.Length && IsDigit(text[i + 1])))
            {
                var start = i;
                i++;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (IsDigit(d) || d == '.' || IsHexLetterAfterPrefix(text, start, i))
                    {
                        i++;
                    }
                    else if ((d == 'e' || d == 'E') && i + 1 < text.Length &&
                             (IsDigit(text[i + 1]) || ((text[i + 1] == '-' || text[i + 1] == '+') && i + 2 < text.Length && IsDigit(text[i + 2]))))
                    {
                        i += 2;
                    }
                    else if ((d == 'x' || d == 'X') && i == start + 1 && text[start] == '0')
                    {
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                return new DbcToken(DbcTokenKind.Number, text.Substring(start, i - start), startLine, column, startsLine, line, i - lineStart + 1);
            }

            if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                return new DbcToken(DbcTokenKind.Identifier, text.Substring(start, i - start), startLine, column, startsLine, line, i - lineStart + 1);
            }

            i++;
            var punctuation = c < Punctuation.Length ? Punctuation[c] : c.ToString();
            return new DbcToken(DbcTokenKind.Punctuation, punctuation, startLine, column, startsLine, line, i - lineStart + 1);
        }

        var endColumn = text.Length - lineStart + 1;
        return new DbcToken(DbcTokenKind.End, "", line, endColumn, true, line, endColumn);
    }

    /// <summary>Whether only spaces lie between <paramref name="i"/> and a ';', the end of the line or of the text.</summary>
    private static bool EndsStatementOrLine(string text, int i)
    {
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
        {
            i++;
        }

        return i == text.Length || text[i] == ';' || text[i] == '\n';
    }

    private static string[] CreatePunctuation()
    {
        var strings = new string[128];
        for (var c = 0; c < strings.Length; c++)
        {
            strings[c] = ((char)c).ToString();
        }

        return strings;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsHexLetterAfterPrefix(string text, int start, int i) =>
        i >= start + 2 && text[start] == '0' && (text[start + 1] == 'x' || text[start + 1] == 'X') &&
        ((text[i] >= 'a' && text[i] <= 'f') || (text[i] >= 'A' && text[i] <= 'F'));

    private static bool IsIdentifierStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c);
}
