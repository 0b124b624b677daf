using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pylontech.Can.Mqtt;

/// <summary>
/// Keeps the energy counters of one device across restarts in <c>&lt;directory&gt;/&lt;device id&gt;.energy.json</c>,
/// so that Home Assistant's energy dashboard never sees them drop back to zero.
/// </summary>
/// <remarks>Writes go to a temporary file that is then renamed over the old one: a power cut leaves the old or the new file, never half of one.</remarks>
public sealed class EnergyCounterStore
{
    /// <summary>Creates a store for one device.</summary>
    /// <param name="directory">The state directory; created on the first save.</param>
    /// <param name="deviceId">The device id, used as the file name.</param>
    public EnergyCounterStore(string directory, string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        FilePath = Path.Combine(directory, deviceId + ".energy.json");
    }

    /// <summary>The file the counters are kept in.</summary>
    public string FilePath { get; }

    /// <summary>Reads the saved counters.</summary>
    /// <param name="maxGap">The <see cref="EnergyCounter.MaxGap"/> of the counter to create.</param>
    /// <returns>The counters as saved, or zero counters when nothing was saved yet.</returns>
    /// <exception cref="InvalidDataException">The file exists but cannot be read as counters; it is left in place for a human to look at.</exception>
    public EnergyCounter Load(TimeSpan maxGap)
    {
        if (!File.Exists(FilePath))
        {
            return new EnergyCounter(maxGap);
        }

        try
        {
            var saved = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), EnergyFileContext.Default.EnergyFile)
                ?? throw new InvalidDataException($"{FilePath}: empty energy file");
            return new EnergyCounter(maxGap, saved.ChargedKwh, saved.DischargedKwh);
        }
        catch (Exception e) when (e is JsonException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{FilePath}: not an energy counter file ({e.Message})", e);
        }
    }

    /// <summary>Saves the counters atomically.</summary>
    /// <param name="counter">The counters.</param>
    /// <param name="savedAt">When, recorded in the file for humans.</param>
    public void Save(EnergyCounter counter, DateTimeOffset savedAt)
    {
        ArgumentNullException.ThrowIfNull(counter);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temp = FilePath + ".tmp";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new EnergyFile(counter.ChargedKwh, counter.DischargedKwh, savedAt), EnergyFileContext.Default.EnergyFile);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, FilePath, overwrite: true);
    }
}

internal sealed record EnergyFile(
    [property: JsonPropertyName("charged_kwh")] double ChargedKwh,
    [property: JsonPropertyName("discharged_kwh")] double DischargedKwh,
    [property: JsonPropertyName("saved_at")] DateTimeOffset SavedAt);

[JsonSerializable(typeof(EnergyFile))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class EnergyFileContext : JsonSerializerContext;
