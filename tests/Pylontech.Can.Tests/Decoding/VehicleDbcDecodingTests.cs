using Pylontech.Can.Dbc;
using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Tests.Decoding;

/// <summary>
/// A DBC loaded at run time with Motorola, signed, float, double, multiplexed, text and 29-bit messages
/// (<c>TestData/vehicle.dbc</c>) decodes to values worked out by hand.
/// </summary>
public sealed class VehicleDbcDecodingTests
{
    private static readonly Lazy<DbcDecoder> Vehicle = new(() => new DbcDecoder(DbcFile.Load(TestFiles.TestData("vehicle.dbc"))));

    private static DecodedFrame Decode(uint id, string hex, bool isExtended = false) => DecodedFrame.Decode(Vehicle.Value, id, hex, isExtended);

    [Fact]
    public void Motorola_signals_unsigned_signed_and_single_bit()
    {
        // EngineSpeed 7|16@0+ ×0.25: bytes 0-1 big-endian 0x2EE0 = 12000 → 3000 rpm.
        // CoolantTemperature 23|8@0+ (1,-40): 0x7D = 125 → 85 °C.
        // EngineTorque 35|12@0- ×0.5: low nibble of byte 4 (0xF) then byte 5 (0x38): 0xF38 = -200 → -100 Nm; the high nibble 0xA is not part of it.
        // ThrottlePosition 55|8@0+ ×0.4: 0xC8 = 200 → 80 %. EngineRunning 63|1@0+: byte 7 bit 7.
        Decode(0x100, "2E E0 7D 55 AF 38 C8 80").Has(
            ("EngineSpeed", 3000), ("CoolantTemperature", 85), ("EngineTorque", -100), ("ThrottlePosition", 80), ("EngineRunning", 1));
    }

    [Fact]
    public void A_short_frame_leaves_the_signals_of_its_missing_bytes_absent()
    {
        // 5 bytes: EngineTorque needs byte 5, ThrottlePosition byte 6, EngineRunning byte 7.
        Decode(0x100, "2E E0 7D 55 AF").Has(("EngineSpeed", 3000), ("CoolantTemperature", 85))
            .Lacks("EngineTorque", "ThrottlePosition", "EngineRunning");
        Decode(0x100, "").Lacks("EngineSpeed", "CoolantTemperature", "EngineTorque", "ThrottlePosition", "EngineRunning");
    }

    [Fact]
    public void An_absent_value_is_nan_with_no_raw_bits()
    {
        var torque = Decode(0x100, "2E")["EngineTorque"];

        Assert.True(double.IsNaN(torque.Value));
        Assert.Equal(0UL, torque.RawBits);
        Assert.Equal("EngineTorque absent", torque.ToString());
    }

    [Fact]
    public void A_longer_frame_than_the_dbc_length_is_accepted()
    {
        // DoorStatus is 2 bytes long in the DBC. Byte 0 = 0x21: driver door (bit 0) open, headlights (bits 4-5) 2 = HighBeam.
        // InteriorTemperature 15|8@0- (0.5,-10): 0xFD = -3 → -11.5 °C.
        var frame = Decode(0x401, "21 FD 00 00 00 00 00 00").Has(("InteriorTemperature", -11.5));

        Assert.True(frame["DriverDoorOpen"].IsSet);
        Assert.False(frame["PassengerDoorOpen"].IsSet);
        Assert.Equal("HighBeam", frame["HeadlightMode"].ValueName);
        Assert.Equal(-3, frame["InteriorTemperature"].RawValue);
        Assert.Equal(0xFDUL, frame["InteriorTemperature"].RawBits);
    }

    [Fact]
    public void Float_signals_in_intel_and_motorola_order()
    {
        // YawRate: 12.5f = 0x41480000, little-endian in bytes 0-3. LateralAcceleration 39|32@0-: -2.25f = 0xC0100000 big-endian in bytes 4-7.
        var frame = Decode(0x300, "00 00 48 41 C0 10 00 00").Has(("YawRate", 12.5), ("LateralAcceleration", -2.25));

        Assert.Equal(SignalKind.Float32, frame["YawRate"].Signal.Kind);
    }

