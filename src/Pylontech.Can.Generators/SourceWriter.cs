using System.Text;

namespace Pylontech.Can.Generators;

/// <summary>Writes C# source line by line with four-space indentation and <c>\n</c> line ends.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation; an empty line has no indentation.</summary>
    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(text);
        }

        _builder.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace, then indents.</summary>
    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    /// <summary>Writes an opening brace on its own line, then indents (for a block under a <c>case</c> or a header written with <see cref="Line"/>).</summary>
    public void OpenBrace()
    {
        Line("{");
        _indent++;
    }

    /// <summary>Outdents and writes a closing brace followed by <paramref name="suffix"/>.</summary>
    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>Writes each line of <paramref name="text"/> as a <c>///</c> comment line.</summary>
    public void DocLines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line.Length == 0 ? "///" : "/// " + line);
        }
    }

    public override string ToString() => _builder.ToString();
}
