using Pylontech.Can.Dbc;
using Pylontech.Can.Decoding;

namespace Pylontech.Cli.Commands;

/// <summary>Loads the decoder for <c>--dbc FILE</c>, or the built-in Pylontech one.</summary>
internal static class DecoderOption
{
    /// <exception cref="DecoderLoadException">The file cannot be read or has errors (the message names file, line and column).</exception>
    public static DbcDecoder Load(FileInfo? dbc)
    {
        if (dbc is null)
        {
            return DbcDecoder.Pylontech;
        }

        try
        {
            return new DbcDecoder(DbcFile.Load(dbc.FullName == dbc.ToString() ? dbc.FullName : dbc.ToString()));
        }
        catch (DbcException e)
        {
            throw new DecoderLoadException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DecoderLoadException(e is FileNotFoundException or DirectoryNotFoundException ? $"{dbc}: no such DBC file" : $"{dbc}: {e.Message}", e);
        }
    }
}

/// <summary>A DBC given on the command line cannot be used.</summary>
internal sealed class DecoderLoadException(string message, Exception inner) : Exception(message, inner);