    [Fact]
    public void Double_signal()
    {
        var bytes = BitConverter.GetBytes(123456.75);
        Assert.True(BitConverter.IsLittleEndian);

        Decode(0x301, Convert.ToHexString(bytes)).Has(("TotalDistance", 123456.75));
    }

    [Fact]
    public void Extended_identifiers_are_kept_apart_from_standard_ones()
    {
        // EEC1: torque mode 3; driver demand 150 - 125 = 25 %; actual 125 - 125 = 0 %; speed bytes 3-4 0x2EE0 = 12000 × 0.125 = 1500 rpm.
        Decode(0x0CF00400, "03 96 7D E0 2E FF FF FF", isExtended: true).Has(
            ("EngineTorqueMode", 3), ("DriverDemandTorque", 25), ("ActualEngineTorque", 0), ("EngineSpeedJ1939", 1500));
        Assert.False(Vehicle.Value.TryDecode(0x0CF00400, false, new byte[8], new SignalValue[8], out _, out _));
        Assert.Null(Vehicle.Value.FindMessage(0x100, isExtended: true));
    }

    [Fact]
    public void Binary_fraction_scale_and_named_values_of_an_extended_message()
    {
        // Speed bytes 1-2 0x6480 = 25728 × 0.00390625 = 100.5 km/h; parking brake bits 2-3 = 1 "Set".
        var frame = Decode(0x18FEF1FE, "04 80 64 00", isExtended: true).Has(("WheelBasedVehicleSpeed", 100.5), ("CruiseControlActive", 0));

        Assert.Equal("Set", frame["ParkingBrakeSwitch"].ValueName);
        Assert.Equal("Set", frame["ParkingBrakeSwitch"].ToString(null, null));
    }

    [Fact]
    public void Multiplexed_signals_are_present_only_for_their_page()
    {
        // Page 1: gear (bits 8-11) 4 "Drive", oil temperature byte 2 0xE2 = -30 °C.
        var one = Decode(0x200, "01 04 E2").Has(("DiagnosticPage", 1), ("GearSelected", 4), ("OilTemperature", -30))
            .Lacks("ClutchWear", "ShiftCount", "LastShiftDuration");
        Assert.Equal("Drive", one["GearSelected"].ValueName);

        // Page 2: clutch wear 0x2710 = 10000 × 0.01 = 100 %, 5 shifts, last one 0x01F4 = 500 ms.
        Decode(0x200, "02 10 27 05 F4 01").Has(("DiagnosticPage", 2), ("ClutchWear", 100), ("ShiftCount", 5), ("LastShiftDuration", 500))
            .Lacks("GearSelected", "OilTemperature");

        Decode(0x200, "03 10 27 05 F4 01").Has(("DiagnosticPage", 3)).Lacks("GearSelected", "OilTemperature", "ClutchWear", "ShiftCount", "LastShiftDuration");
        Decode(0x200, "").Lacks("DiagnosticPage", "GearSelected", "ClutchWear");
    }

    [Fact]
    public void Text_takes_the_bytes_received_and_trims_trailing_spaces()
    {
        Assert.Equal("WVWZZZ", Decode(0x400, "57 56 57 5A 5A 5A 20 20")["VinPart"].GetText());
        Assert.Equal("WVW", Decode(0x400, "57 56 57")["VinPart"].GetText());
        Assert.False(Decode(0x400, "")["VinPart"].IsPresent);
        Assert.Equal("", Decode(0x400, "")["VinPart"].GetText());
    }

