using System.Globalization;
using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Tests.Decoding;

/// <summary>
/// Every frame of the real captures in <c>../shared/captures/*.candump.log</c> decodes; a handful decode to the values
/// stated in the captures' comments or the protocol reference, or worked by hand where noted.
/// </summary>
public sealed class CaptureTests
{
    /// <summary>Every frame of every candump log, as (file, line, frame).</summary>
    private static readonly Lazy<List<(string File, int Line, CanFrame Frame)>> Frames = new(ReadCaptures);

    private static DecodedFrame Decode(string candumpFrame)
    {
        var frame = ParseFrame(candumpFrame);
        Assert.Contains(Frames.Value, f => f.Frame.Id == frame.Id && f.Frame.RawData == frame.RawData && f.Frame.Length == frame.Length);
        return DecodedFrame.Decode(DbcDecoder.Pylontech, frame.Id, Convert.ToHexString(frame.Data));
    }

    [Fact]
    public void The_captures_hold_over_a_hundred_frames()
    {
        Assert.True(Frames.Value.Count > 100, $"{Frames.Value.Count} frames");
    }

    [Fact]
    public void Every_captured_frame_of_a_known_message_decodes_and_the_others_are_reported_unknown()
    {
        var decoder = DbcDecoder.Pylontech;
        var values = new SignalValue[decoder.MaxSignalCount];
        var unknown = new SortedSet<uint>();
        foreach (var (file, line, frame) in Frames.Value)
        {
            var decoded = decoder.TryDecode(frame, values, out var message, out var count);
            if (decoder.FindMessage(frame.Id) is null)
            {
                Assert.False(decoded, $"{file}:{line}");
                unknown.Add(frame.Id);
                continue;
            }

            Assert.True(decoded, $"{file}:{line}");
            Assert.Equal(message!.Signals.Count, count);
            foreach (var value in values.AsSpan(0, count))
            {
                Assert.Equal(value.IsPresent, frame.Length >= value.Signal.MinimumDataLength);
                Assert.True(!value.IsPresent || double.IsFinite(value.Value), $"{file}:{line} {value}");
            }
        }

        // Frames of other protocols in the captures: Victron GX id, Discover capacity, Victron names, energy, serial number.
        Assert.Equal([0x307u, 0x354, 0x370, 0x371, 0x378, 0x380], unknown);
    }

    [Fact]
    public void New_firmware_measurements_worked_by_hand()
    {
        // 0x137B = 4987 → 49.87 V; 0xFEE9 = -279 → -27.9 A; 0x016B = 363 → 36.3 °C.
        Decode("356#7B13E9FE6B01").Has(("BatteryVoltage", 49.87), ("BatteryCurrent", -27.9), ("BatteryTemperature", 36.3));
    }

    [Fact]
    public void Eco_worthy_frames_decode_as_their_author_states()
    {
        // "351 -> 58.4 V / 200.0 A / 200.0 A / 44.8 V; 355 -> SOC 30 %, SOH 100 %; 356 -> 52.41 V, 0.0 A, 11.3 C; 359 -> 2 modules, 'PN'; 379 -> 200 Ah"
        Decode("351#4802D007D007C001").Has(("ChargeVoltageLimit", 58.4), ("ChargeCurrentLimit", 200), ("DischargeCurrentLimit", 200), ("DischargeVoltageLimit", 44.8));
        Decode("355#1E00640000000000").Has(("StateOfCharge", 30), ("StateOfHealth", 100));
        Decode("356#7914000071000000").Has(("BatteryVoltage", 52.41), ("BatteryCurrent", 0), ("BatteryTemperature", 11.3));
        var protection = Decode("359#0000000002504E00").Has(("ModuleCount", 2), ("OnlineModuleBitmap", 0));
        Assert.Equal("PN", protection["ProtocolMarker"].ValueName);
        Decode("379#C800000000000000").Has(("InstalledCapacity", 200));
    }

    [Fact]
    public void Discover_frames_decode_as_their_author_states_and_short_frames_leave_signals_absent()
    {
        // "351 -> 55.8 V, 282.0 A, 282.0 A, 43.2 V; 355 -> SOC 62, SOH 100"
        Decode("351#2E02040B040BB001").Has(("ChargeVoltageLimit", 55.8), ("ChargeCurrentLimit", 282), ("DischargeCurrentLimit", 282), ("DischargeVoltageLimit", 43.2));
        Decode("355#3E00640000000000").Has(("StateOfCharge", 62), ("StateOfHealth", 100));

        // 7 bytes: the warning of byte 7 is absent. Byte 0 = 0xAB = 10 10 10 11: general 3, high voltage 2;
        // byte 5 = 0xFA = 11 11 10 10: high temperature charge (bits 2-3) 2; byte 6 = 0xFF: contactor (bits 2-3) 3.
        var alarms = Decode("35A#ABAAFEAFAAFAFF").Lacks("CellImbalanceWarning");
        Assert.Equal("Invalid", alarms["GeneralAlarm"].ValueName);
        Assert.Equal("Ok", alarms["HighVoltageAlarm"].ValueName);
        Assert.Equal("Ok", alarms["HighTemperatureChargeWarning"].ValueName);
        Assert.Equal("Invalid", alarms["ContactorWarning"].ValueName);
        // 4 bytes: only the first two counts.
        Decode("372#00000002").Has(("ModulesOnline", 0), ("ModulesBlockingCharge", 512)).Lacks("ModulesBlockingDischarge", "ModulesOffline");
        Decode("373#01000000").Has(("MinCellVoltage", 0.001), ("MaxCellVoltage", 0)).Lacks("MinCellTemperature", "MaxCellTemperature");
    }

    [Fact]
    public void Manufacturer_names_lose_their_padding()
    {
        Assert.Equal("PYLON", Decode("35E#50594C4F4E202020")["ManufacturerName"].GetText());
        Assert.Equal("SHEnergy", Decode("35E#5348456E65726779")["ManufacturerName"].GetText());
        Assert.Equal("REC-BMS", Decode("35E#5245432D424D5300")["ManufacturerName"].GetText());
        Assert.Equal("BYD", Decode("35E#4259440000000000")["ManufacturerName"].GetText());
        Assert.Equal("Pack-01#", Decode("374#5061636B2D303123")["MinCellVoltageName"].GetText());
    }

    private static List<(string File, int Line, CanFrame Frame)> ReadCaptures()
    {
        var frames = new List<(string, int, CanFrame)>();
        var files = Directory.GetFiles(Path.Combine(TestFiles.Shared, "captures"), "*.candump.log");
        Assert.NotEmpty(files);
        foreach (var path in files.OrderBy(p => p, StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                // "(ts) can0 356#7A13F2FE6B01"
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(3, parts.Length);
                frames.Add((Path.GetFileName(path), i + 1, ParseFrame(parts[2])));
            }
        }

        return frames;
    }

    private static CanFrame ParseFrame(string text)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var idText = text[..hash];
        var id = uint.Parse(idText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var flags = idText.Length > 3 ? CanFrameFlags.Extended : CanFrameFlags.None;
        return new CanFrame(id, Convert.FromHexString(text[(hash + 1)..]), flags);
    }
}
