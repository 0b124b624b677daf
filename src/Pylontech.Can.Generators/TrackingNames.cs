namespace Pylontech.Can.Generators;

/// <summary>The names of the generator's pipeline steps, so that tests can see which steps ran again.</summary>
internal static class TrackingNames
{
    /// <summary>Each .dbc file parsed into its model (code and diagnostics).</summary>
    public const string Model = nameof(Model);

    /// <summary>The diagnostics of each file.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The code model of each file without errors: what the emitter reads.</summary>
    public const string Code = nameof(Code);
}
