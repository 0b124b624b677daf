using Pylontech.Can.Dbc;

namespace Pylontech.Can.Tests.Dbc;

/// <summary>
/// A broken DBC gives one error per mistake, naming file, line, column and what was expected, and the statements after
/// the broken one are still read.
/// </summary>
public sealed class DbcParserErrorTests
{
    private const string Valid = """
        VERSION ""

        BU_: Battery Inverter

        BO_ 849 BatteryLimits: 8 Battery
         SG_ ChargeVoltageLimit : 0|16@1+ (0.1,0) [0|6553.5] "V" Inverter
         SG_ ChargeCurrentLimit : 16|16@1- (0.1,0) [-3276.8|3276.7] "A" Inverter

        BO_ 853 StateOfChargeAndHealth: 8 Battery
         SG_ StateOfCharge : 0|16@1+ (1,0) [0|100] "%" Inverter

        BO_ 854 BatteryMeasurements: 8 Battery
         SG_ BatteryVoltage : 0|16@1- (0.01,0) [-327.68|327.67] "V" Inverter

        CM_ BO_ 849 "Battery limits.";
        CM_ SG_ 854 BatteryVoltage "Battery voltage.";
        VAL_ 853 StateOfCharge 0 "Empty" 100 "Full" ;

        """;

    private static DbcFile Parse(string text) => DbcFile.ParseLenient(text, "t.dbc");

    private static DbcFile ParseWith(string original, string replacement)
    {
        Assert.Contains(original, Valid, StringComparison.Ordinal);
        return Parse(Valid.Replace(original, replacement, StringComparison.Ordinal));
    }

    private static string[] Errors(DbcFile file) =>
        file.Diagnostics.Where(d => d.Severity == DbcSeverity.Error).Select(d => d.ToString()).ToArray();

    private static string[] All(DbcFile file) => file.Diagnostics.Select(d => d.ToString()).ToArray();

    [Fact]
    public void The_valid_file_has_no_diagnostic()
    {
        var file = Parse(Valid);

        Assert.Empty(All(file));
        Assert.Equal(3, file.Messages.Count);
    }

    [Fact]
    public void A_missing_colon_after_a_signal_name_is_reported_and_the_rest_is_read()
    {
        var file = ParseWith(" SG_ ChargeCurrentLimit : 16|16", " SG_ ChargeCurrentLimit 16|16");

        Assert.Equal(["t.dbc(7,25): error PYL001: expected ':' after the signal name, found number '16'"], All(file));
        Assert.Equal(["ChargeVoltageLimit"], file.Messages[0].Signals.Select(s => s.Name));
        Assert.Equal(["BatteryLimits", "StateOfChargeAndHealth", "BatteryMeasurements"], file.Messages.Select(m => m.Name));
        Assert.Equal("Battery voltage.", file.Messages[2].Signals[0].Comment);
    }

    [Fact]
    public void A_missing_semicolon_is_reported_at_the_end_of_the_statement_and_the_next_statement_is_read()
    {
        var file = ParseWith("\"Battery limits.\";", "\"Battery limits.\"");

        Assert.Equal(["t.dbc(15,30): error PYL001: expected ';' after the comment, found end of line"], All(file));
        Assert.Equal("Battery voltage.", file.Messages[2].Signals[0].Comment);
        Assert.Equal(2, file.Messages[1].Signals[0].ValueDescriptions.Count);
    }

    [Fact]
    public void A_bad_byte_order_is_reported_and_the_later_messages_are_read()
    {
        var file = ParseWith("StateOfCharge : 0|16@1+", "StateOfCharge : 0|16@2+");

        Assert.Equal(["t.dbc(10,27): error PYL001: expected byte order 0 (Motorola) or 1 (Intel) after '@', found number '2'"], Errors(file));
        Assert.Empty(file.Messages[1].Signals);
        Assert.Equal("BatteryVoltage", Assert.Single(file.Messages[2].Signals).Name);
    }

