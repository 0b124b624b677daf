namespace Pylontech.Can.Generators.Tests;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("Battery_Charge_Voltage", "BatteryChargeVoltage")]
    [InlineData("BATTERY_CHARGE_VOLTAGE", "BatteryChargeVoltage")]
    [InlineData("BatteryChargeVoltage", "BatteryChargeVoltage")]
    [InlineData("SOC", "SOC")]
    [InlineData("PN", "PN")]
    [InlineData("pylontech", "Pylontech")]
    [InlineData("my-bus", "MyBus")]
    [InlineData("BMS_Version", "BMSVersion")]
    [InlineData("Not available", "NotAvailable")]
    [InlineData("___", "")]
    public void Converts_dbc_names_to_PascalCase(string name, string expected)
    {
        Assert.Equal(expected, Identifiers.ToPascalCase(name));
    }

    [Theory]
    [InlineData("Ok", 2, "Ok")]
    [InlineData("3 cells", 3, "Value3Cells")]
    [InlineData("", 7, "Value7")]
    [InlineData("---", -1, "ValueMinus1")]
    public void Makes_enum_member_names_from_value_descriptions(string description, long value, string expected)
    {
        Assert.Equal(expected, Identifiers.ToMemberName(description, value));
    }

    [Theory]
    [InlineData("Pylontech.Can.Messages", true)]
    [InlineData("Messages", true)]
    [InlineData("My Messages", false)]
    [InlineData("My..Messages", false)]
    [InlineData("My.class", false)]
    public void Accepts_only_dotted_identifiers_as_namespaces(string name, bool valid)
    {
        Assert.Equal(valid, Identifiers.IsValidNamespace(name));
    }
}
