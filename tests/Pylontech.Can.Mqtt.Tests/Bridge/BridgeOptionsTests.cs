namespace Pylontech.Can.Mqtt.Tests;

public sealed class BridgeOptionsTests
{
    [Fact]
    public void Defaults_follow_home_assistant_and_the_protocol()
    {
        var options = new BridgeOptions();

        Assert.Empty(options.Validate());
        Assert.Equal("homeassistant", options.DiscoveryPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StaleAfter);
        Assert.Equal(1883, options.EffectivePort);
        Assert.Equal(8883, new BridgeOptions { UseTls = true }.EffectivePort);
        Assert.Equal("pylontech-stack1", options.EffectiveClientId);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Battery.EnergyMaxGap);
    }

    [Theory]
    [InlineData("stack 1")]
    [InlineData("stack.1")]
    [InlineData("")]
    [InlineData("bank/1")]
    public void Device_ids_home_assistant_would_reject_are_refused(string deviceId)
    {
        var errors = new BridgeOptions { DeviceId = deviceId }.Validate();

        Assert.Contains(errors, e => e.StartsWith($"device id '{deviceId}'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_deadband_key_is_refused_with_the_known_ones()
    {
        var options = new BridgeOptions();
        options.Deadbands["powr"] = 10;

        var error = Assert.Single(options.Validate());
        Assert.Contains("'powr'", error, StringComparison.Ordinal);
        Assert.Contains("power", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_never_appears_in_the_description()
    {
        var options = new BridgeOptions { Username = "bridge", Password = "s3cret-Passw0rd" };

        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("bridge", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bridge_refuses_options_with_problems()
    {
        var error = Assert.Throws<ArgumentException>(() => new PylontechMqttBridge(new BridgeOptions { DeviceId = "a b", Port = 70000 }));

        Assert.Contains("device id", error.Message, StringComparison.Ordinal);
        Assert.Contains("port 70000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Topics_live_under_the_base_topic_and_the_discovery_prefix()
    {
        var topics = new BridgeTopics(new BridgeOptions { DeviceId = "garage", DiscoveryPrefix = "ha" });

        Assert.Equal("ha/device/pylontech_garage/config", topics.DeviceConfig);
        Assert.Equal("ha/status", topics.HomeAssistantStatus);
        Assert.Equal("pylontech/garage/state", topics.State);
        Assert.Equal("pylontech/garage/bridge", topics.BridgeAvailability);
        Assert.Equal("pylontech/garage/availability", topics.DataAvailability);
        Assert.Equal("pylontech_garage_voltage", topics.UniqueId("voltage"));
    }
}
