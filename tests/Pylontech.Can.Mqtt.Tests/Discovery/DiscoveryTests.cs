using System.Text.Json;

namespace Pylontech.Can.Mqtt.Tests;

public sealed class DiscoveryTests
{
    private static JsonElement Config(BatteryState state, string deviceId = "stack1")
    {
        var discovery = new HomeAssistantDiscovery(new BridgeOptions { DeviceId = deviceId });
        return JsonDocument.Parse(discovery.BuildDeviceConfig(state)).RootElement;
    }

    private static string[] ComponentKeys(JsonElement config) =>
        config.GetProperty("cmps").EnumerateObject().Select(p => p.Name).ToArray();

    private static string Line(BatteryState state, string deviceId = "stack1")
    {
        var discovery = new HomeAssistantDiscovery(new BridgeOptions { DeviceId = deviceId });
        return discovery.Topics.DeviceConfig + "\t" + System.Text.Encoding.UTF8.GetString(discovery.BuildDeviceConfig(state)) + "\n";
    }

    [Fact]
    public void A_classic_stack_announces_its_measurements_flags_and_requests()
    {
        var keys = ComponentKeys(Config(Frames.StateOf(Frames.ClassicStack)));

        Assert.Contains("voltage", keys);
        Assert.Contains("soc", keys);
        Assert.Contains("power", keys);
        Assert.Contains("energy_charged", keys);
        Assert.Contains("discharge_voltage_limit", keys);
        Assert.Contains("module_count", keys);
        Assert.Contains("cell_over_voltage_protection", keys);
        Assert.Contains("internal_communication_fail_alarm", keys);
        Assert.Contains("request_force_charge_1", keys);
        Assert.Contains("charge_enable", keys);
        Assert.Contains("problem", keys);
        Assert.Contains("inverter_link", keys);
    }

    [Fact]
    public void A_classic_stack_announces_nothing_of_the_newer_frames()
    {
        var keys = ComponentKeys(Config(Frames.StateOf(Frames.ClassicStack)));

        Assert.DoesNotContain("capacity", keys);
        Assert.DoesNotContain("general_alarm", keys);
        Assert.DoesNotContain("min_cell_voltage", keys);
        Assert.DoesNotContain("modules_online", keys);
        Assert.DoesNotContain("stored_energy", keys);
    }

    [Fact]
    public void A_new_firmware_stack_announces_only_its_own_entities()
    {
        var keys = ComponentKeys(Config(Frames.StateOf(Frames.NewFirmwareStack)));

        Assert.Contains("capacity", keys);
        Assert.Contains("stored_energy", keys); // 572 Ah × voltage
        Assert.Contains("charge_enable", keys); // derived from the limits
        Assert.Contains("discharge_enable", keys);
        Assert.DoesNotContain("cell_over_voltage_protection", keys);
        Assert.DoesNotContain("request_force_charge_1", keys);
        Assert.DoesNotContain("module_count", keys);
        Assert.DoesNotContain("inverter_link", keys); // no 0x305 in this capture
        // 0x35A all "not supported": no alarm entities and no summary.
        Assert.DoesNotContain("general_alarm", keys);
        Assert.DoesNotContain("problem", keys);
    }

    [Fact]
    public void Alarm_conditions_the_battery_supports_are_announced_and_active_means_on()
    {
        // Seplos/Victron: every condition "ok" (2), then general alarm active (1).
        var state = Frames.StateOf(["35A#AAAAAA02AAAAAA02", "35A#A9AAAA02AAAAAA02"]);
        var keys = ComponentKeys(Config(state));
        var snapshot = new StateSnapshot(EntityTable.All);
        snapshot.Capture(state, new EntityReadContext(TimeSpan.Zero, null, TimeSpan.FromSeconds(30)));

        Assert.Contains("general_alarm", keys);
        Assert.Contains("cell_imbalance_warning", keys);
        Assert.Equal(1, snapshot["general_alarm"]);
        Assert.Equal(0, snapshot["high_voltage_alarm"]);
        Assert.Equal(1, snapshot["problem"]);
    }