    [Fact]
    public void A_bad_sign_is_reported()
    {
        var file = ParseWith("StateOfCharge : 0|16@1+", "StateOfCharge : 0|16@1*");

        Assert.Equal(["t.dbc(10,28): error PYL001: expected '+' (unsigned) or '-' (signed) after the byte order, found '*'"], Errors(file));
    }

    [Fact]
    public void An_unterminated_unit_costs_one_error_and_the_following_signals_are_read()
    {
        var file = ParseWith("[0|6553.5] \"V\" Inverter", "[0|6553.5] \"V Inverter");

        Assert.Equal(["t.dbc(6,54): error PYL001: unterminated string: expected a closing '\"'"], All(file));
        Assert.Equal(["ChargeVoltageLimit", "ChargeCurrentLimit"], file.Messages[0].Signals.Select(s => s.Name));
        Assert.Equal("A", file.Messages[0].Signals[1].Unit);
        Assert.Equal(3, file.Messages.Count);
    }

    [Fact]
    public void An_unterminated_comment_costs_one_error_and_the_following_statements_are_read()
    {
        var file = ParseWith("\"Battery voltage.\";", "\"Battery voltage.;");

        Assert.Equal(["t.dbc(16,28): error PYL001: unterminated string: expected a closing '\"'"], All(file));
        Assert.Equal(2, file.Messages[1].Signals[0].ValueDescriptions.Count);
    }

    [Fact]
    public void An_unterminated_string_at_the_end_of_the_file_is_reported()
    {
        var file = Parse(Valid + "CM_ \"no end\n\n");

        Assert.Equal(["t.dbc(18,5): error PYL001: unterminated string: expected a closing '\"'"], All(file));
    }

    [Fact]
    public void A_non_numeric_factor_is_reported()
    {
        var file = ParseWith("(0.01,0)", "(abc,0)");

        Assert.Equal(["t.dbc(13,32): error PYL001: expected the factor (a number), found 'abc'"], Errors(file));
        Assert.Equal(["StateOfChargeAndHealth"], file.Messages.Where(m => m.Signals.Count == 1).Select(m => m.Name));
    }

    [Fact]
    public void A_broken_message_line_is_one_error_and_its_signals_are_skipped_quietly()
    {
        var file = ParseWith("BO_ 853 StateOfChargeAndHealth: 8", "BO_ 853 StateOfChargeAndHealth 8");

        Assert.Equal(["t.dbc(9,32): error PYL001: expected ':' after the message name, found number '8'"], Errors(file));
        Assert.Equal(["BatteryLimits", "BatteryMeasurements"], file.Messages.Select(m => m.Name));
        Assert.Single(file.Messages[1].Signals);
    }

    [Fact]
    public void A_missing_transmitter_is_reported_at_the_end_of_the_message_line()
    {
        var file = ParseWith("BO_ 854 BatteryMeasurements: 8 Battery", "BO_ 854 BatteryMeasurements: 8");

        Assert.Equal(["t.dbc(12,31): error PYL001: expected the transmitting node after the message length, found end of line"], Errors(file));
    }

    [Fact]
    public void A_signal_outside_a_message_is_reported()
    {
        var file = Parse(Valid + "SG_ Stray : 0|8@1+ (1,0) [0|255] \"\" Inverter\n");

        Assert.Equal(["t.dbc(18,1): error PYL001: signal 'Stray' is not inside a message: SG_ must follow a BO_ line"], Errors(file));
    }

    [Fact]
    public void A_bad_multiplexer_indicator_is_reported()
    {
        var file = ParseWith(" SG_ StateOfCharge :", " SG_ StateOfCharge x3 :");

        Assert.Equal(["t.dbc(10,20): error PYL001: expected ':' after the signal name, or a multiplexer indicator (M, m<value> or m<value>M), found 'x3'"], Errors(file));
    }

