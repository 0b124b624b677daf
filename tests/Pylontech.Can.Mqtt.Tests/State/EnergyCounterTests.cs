namespace Pylontech.Can.Mqtt.Tests;

public sealed class EnergyCounterTests
{
    [Fact]
    public void Fifty_volts_at_twenty_amps_for_one_hour_charges_one_kilowatt_hour()
    {
        var state = new BatteryState();
        for (var s = 0; s <= 3600; s++)
        {
            state.Apply(Frames.Parse("356#8813C8000000"), TimeSpan.FromSeconds(s)); // 50.00 V, +20.0 A
        }

        Assert.Equal(1.000, state.Energy.ChargedKwh, 9);
        Assert.Equal(0.0, state.Energy.DischargedKwh);
    }

    [Fact]
    public void Discharging_goes_to_the_discharged_counter()
    {
        var counter = new EnergyCounter(TimeSpan.FromSeconds(5));
        for (var s = 0; s <= 1800; s++)
        {
            counter.AddSample(TimeSpan.FromSeconds(s), -2000); // 2 kW out for half an hour
        }

        Assert.Equal(1.0, counter.DischargedKwh, 9);
        Assert.Equal(0.0, counter.ChargedKwh);
    }

    [Fact]
    public void A_gap_longer_than_the_limit_is_not_integrated()
    {
        var counter = new EnergyCounter(TimeSpan.FromSeconds(5));
        counter.AddSample(TimeSpan.Zero, 1000);
        counter.AddSample(TimeSpan.FromSeconds(1), 1000); // 1000 W for 1 s
        counter.AddSample(TimeSpan.FromSeconds(61), 1000); // a minute of silence: skipped
        counter.AddSample(TimeSpan.FromSeconds(62), 1000); // 1 s more

        Assert.Equal(2 * 1000.0 / 3600 / 1000, counter.ChargedKwh, 12);
    }

    [Fact]
    public void A_gap_exactly_at_the_limit_is_integrated()
    {
        var counter = new EnergyCounter(TimeSpan.FromSeconds(5));
        counter.AddSample(TimeSpan.Zero, 3600);
        counter.AddSample(TimeSpan.FromSeconds(5), 3600);

        Assert.Equal(0.005, counter.ChargedKwh, 12); // 3600 W × 5 s = 5 Wh
    }

    [Fact]
    public void A_ramp_through_zero_is_split_between_the_counters()
    {
        // +100 W to -100 W over 2 h: a triangle of 50 Wh on each side.
        var counter = new EnergyCounter(TimeSpan.FromHours(3));
        counter.AddSample(TimeSpan.Zero, 100);
        counter.AddSample(TimeSpan.FromHours(2), -100);

        Assert.Equal(0.050, counter.ChargedKwh, 12);
        Assert.Equal(0.050, counter.DischargedKwh, 12);
    }

    [Fact]
    public void Uses_the_trapezoid_between_two_samples()
    {
        var counter = new EnergyCounter(TimeSpan.FromHours(2));
        counter.AddSample(TimeSpan.Zero, 1000);
        counter.AddSample(TimeSpan.FromHours(1), 3000);

        Assert.Equal(2.0, counter.ChargedKwh, 12);
    }

    [Fact]
    public void A_clock_step_backwards_integrates_nothing()
    {
        var counter = new EnergyCounter(TimeSpan.FromSeconds(5));
        counter.AddSample(TimeSpan.FromSeconds(10), 1000);
        counter.AddSample(TimeSpan.FromSeconds(4), 1000);
        counter.AddSample(TimeSpan.FromSeconds(5), 3600);

        Assert.Equal((1000 + 3600) / 2.0 / 3600 / 1000, counter.ChargedKwh, 12);
    }

    [Fact]
    public void Counters_survive_a_restart_through_the_store()
    {
        var directory = Directory.CreateTempSubdirectory("pylontech-energy-");
        try
        {
            var store = new EnergyCounterStore(directory.FullName, "stack1");
            var before = new EnergyCounter(TimeSpan.FromSeconds(5));
            for (var s = 0; s <= 3600; s++)
            {
                before.AddSample(TimeSpan.FromSeconds(s), 1000);
            }

            store.Save(before, DateTimeOffset.UnixEpoch);

            // A new process: load, continue charging for another hour.
            var after = new EnergyCounterStore(directory.FullName, "stack1").Load(TimeSpan.FromSeconds(5));
            var state = new BatteryState(energy: after);
            for (var s = 0; s <= 3600; s++)
            {
                state.Apply(Frames.Parse("356#8813C8000000"), TimeSpan.FromSeconds(s)); // 1000 W
            }

            Assert.Equal(2.0, state.Energy.ChargedKwh, 9);
            Assert.False(File.Exists(store.FilePath + ".tmp"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_file_loads_as_zero_and_a_damaged_one_is_reported()
    {
        var directory = Directory.CreateTempSubdirectory("pylontech-energy-");
        try
        {
            var store = new EnergyCounterStore(directory.FullName, "stack1");
            Assert.Equal(0, store.Load(TimeSpan.FromSeconds(5)).ChargedKwh);

            File.WriteAllText(store.FilePath, "{ not json");
            var error = Assert.Throws<InvalidDataException>(() => store.Load(TimeSpan.FromSeconds(5)));
            Assert.Contains(store.FilePath, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
