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
    public DbcToken(DbcTokenKind kind, string text, int line, int column, bool startsLine)
    {
        Kind = kind;
        Text = text;
        Line = line;
        Column = column;
        StartsLine = startsLine;
    }

    public DbcTokenKind Kind { get; }

    /// <summary>The token's text; for strings, the unescaped content without quotes.</summary>
    public string Text { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>Whether the token is the first one on its line.</summary>
    public bool StartsLine { get; }

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

/// <summary>Splits DBC text into tokens. Never throws: an unterminated string ends at the end of the file.</summary>
internal static class DbcLexer
{
    public static List<DbcToken> Tokenize(string text, out (int Line, int Column)? unterminatedString)
    {
        var tokens = new List<DbcToken>();
        unterminatedString = null;
        var line = 1;
        var lineStart = 0;
        var lastTokenLine = 0;
        var i = 0;
        // A UTF-8 byte order mark is not part of the text.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
            lineStart = 1;
        }

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
            var startsLine = line != lastTokenLine;
            var startLine = line;
            lastTokenLine = line;

            if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                var closed = false;
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
                        line++;
                        lineStart = i + 1;
                    }

                    if (d != '\r')
                    {
                        sb.Append(d);
                    }

                    i++;
                }

                if (!closed && unterminatedString is null)
                {
                    unterminatedString = (startLine, column);
                }

                tokens.Add(new DbcToken(DbcTokenKind.String, sb.ToString(), startLine, column, startsLine));
                lastTokenLine = line;
                continue;
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

                tokens.Add(new DbcToken(DbcTokenKind.Number, text.Substring(start, i - start), startLine, column, startsLine));
                continue;
            }

            if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                tokens.Add(new DbcToken(DbcTokenKind.Identifier, text.Substring(start, i - start), startLine, column, startsLine));
                continue;
            }

            tokens.Add(new DbcToken(DbcTokenKind.Punctuation, c.ToString(), startLine, column, startsLine));
            i++;
        }

        tokens.Add(new DbcToken(DbcTokenKind.End, "", line, text.Length - lineStart + 1, true));
        return tokens;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsHexLetterAfterPrefix(string text, int start, int i) =>
        i >= start + 2 && text[start] == '0' && (text[start + 1] == 'x' || text[start + 1] == 'X') &&
        ((text[i] >= 'a' && text[i] <= 'f') || (text[i] >= 'A' && text[i] <= 'F'));

    private static bool IsIdentifierStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c);
}
