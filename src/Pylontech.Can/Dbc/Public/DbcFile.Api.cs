namespace Pylontech.Can.Dbc;

public partial class DbcFile
{
    private static readonly Lazy<DbcFile> BuiltIn = new(LoadBuiltIn);

    /// <summary>The Pylontech DBC this library was generated from (<c>dbc/pylontech.dbc</c>), parsed once.</summary>
    public static DbcFile Pylontech => BuiltIn.Value;

    /// <summary>Whether any problem of severity <see cref="DbcSeverity.Error"/> was found.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DbcSeverity.Error);

    /// <summary>Parses DBC text, collecting problems in <see cref="Diagnostics"/> instead of throwing.</summary>
    /// <param name="text">The DBC text.</param>
    /// <param name="path">The path to name in diagnostics.</param>
    /// <returns>The file as far as it could be read; check <see cref="HasErrors"/>.</returns>
    public static DbcFile ParseLenient(string text, string path = "<dbc>")
    {
        ArgumentNullException.ThrowIfNull(text);
        return DbcParser.Parse(text, path);
    }

    /// <summary>Parses DBC text and throws when it has errors.</summary>
    /// <param name="text">The DBC text.</param>
    /// <param name="path">The path to name in the error.</param>
    /// <exception cref="DbcException">The text has errors; the message names the first with file, line and column.</exception>
    public static DbcFile Parse(string text, string path = "<dbc>")
    {
        var file = ParseLenient(text, path);
        if (file.HasErrors)
        {
            throw new DbcException(file.Diagnostics.Where(d => d.Severity == DbcSeverity.Error).ToList());
        }

        return file;
    }

    /// <summary>Reads and parses a DBC file, throwing when it cannot be read or has errors.</summary>
    /// <param name="path">The file's path.</param>
    /// <exception cref="DbcException">The file has errors.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DbcFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Finds a message by CAN identifier.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="isExtended">Whether it is a 29-bit identifier.</param>
    /// <returns>The message, or null when the file has none with that identifier.</returns>
    public DbcMessage? FindMessage(uint id, bool isExtended = false)
    {
        foreach (var message in Messages)
        {
            if (message.Id == id && message.IsExtended == isExtended)
            {
                return message;
            }
        }

        return null;
    }

    private static DbcFile LoadBuiltIn()
    {
        using var stream = typeof(DbcFile).Assembly.GetManifestResourceStream("Pylontech.Can.pylontech.dbc")
            ?? throw new InvalidOperationException("the built-in pylontech.dbc resource is missing from Pylontech.Can");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "pylontech.dbc");
    }
}

/// <summary>A DBC file has errors. <see cref="Exception.Message"/> is the first, as <c>file(line,col): error PYL001: ...</c>.</summary>
public sealed class DbcException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    /// <param name="errors">The errors, at least one.</param>
    public DbcException(IReadOnlyList<DbcDiagnostic> errors)
        : base(errors.Count > 0 ? errors[0].ToString() : "the DBC file has errors")
    {
        Errors = errors;
    }

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<DbcDiagnostic> Errors { get; }
}
