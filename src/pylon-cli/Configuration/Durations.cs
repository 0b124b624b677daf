using System.Globalization;

namespace Pylontech.Cli.Configuration;

/// <summary>Durations as people write them on a command line: <c>90</c> (seconds), <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>24h</c>, <c>2d</c>.</summary>
internal static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var (number, seconds) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : char.ToLowerInvariant(text[^1]) switch
            {
                's' => (text[..^1], 1.0),
                'm' => (text[..^1], 60.0),
                'h' => (text[..^1], 3600.0),
                'd' => (text[..^1], 86400.0),
                _ => (text, 1.0),
            };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 ||
            !double.IsFinite(value) || value * seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * seconds);
        return true;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds % 1 == 0 ? duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s" : duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
}