    [Fact]
    public void Parse_throws_with_the_first_error_as_message()
    {
        var text = Valid.Replace("(0.01,0)", "(abc,0)", StringComparison.Ordinal);

        var error = Assert.Throws<DbcException>(() => DbcFile.Parse(text, "t.dbc"));

        Assert.Equal("t.dbc(13,32): error PYL001: expected the factor (a number), found 'abc'", error.Message);
        Assert.Single(error.Errors);
    }

    [Fact]
    public void Load_names_the_file_in_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.dbc");
        File.WriteAllText(path, Valid.Replace("(0.01,0)", "(abc,0)", StringComparison.Ordinal));
        try
        {
            var error = Assert.Throws<DbcException>(() => DbcFile.Load(path));

            Assert.StartsWith($"{path}(13,32): error PYL001:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Overlapping_signals_are_reported()
    {
        var file = ParseWith(" SG_ ChargeCurrentLimit : 16|16@1-", " SG_ ChargeCurrentLimit : 8|16@1-");

        Assert.Equal(["t.dbc(7,2): error PYL003: signal 'BatteryLimits.ChargeCurrentLimit' overlaps 'ChargeVoltageLimit' (line 6): they share bits"], All(file));
    }

    [Fact]
    public void Overlapping_motorola_and_intel_signals_are_reported()
    {
        // Motorola 7|16 covers bytes 0 and 1; Intel 12|4 is bits 4-7 of byte 1.
        var file = Parse("BU_: A\nBO_ 1 M: 8 A\n SG_ Big : 7|16@0+ (1,0) [0|0] \"\" A\n SG_ Little : 12|4@1+ (1,0) [0|0] \"\" A\n");

        Assert.Equal(["t.dbc(4,2): error PYL003: signal 'M.Little' overlaps 'Big' (line 3): they share bits"], All(file));
    }

    [Fact]
    public void A_signal_past_the_message_length_is_reported()
    {
        var file = ParseWith("BO_ 853 StateOfChargeAndHealth: 8", "BO_ 853 StateOfChargeAndHealth: 1");

        Assert.Equal(["t.dbc(10,2): error PYL004: signal 'StateOfChargeAndHealth.StateOfCharge' needs 2 bytes but the message is 1 bytes long"], All(file));
    }

    [Fact]
    public void A_motorola_signal_past_the_message_length_is_reported()
    {
        // Motorola 15|16 starts in byte 1 and ends in byte 2: 3 bytes are needed.
        var file = Parse("BU_: A\nBO_ 1 M: 2 A\n SG_ S : 15|16@0+ (1,0) [0|0] \"\" A\n");

        Assert.Equal(["t.dbc(3,2): error PYL004: signal 'M.S' needs 3 bytes but the message is 2 bytes long"], All(file));
    }

    [Fact]
    public void Duplicate_message_identifiers_names_and_signal_names_are_reported()
    {
        var text = Valid
            .Replace("BO_ 854 BatteryMeasurements", "BO_ 849 BatteryMeasurements", StringComparison.Ordinal)
            .Replace("BO_ 853 StateOfChargeAndHealth", "BO_ 853 BatteryLimits", StringComparison.Ordinal)
            .Replace(" SG_ ChargeCurrentLimit :", " SG_ ChargeVoltageLimit :", StringComparison.Ordinal);

        var file = Parse(text);

        Assert.Equal(
        [
            "t.dbc(7,2): error PYL002: message 'BatteryLimits' has two signals named 'ChargeVoltageLimit' (the first at line 6)",
            "t.dbc(9,1): error PYL002: message name 'BatteryLimits' is already used at line 5",
            "t.dbc(12,1): error PYL002: message 'BatteryMeasurements' has identifier 0x351, already used by 'BatteryLimits' at line 5",
        ], Errors(file));
    }

    [Theory]
    [InlineData("0|0@1+", "length 0 is not between 1 and 64 bits")]
    [InlineData("0|65@1+", "length 65 is not between 1 and 64 bits")]
    public void Impossible_signal_lengths_are_reported(string layout, string message)
    {
        var file = ParseWith("StateOfCharge : 0|16@1+", $"StateOfCharge : {layout}");

        Assert.Equal([$"t.dbc(10,2): error PYL005: signal 'StateOfChargeAndHealth.StateOfCharge': {message}"], All(file));
    }

    [Fact]
    public void A_float_signal_of_the_wrong_length_is_reported()
    {
        var file = Parse(Valid + "SIG_VALTYPE_ 853 StateOfCharge : 1;\n");

        Assert.Equal(["t.dbc(10,2): error PYL005: signal 'StateOfChargeAndHealth.StateOfCharge': a float signal must be 32 bits long, not 16"], All(file));
    }

    [Theory]
    [InlineData("2048", "identifier 2048 is not a valid 11-bit id (set bit 31 for a 29-bit extended id)")]
    [InlineData("3758096384", "identifier 3758096384 (0xE0000000) sets bits 29-30: not a valid 29-bit extended id")]
    public void Impossible_identifiers_are_reported(string id, string message)
    {
        var file = ParseWith("BO_ 854 ", $"BO_ {id} ");

        Assert.Contains($"t.dbc(12,1): error PYL005: message 'BatteryMeasurements': {message}", Errors(file));
    }

    [Fact]
    public void A_multiplexed_signal_without_a_switch_is_reported()
    {
        var file = ParseWith(" SG_ StateOfCharge :", " SG_ StateOfCharge m1 :");

        Assert.Equal(["t.dbc(10,2): error PYL005: signal 'StateOfChargeAndHealth.StateOfCharge' is multiplexed (m1) but the message has no multiplexer switch 'M'"], All(file));
    }

    [Fact]
    public void Multiplexed_signals_share_bits_only_across_different_switch_values()
    {
        var text = "BU_: A\nBO_ 1 M: 8 A\n SG_ Page M : 0|8@1+ (1,0) [0|0] \"\" A\n" +
                   " SG_ One m1 : 8|16@1+ (1,0) [0|0] \"\" A\n SG_ Two m2 : 8|16@1+ (1,0) [0|0] \"\" A\n SG_ AlsoTwo m2 : 16|8@1+ (1,0) [0|0] \"\" A\n";

        var file = Parse(text);

        Assert.Equal(["t.dbc(6,2): error PYL003: signal 'M.AlsoTwo' overlaps 'Two' (line 5): they share bits"], All(file));
    }

    [Fact]
    public void References_to_unknown_messages_signals_nodes_and_attributes_are_warnings()
    {
        var file = Parse(Valid +
            "CM_ BO_ 999 \"no such message\";\n" +
            "CM_ SG_ 849 NoSuchSignal \"no such signal\";\n" +
            "CM_ BU_ Charger \"no such node\";\n" +
            "BA_ \"Undefined\" BO_ 849 1;\n" +
            "BA_DEF_DEF_ \"AlsoUndefined\" 0;\n" +
            "VAL_ 849 Missing 0 \"x\" ;\n");

        Assert.Equal(
        [
            "t.dbc(18,9): warning PYL006: no message with identifier 999",
            "t.dbc(19,13): warning PYL006: message 'BatteryLimits' has no signal 'NoSuchSignal'",
            "t.dbc(20,9): warning PYL006: comment for unknown node 'Charger'",
            "t.dbc(21,5): warning PYL006: value for undefined attribute 'Undefined'",
            "t.dbc(22,13): warning PYL006: default for undefined attribute 'AlsoUndefined'",
            "t.dbc(23,10): warning PYL006: message 'BatteryLimits' has no signal 'Missing'",
        ], All(file));
        Assert.False(file.HasErrors);
    }

    [Fact]
    public void A_node_listed_twice_is_a_warning()
    {
        var file = ParseWith("BU_: Battery Inverter", "BU_: Battery Inverter Battery");

        Assert.Equal(["t.dbc(3,23): warning PYL002: node 'Battery' is listed twice in BU_"], All(file));
        Assert.Equal(["Battery", "Inverter"], file.Nodes.Select(n => n.Name));
    }
}
