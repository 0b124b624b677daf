using BenchmarkDotNet.Attributes;
using Pylontech.Can.Dbc;
using Pylontech.Can.Decoding;

namespace Pylontech.Can.Benchmarks;

/// <summary>The cost of reading the bundled <c>pylontech.dbc</c> at run time, and of preparing a decoder from it.</summary>
[MemoryDiagnoser]
public class DbcParseBenchmarks
{
    private readonly string _text;
    private readonly DbcFile _file;

    /// <summary>Reads the DBC text the library carries.</summary>
    public DbcParseBenchmarks()
    {
        using var stream = typeof(DbcFile).Assembly.GetManifestResourceStream("Pylontech.Can.pylontech.dbc")
            ?? throw new InvalidOperationException("pylontech.dbc is not embedded in Pylontech.Can");
        using var reader = new StreamReader(stream);
        _text = reader.ReadToEnd();
        _file = DbcFile.ParseLenient(_text, "pylontech.dbc");
    }

    /// <summary>Parses and validates the DBC text.</summary>
    [Benchmark]
    public DbcFile Parse() => DbcFile.ParseLenient(_text, "pylontech.dbc");

    /// <summary>Prepares a decoder from the parsed file.</summary>
    [Benchmark]
    public DbcDecoder BuildDecoder() => new(_file);
}
