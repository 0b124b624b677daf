using System.Globalization;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Mqtt.Tests;

/// <summary>Frames written as candump's <c>ID#DATA</c>, and the stacks of the spec's captures (PYLON-CAN.md §8).</summary>
internal static class Frames
{
    /// <summary>An old-firmware US5000 stack (vectors T1-T6), plus the inverter heartbeat.</summary>
    public static readonly string[] ClassicStack =
    [
        "351#1402C012C012C201", // CVL 53.2 V, CCL 480 A, DCL 480 A, DVL 45.0 V
        "355#58005E00", // SOC 88 %, SOH 94 %
        "356#7A13F2FE6B01", // 49.86 V, -27.0 A, 36.3 °C
        "359#0000000006504E", // no flags, 6 modules, "PN"
        "35C#C000", // charge and discharge enabled
        "35E#50594C4F4E202020", // "PYLON"
        "305#0000000000000000",
    ];

    /// <summary>A new-firmware US5000 stack (vectors T7-T9 and the setfirelabs capture): 0x35A/0x35F, no 0x359/0x35C.</summary>
    public static readonly string[] NewFirmwareStack =
    [
        "351#1002C012C012C201",
        "355#540060000000", // SOC 84 %, SOH 96 %
        "356#7B13E9FE6B01",
        "35A#0000000000000000", // every condition "not supported"
        "35E#50594C4F4E202020",
        "35F#4C4901033C02AA00", // "LI", version 1.3, 572 Ah
    ];

    public static CanFrame Parse(string text)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var id = uint.Parse(text.AsSpan(0, hash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new CanFrame(id, Convert.FromHexString(text.AsSpan(hash + 1)));
    }

    public static BatteryState StateOf(IEnumerable<string> frames, BatteryStateOptions? options = null)
    {
        var state = new BatteryState(options);
        var t = TimeSpan.Zero;
        foreach (var frame in frames)
        {
            state.Apply(Parse(frame), t);
            t += TimeSpan.FromMilliseconds(10);
        }

        return state;
    }
}
