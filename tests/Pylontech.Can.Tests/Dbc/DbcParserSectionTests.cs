using Pylontech.Can.Dbc;

namespace Pylontech.Can.Tests.Dbc;

/// <summary>Every section of a realistic multi-section DBC (<c>TestData/vehicle.dbc</c>) is read into the model.</summary>
public sealed class DbcParserSectionTests
{
    private static readonly Lazy<DbcFile> Vehicle = new(() => DbcFile.ParseLenient(TestFiles.ReadTestData("vehicle.dbc"), "vehicle.dbc"));

    private static DbcFile File => Vehicle.Value;

    private static DbcMessage Message(string name) => Assert.Single(File.Messages, m => m.Name == name);

    private static DbcSignal Signal(string message, string name) => Assert.Single(Message(message).Signals, s => s.Name == name);

    [Fact]
    public void Reads_the_whole_file_without_any_diagnostic()
    {
        Assert.Empty(File.Diagnostics.Select(d => d.ToString()));
        Assert.Equal("vehicle.dbc", File.Path);
    }

    [Fact]
    public void Reads_the_version_string()
    {
        Assert.Equal("1.4.2 vehicle body and powertrain", File.Version);
    }

    [Fact]
    public void Reads_the_nodes_of_BU_after_a_bit_timing_line_with_a_baud_rate()
    {
        Assert.Equal(["ECM", "TCM", "ABS", "BCM", "Gateway"], File.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Reads_a_bit_timing_line_without_a_baud_rate()
    {
        var file = DbcFile.ParseLenient("VERSION \"\"\nNS_ :\n\tCM_\nBS_:\nBU_: A B\nBO_ 1 M: 1 A\n SG_ S : 0|8@1+ (1,0) [0|255] \"\" B\n", "t.dbc");

        Assert.Empty(file.Diagnostics);
        Assert.Equal(["A", "B"], file.Nodes.Select(n => n.Name));
        Assert.Equal("S", Assert.Single(Assert.Single(file.Messages).Signals).Name);
    }

    [Fact]
    public void Reads_new_symbols_that_are_not_indented()
    {
        var file = DbcFile.ParseLenient("NS_ :\nCM_\nBA_DEF_\nVAL_\n\nBS_:\nBU_: A\nBO_ 1 M: 1 A\n", "t.dbc");

        Assert.Empty(file.Diagnostics);
        Assert.Equal("M", Assert.Single(file.Messages).Name);
    }

    [Fact]
    public void Reads_value_tables()
    {
        var gears = Assert.Single(File.ValueTables, t => t.Name == "GearTable");

        Assert.Equal([(15L, "Invalid"), (4L, "Drive"), (3L, "Neutral"), (2L, "Reverse"), (1L, "Park")], gears.Values.Select(v => (v.Value, v.Name)));
        Assert.Equal(2, File.ValueTables.Count);
    }

    [Fact]
    public void Reads_messages_with_identifier_length_and_transmitter()
    {
        var engine = Message("EngineData");

        Assert.Equal(256u, engine.Id);
        Assert.False(engine.IsExtended);
        Assert.Equal(8, engine.Length);
        Assert.Equal("ECM", engine.Transmitter);
        Assert.Equal(5, engine.Signals.Count);
        Assert.Equal(new DbcLocation("vehicle.dbc", 42, 1), engine.Location);
    }

    [Fact]
    public void Bit_31_of_the_identifier_marks_a_29_bit_extended_message()
    {
        var eec1 = Message("ElectronicEngineController1");
        var speed = Message("CruiseControlVehicleSpeed");

        Assert.True(eec1.IsExtended);
        Assert.Equal(0x0CF00400u, eec1.Id);
        Assert.True(speed.IsExtended);
        Assert.Equal(0x18FEF1FEu, speed.Id);
        Assert.Same(speed, File.FindMessage(0x18FEF1FE, isExtended: true));
        Assert.Null(File.FindMessage(0x18FEF1FE, isExtended: false));
    }

    [Fact]
    public void Leaves_out_the_pseudo_message_of_independent_signals()
    {
        Assert.DoesNotContain(File.Messages, m => m.Name == "VECTOR__INDEPENDENT_SIG_MSG");
        Assert.Equal(8, File.Messages.Count);
    }

    [Fact]
    public void Reads_a_motorola_unsigned_signal()
    {
        var speed = Signal("EngineData", "EngineSpeed");

        Assert.Equal(7, speed.StartBit);
        Assert.Equal(16, speed.Length);
        Assert.Equal(DbcByteOrder.BigEndian, speed.ByteOrder);
        Assert.False(speed.IsSigned);
        Assert.Equal(0.25, speed.Factor);
        Assert.Equal("0.25", speed.FactorText);
        Assert.Equal(0, speed.Offset);
        Assert.Equal(0, speed.Minimum);
        Assert.Equal(16383.75, speed.Maximum);
        Assert.Equal("rpm", speed.Unit);
        Assert.Equal(["TCM", "ABS"], speed.Receivers);
        Assert.Null(speed.Multiplexer);
    }

    [Fact]
    public void Reads_a_motorola_signed_signal_with_offset()
    {
        var torque = Signal("EngineData", "EngineTorque");
        var cabin = Signal("DoorStatus", "InteriorTemperature");

        Assert.Equal(DbcByteOrder.BigEndian, torque.ByteOrder);
        Assert.True(torque.IsSigned);
        Assert.Equal((35, 12), (torque.StartBit, torque.Length));
        Assert.Equal(-10, cabin.Offset);
        Assert.Equal("-10", cabin.OffsetText);
        Assert.Equal(-74, cabin.Minimum);
    }

    [Fact]
    public void Reads_an_intel_signal_with_a_negative_offset()
    {
        var demand = Signal("ElectronicEngineController1", "DriverDemandTorque");

        Assert.Equal(DbcByteOrder.LittleEndian, demand.ByteOrder);
        Assert.Equal((8, 8), (demand.StartBit, demand.Length));
        Assert.Equal(-125, demand.Offset);
        Assert.Equal(["Vector__XXX"], demand.Receivers);
    }

    [Fact]
    public void Reads_the_multiplexer_switch_and_multiplexed_signals()
    {
        Assert.Equal("M", Signal("TransmissionDiagnostics", "DiagnosticPage").Multiplexer);
        Assert.Equal("m1", Signal("TransmissionDiagnostics", "GearSelected").Multiplexer);
        Assert.Equal("m2", Signal("TransmissionDiagnostics", "ClutchWear").Multiplexer);
        Assert.Equal("m2M", Signal("TransmissionDiagnostics", "ShiftCount").Multiplexer);
        Assert.True(Signal("TransmissionDiagnostics", "DiagnosticPage").IsMultiplexerSwitch);
        Assert.True(Signal("TransmissionDiagnostics", "ShiftCount").IsMultiplexerSwitch);
        Assert.Equal(2, Signal("TransmissionDiagnostics", "ShiftCount").MultiplexerValue);
        Assert.Equal(1, Signal("TransmissionDiagnostics", "OilTemperature").MultiplexerValue);
        Assert.Null(Signal("TransmissionDiagnostics", "DiagnosticPage").MultiplexerValue);
    }

    [Fact]
    public void Reads_the_network_comment_over_two_lines_with_escaped_quotes()
    {
        Assert.Equal("Body and powertrain network of a test vehicle.\nSecond line of the network comment, with a \"quoted\" word.", File.Comment);
    }

    [Fact]
    public void Reads_node_message_and_signal_comments()
    {
        Assert.Equal("Engine control module.", File.Nodes.Single(n => n.Name == "ECM").Comment);
        Assert.Null(File.Nodes.Single(n => n.Name == "TCM").Comment);
        Assert.Equal("Engine data, Motorola byte order, every 10 ms.", Message("EngineData").Comment);
        Assert.Equal("Crankshaft speed.", Signal("EngineData", "EngineSpeed").Comment);
        Assert.Equal("Signed torque at the flywheel:\npositive drives, negative brakes.", Signal("EngineData", "EngineTorque").Comment);
        Assert.Equal("Speed from the wheel sensors (J1939 SPN 84).", Signal("CruiseControlVehicleSpeed", "WheelBasedVehicleSpeed").Comment);
    }

    [Fact]
    public void Reads_attribute_definitions_of_every_type_and_object_kind()
    {
        var byName = File.AttributeDefinitions.ToDictionary(d => d.Name);

        Assert.Equal(("", "STRING"), (byName["BusType"].ObjectType, byName["BusType"].ValueType));
        Assert.Equal(("", "INT"), (byName["ProtocolVersion"].ObjectType, byName["ProtocolVersion"].ValueType));
        Assert.Equal(("BU_", "HEX"), (byName["NodeAddress"].ObjectType, byName["NodeAddress"].ValueType));
        Assert.Equal(("BO_", "INT"), (byName["GenMsgCycleTime"].ObjectType, byName["GenMsgCycleTime"].ValueType));
        Assert.Equal(("BO_", "ENUM"), (byName["GenMsgSendType"].ObjectType, byName["GenMsgSendType"].ValueType));
        Assert.Equal(["Cyclic", "OnEvent", "IfActive"], byName["GenMsgSendType"].EnumValues);
        Assert.Equal(("SG_", "FLOAT"), (byName["GenSigStartValue"].ObjectType, byName["GenSigStartValue"].ValueType));
        Assert.Equal(("EV_", "STRING"), (byName["EnvVarUnit"].ObjectType, byName["EnvVarUnit"].ValueType));
        Assert.Empty(byName["GenMsgCycleTime"].EnumValues);
        Assert.Equal(8, File.AttributeDefinitions.Count);
    }

    [Fact]
    public void Reads_attribute_defaults()
    {
        var byName = File.AttributeDefinitions.ToDictionary(d => d.Name, d => d.DefaultValue);

        Assert.Equal("CAN", byName["BusType"]);
        Assert.Equal("100", byName["GenMsgCycleTime"]);
        Assert.Equal("Cyclic", byName["GenMsgSendType"]);
        Assert.Equal("0", byName["GenSigStartValue"]);
        Assert.Equal("", byName["EnvVarUnit"]);
    }

    [Fact]
    public void Reads_message_and_signal_attribute_values()
    {
        Assert.Equal("10", Message("EngineData").Attributes["GenMsgCycleTime"]);
        Assert.Equal("100", Message("CruiseControlVehicleSpeed").Attributes["GenMsgCycleTime"]);
        Assert.Equal("1", Message("DoorStatus").Attributes["GenMsgSendType"]);
        Assert.Equal("40", Signal("EngineData", "CoolantTemperature").Attributes["GenSigStartValue"]);
        Assert.Equal("-2.5", Signal("DoorStatus", "InteriorTemperature").Attributes["GenSigStartValue"]);
        Assert.Empty(Message("Odometer").Attributes);
    }

    [Fact]
    public void The_encoding_attribute_marks_a_signal_as_ascii_text()
    {
        Assert.Equal(DbcSignalEncoding.Ascii, Signal("VehicleIdentification", "VinPart").Encoding);
        Assert.Equal(DbcSignalEncoding.Integer, Signal("EngineData", "EngineSpeed").Encoding);
    }

    [Fact]
    public void Reads_value_descriptions_of_signals()
    {
        var gear = Signal("TransmissionDiagnostics", "GearSelected");
        var parking = Signal("CruiseControlVehicleSpeed", "ParkingBrakeSwitch");

        Assert.Equal([(15L, "Invalid"), (4L, "Drive"), (3L, "Neutral"), (2L, "Reverse"), (1L, "Park")], gear.ValueDescriptions.Select(v => (v.Value, v.Name)));
        Assert.Equal("NotAvailable", parking.ValueDescriptions[0].Name);
        Assert.Equal(4, Signal("DoorStatus", "HeadlightMode").ValueDescriptions.Count);
        Assert.Empty(Signal("EngineData", "EngineSpeed").ValueDescriptions);
    }

    [Fact]
    public void Reads_float_and_double_value_types()
    {
        Assert.Equal(DbcValueType.Float32, Signal("InertialMeasurement", "YawRate").ValueType);
        Assert.Equal(DbcValueType.Float32, Signal("InertialMeasurement", "LateralAcceleration").ValueType);
        Assert.Equal(DbcValueType.Float64, Signal("Odometer", "TotalDistance").ValueType);
        Assert.Equal(DbcValueType.Integer, Signal("EngineData", "EngineSpeed").ValueType);
    }

    [Fact]
    public void Skips_transmitter_lists_environment_variables_signal_groups_and_extended_multiplexing()
    {
        // BO_TX_BU_, EV_, ENVVAR_DATA_, SGTYPE_, SIG_GROUP_, SG_MUL_VAL_, BA_DEF_REL_, BA_REL_ are read past
        // without a diagnostic, and the statements after each are still read.
        Assert.Empty(File.Diagnostics);
        Assert.Equal("Crankshaft speed.", Signal("EngineData", "EngineSpeed").Comment);
        Assert.Equal(DbcValueType.Float64, Signal("Odometer", "TotalDistance").ValueType);
    }

    [Fact]
    public void Flags_and_unscaled_signals_are_recognised()
    {
        Assert.True(Signal("DoorStatus", "DriverDoorOpen").IsFlag);
        Assert.True(Signal("EngineData", "EngineRunning").IsFlag);
        Assert.False(Signal("DoorStatus", "HeadlightMode").IsFlag);
        Assert.True(Signal("DoorStatus", "HeadlightMode").IsUnscaled);
        Assert.False(Signal("EngineData", "EngineSpeed").IsUnscaled);
    }

    [Fact]
    public void Unknown_sections_are_skipped_with_a_warning_and_the_next_statements_are_read()
    {
        var text = "BU_: A\nXCP_CONFIG_ 1 2 \"x\" ;\nBO_ 1 First: 8 A\n SG_ S : 0|8@1+ (1,0) [0|255] \"\" A\nMY_SECTION_ foo\n bar\nBO_ 2 Second: 8 A\n";

        var file = DbcFile.ParseLenient(text, "t.dbc");

        Assert.Equal(
            ["t.dbc(2,1): warning PYL007: unknown section 'XCP_CONFIG_' skipped", "t.dbc(5,1): warning PYL007: unknown section 'MY_SECTION_' skipped"],
            file.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(["First", "Second"], file.Messages.Select(m => m.Name));
        Assert.False(file.HasErrors);
    }

    [Fact]
    public void Hexadecimal_numbers_are_read()
    {
        var file = DbcFile.ParseLenient("BU_: A\nBO_ 0x351 Limits: 8 A\n SG_ S : 0|16@1+ (0x2,0) [0|0xFFFF] \"\" A\n", "t.dbc");

        var signal = Assert.Single(Assert.Single(file.Messages).Signals);
        Assert.Equal(0x351u, file.Messages[0].Id);
        Assert.Equal(2, signal.Factor);
        Assert.Equal("2", signal.FactorText);
        Assert.Equal(65535, signal.Maximum);
    }

    [Fact]
    public void Reads_a_file_with_a_byte_order_mark_and_windows_line_ends()
    {
        var text = "\uFEFFVERSION \"x\"\r\nBU_: A\r\nBO_ 1 M: 8 A\r\n SG_ S : 0|8@1+ (1,0) [0|255] \"V\" A\r\nCM_ SG_ 1 S \"two\r\nlines\";\r\n";

        var file = DbcFile.ParseLenient(text, "t.dbc");

        Assert.Empty(file.Diagnostics);
        Assert.Equal("x", file.Version);
        Assert.Equal("two\nlines", file.Messages[0].Signals[0].Comment);
    }
}
