using Pylontech.Cli.Simulation;

namespace Pylontech.Cli.Tests.Simulation;

public sealed class StackSimulatorTests
{
    [Fact]
    public void Classic_firmware_sends_the_v1_2_frame_set_with_its_lengths()
    {
        var frames = new StackSimulator(new SimulationOptions()).NextSecond();

        var lengths = frames.ToDictionary(f => f.Id, f => (int)f.Length);
        Assert.Equal(new Dictionary<uint, int>
        {
            [0x359] = 7, [0x351] = 8, [0x355] = 4, [0x356] = 6, [0x35C] = 2, [0x35E] = 8, [0x305] = 8,
        }, lengths);
    }

    [Fact]
    public void New_firmware_sends_35A_and_35F_instead_of_359_and_35C()
    {
        var frames = new StackSimulator(new SimulationOptions { Firmware = SimulatedFirmware.New, InverterHeartbeat = false }).NextSecond();

        Assert.Equal(new uint[] { 0x351, 0x355, 0x356, 0x35A, 0x35E, 0x35F }, frames.Select(f => f.Id).ToArray());
        Assert.Equal(6, frames.Single(f => f.Id == 0x355).Length);
    }

    [Fact]
    public void State_of_charge_follows_the_integrated_current()
    {
        var simulator = new StackSimulator(new SimulationOptions { Modules = 3, InitialStateOfCharge = 0.5 });
        var ampSeconds = 0.0;
        for (var i = 0; i < 4 * 3600; i++)
        {
            simulator.NextSecond();
            ampSeconds += simulator.Current;
        }

        var expected = 0.5 + (ampSeconds / 3600 / (3 * StackSimulator.ModuleAmpHours));
        Assert.Equal(expected, simulator.StateOfCharge, 9);
        Assert.NotEqual(0.5, simulator.StateOfCharge, 3);
    }

    [Fact]
    public void Voltage_rises_with_state_of_charge_at_rest()
    {
        Assert.True(StackSimulator.OpenCircuitVoltage(0.1) < StackSimulator.OpenCircuitVoltage(0.5));
        Assert.True(StackSimulator.OpenCircuitVoltage(0.5) < StackSimulator.OpenCircuitVoltage(0.99));
        Assert.Equal(45.0, StackSimulator.OpenCircuitVoltage(0));
        Assert.Equal(53.8, StackSimulator.OpenCircuitVoltage(1));
    }

    [Fact]
    public void Same_seed_gives_the_same_traffic_and_another_seed_different()
    {
        static string Run(int seed)
        {
            var simulator = new StackSimulator(new SimulationOptions { Seed = seed });
            return string.Join("\n", Enumerable.Range(0, 120).SelectMany(_ => simulator.NextSecond()).Select(f => f + "@" + f.TimestampMicroseconds));
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Frames_are_one_second_apart_and_in_time_order()
    {
        var simulator = new StackSimulator(new SimulationOptions { StartUnixSeconds = 1000 });
        var frames = Enumerable.Range(0, 3).SelectMany(_ => simulator.NextSecond()).ToList();

        Assert.Equal(1000_000_000L, frames[0].TimestampMicroseconds);
        Assert.Equal(1001_000_000L, frames.First(f => f.Id == 0x359 && f.TimestampMicroseconds > 1000_000_000L).TimestampMicroseconds);
        Assert.All(frames.Where(f => f.Id != 0x305).Zip(frames.Where(f => f.Id != 0x305).Skip(1)), p => Assert.True(p.First.TimestampMicroseconds < p.Second.TimestampMicroseconds));
    }

    [Fact]
    public void Discharging_to_empty_stops_at_the_discharge_limit_and_raises_the_low_voltage_alarm()
    {
        // Start near empty at night (load only): the BMS must cut discharge and flag low voltage.
        var simulator = new StackSimulator(new SimulationOptions { InitialStateOfCharge = 0.04, StartUnixSeconds = 1_700_000_000 - (1_700_000_000 % 86_400) });
        IReadOnlyList<Pylontech.Can.Frames.CanFrame> frames = [];
        for (var i = 0; i < 2 * 3600; i++)
        {
            frames = simulator.NextSecond();
        }

        Assert.True(simulator.StateOfCharge <= 0.021, $"SOC {simulator.StateOfCharge}");
        var flags = frames.Single(f => f.Id == 0x359).Data;
        Assert.NotEqual(0, flags[2] & 0x04); // byte 2 bit 2: cell low voltage alarm
        var requests = frames.Single(f => f.Id == 0x35C).Data[0];
        Assert.Equal(0, requests & 0x40);     // discharge no longer enabled
        Assert.NotEqual(0, requests & 0x20);  // force charge I requested
    }
}