    [Fact]
    public void The_device_block_carries_stable_ids_manufacturer_model_and_firmware()
    {
        var config = Config(Frames.StateOf(Frames.NewFirmwareStack));
        var device = config.GetProperty("dev");

        Assert.Equal("pylontech_stack1", device.GetProperty("ids")[0].GetString());
        Assert.Equal("Pylontech stack1", device.GetProperty("name").GetString());
        Assert.Equal("PYLON", device.GetProperty("mf").GetString());
        Assert.Equal("1.3", device.GetProperty("sw").GetString());
        Assert.Contains("LI", device.GetProperty("mdl").GetString(), StringComparison.Ordinal);
        Assert.Equal("Pylontech.Can", config.GetProperty("o").GetProperty("name").GetString());
        Assert.StartsWith("https://", config.GetProperty("o").GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Availability_combines_the_bridge_will_and_the_data_freshness()
    {
        var config = Config(Frames.StateOf(Frames.ClassicStack));

        Assert.Equal("all", config.GetProperty("avty_mode").GetString());
        Assert.Equal(["pylontech/stack1/bridge", "pylontech/stack1/availability"], config.GetProperty("avty").EnumerateArray().Select(a => a.GetProperty("t").GetString()!).ToArray());
        Assert.Equal("pylontech/stack1/state", config.GetProperty("stat_t").GetString());
    }

    [Fact]
    public void Components_have_unique_ids_and_default_entity_ids_but_no_object_id()
    {
        var components = Config(Frames.StateOf(Frames.ClassicStack)).GetProperty("cmps");
        var voltage = components.GetProperty("voltage");
        var problem = components.GetProperty("problem");

        Assert.Equal("pylontech_stack1_voltage", voltage.GetProperty("uniq_id").GetString());
        Assert.Equal("sensor.pylontech_stack1_voltage", voltage.GetProperty("def_ent_id").GetString());
        Assert.Equal("binary_sensor.pylontech_stack1_problem", problem.GetProperty("def_ent_id").GetString());
        foreach (var component in components.EnumerateObject())
        {
            Assert.False(component.Value.TryGetProperty("object_id", out _));
            Assert.False(component.Value.TryGetProperty("obj_id", out _));
        }
    }

    [Fact]
    public void State_of_charge_takes_the_device_name()
    {
        var soc = Config(Frames.StateOf(Frames.ClassicStack)).GetProperty("cmps").GetProperty("soc");

        Assert.Equal(JsonValueKind.Null, soc.GetProperty("name").ValueKind);
        Assert.Equal("battery", soc.GetProperty("dev_cla").GetString());
    }

    [Fact]
    public void The_set_of_components_grows_when_a_new_frame_kind_arrives()
    {
        var state = Frames.StateOf(["356#7A13F2FE6B01"]);
        var before = ComponentKeys(Config(state));

        state.Apply(Frames.Parse("359#0000000006504E"), TimeSpan.FromSeconds(1));
        var after = ComponentKeys(Config(state));

        Assert.DoesNotContain("module_count", before);
        Assert.Contains("module_count", after);
        Assert.Superset(before.ToHashSet(), after.ToHashSet());
    }

    [Fact]
    public void Classic_stack_discovery_passes_the_home_assistant_checker()
    {
        var (exit, output) = SharedTools.Validate(Line(Frames.StateOf(Frames.ClassicStack)), "--publish-interval", "60");

        Assert.True(exit == 0, output);
        Assert.Contains("1 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void New_firmware_discovery_with_every_frame_kind_passes_the_home_assistant_checker()
    {
        string[] everything =
        [
            .. Frames.NewFirmwareStack, "35A#AAAAAA02AAAAAA02", "372#0200000000000000", "373#CA0CCF0C1B011C01", "379#C800000000000000", "305#0000000000000000",
        ];

        var (exit, output) = SharedTools.Validate(Line(Frames.StateOf(everything)), "--publish-interval", "60");

        Assert.True(exit == 0, output);
        Assert.Contains("1 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_stacks_side_by_side_pass_the_checker_without_colliding()
    {
        var state = Frames.StateOf(Frames.ClassicStack);

        var (exit, output) = SharedTools.Validate(Line(state, "stack1") + Line(state, "stack2"));

        Assert.True(exit == 0, output);
        Assert.Contains("2 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_stacks_share_no_topic_and_no_unique_id()
    {
        var one = new BridgeTopics(new BridgeOptions { DeviceId = "stack1" });
        var two = new BridgeTopics(new BridgeOptions { DeviceId = "stack2" });
        var state = Frames.StateOf([.. Frames.ClassicStack, .. Frames.NewFirmwareStack]);
        var ids1 = Config(state, "stack1").GetProperty("cmps").EnumerateObject().Select(c => c.Value.GetProperty("uniq_id").GetString()).ToHashSet();
        var ids2 = Config(state, "stack2").GetProperty("cmps").EnumerateObject().Select(c => c.Value.GetProperty("uniq_id").GetString()).ToHashSet();

        Assert.Empty(one.Retained.Intersect(two.Retained));
        Assert.NotEqual(one.HomeAssistantStatus, one.BridgeAvailability);
        Assert.Empty(ids1.Intersect(ids2));
        Assert.Equal(EntityTable.All.Count(e => e.IsAvailableIn(state)), ids1.Count);
    }
}