    [Fact]
    public void Metadata_for_formatting_comes_from_the_dbc()
    {
        var message = Vehicle.Value.FindMessage(0x100)!;
        var speed = message.FindSignal("EngineSpeed")!;

        Assert.Equal("EngineData", message.Name);
        Assert.Equal("Engine data, Motorola byte order, every 10 ms.", message.Comment);
        Assert.Equal("rpm", speed.Unit);
        Assert.Equal("Crankshaft speed.", speed.Comment);
        Assert.Equal(SignalKind.Number, speed.Kind);
        Assert.Equal(0, speed.Index);
        Assert.Equal(2, speed.MinimumDataLength);
        Assert.Equal("Drive", Vehicle.Value.FindMessage(0x200)!.FindSignal("GearSelected")!.FindValueName(4));
        Assert.Equal(8, Vehicle.Value.Messages.Count);
        Assert.Equal(6, Vehicle.Value.MaxSignalCount);
    }

    [Fact]
    public void Frame_overload_gives_the_same_values_as_the_span_overload()
    {
        var data = Convert.FromHexString("2EE07D55AF38C880");
        var fromSpan = new SignalValue[8];
        var fromFrame = new SignalValue[8];

        Assert.True(Vehicle.Value.TryDecode(0x100, false, data, fromSpan, out _, out var count));
        Assert.True(Vehicle.Value.TryDecode(new CanFrame(0x100, data), fromFrame, out _, out var frameCount));

        Assert.Equal(count, frameCount);
        Assert.Equal(fromSpan, fromFrame);
    }

    [Fact]
    public void Remote_frames_and_too_short_buffers_give_false()
    {
        var remote = CanFrame.FromRaw(0x100, 0, 8, CanFrameFlags.Remote);

        Assert.False(Vehicle.Value.TryDecode(remote, new SignalValue[8], out _, out _));
        Assert.False(Vehicle.Value.TryDecode(0x100, false, new byte[8], new SignalValue[4], out var message, out var count));
        Assert.Equal("EngineData", message?.Name);
        Assert.Equal(0, count);
        Assert.False(Vehicle.Value.TryDecode(0x7FF, false, new byte[8], new SignalValue[8], out message, out _));
        Assert.Null(message);
        Assert.False(Vehicle.Value.TryDecode(0xFFFF, false, new byte[8], new SignalValue[8], out _, out _));
    }

    [Fact]
    public void Messages_up_to_64_bytes_are_decoded()
    {
        const string Text = "BU_: A\nBO_ 100 Long: 64 A\n" +
            " SG_ Late : 472|16@1+ (0.1,0) [0|6553.5] \"\" A\n" +
            " SG_ LateMotorola : 495|16@0+ (1,0) [0|65535] \"\" A\n" +
            " SG_ Last : 509|3@1+ (1,0) [0|7] \"\" A\n";
        var decoder = new DbcDecoder(DbcFile.Parse(Text));
        var data = new byte[64];
        data[59] = 0x34; // Late: 0x1234 = 4660 → 466.0
        data[60] = 0x12;
        data[61] = 0xAB; // LateMotorola: byte 61 most significant → 0xABCD
        data[62] = 0xCD;
        data[63] = 0xA0; // Last: bits 5-7 of byte 63 = 0b101 = 5

        DecodedFrame.Decode(decoder, 100, Convert.ToHexString(data)).Has(("Late", 466.0), ("LateMotorola", 0xABCD), ("Last", 5));
        DecodedFrame.Decode(decoder, 100, Convert.ToHexString(data[..63])).Has(("Late", 466.0), ("LateMotorola", 0xABCD)).Lacks("Last");
    }

    [Fact]
    public void Values_format_without_allocating_a_string()
    {
        var frame = Decode(0x401, "21 FD");
        Span<char> buffer = stackalloc char[32];

        Assert.True(frame["InteriorTemperature"].TryFormat(buffer, out var written, default, null));
        Assert.Equal("-11.5", buffer[..written].ToString());
        Assert.True(frame["HeadlightMode"].TryFormat(buffer, out written, default, null));
        Assert.Equal("HighBeam", buffer[..written].ToString());
        Assert.False(frame["HeadlightMode"].TryFormat(buffer[..3], out _, default, null));
        Assert.Equal("InteriorTemperature = -11.5 degC", frame["InteriorTemperature"].ToString());
    }
}
