namespace Pylontech.Can.Mqtt.Tests;

public sealed class StatePublishPolicyTests
{
    private static readonly EntityDefinition[] Entities =
    [
        EntityTable.All.Single(e => e.Key == "voltage"),
        EntityTable.All.Single(e => e.Key == "power"),
        EntityTable.All.Single(e => e.Key == "problem"),
    ];

    private static StatePublishPolicy Policy(double powerDeadband = 0) =>
        new(Entities, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), new Dictionary<string, double> { ["power"] = powerDeadband });

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_first_state_is_published_at_once()
    {
        Assert.Equal(PublishReason.First, Policy().Decide(S(0), [49.86, -1346, 0]));
    }

    [Fact]
    public void A_changed_value_waits_for_the_interval()
    {
        var policy = Policy();
        policy.Published(S(0), [49.86, -1346, 0]);

        Assert.Equal(PublishReason.None, policy.Decide(S(4.9), [49.87, -1346, 0]));
        Assert.Equal(PublishReason.Changed, policy.Decide(S(5), [49.87, -1346, 0]));
    }

    [Fact]
    public void An_unchanged_state_is_refreshed_only_after_the_republish_time()
    {
        var policy = Policy();
        policy.Published(S(0), [49.86, -1346, 0]);

        Assert.Equal(PublishReason.None, policy.Decide(S(30), [49.86, -1346, 0]));
        Assert.Equal(PublishReason.Refresh, policy.Decide(S(60), [49.86, -1346, 0]));
    }

    [Fact]
    public void A_problem_flag_change_is_published_before_the_interval()
    {
        var policy = Policy();
        policy.Published(S(0), [49.86, -1346, 0]);

        Assert.Equal(PublishReason.Urgent, policy.Decide(S(0.1), [49.86, -1346, 1]));
    }

    [Fact]
    public void Changes_smaller_than_the_deadband_are_held_back()
    {
        var policy = Policy(powerDeadband: 20);
        policy.Published(S(0), [49.86, -1346, 0]);

        Assert.Equal(PublishReason.None, policy.Decide(S(10), [49.86, -1330, 0])); // 16 W
        Assert.Equal(PublishReason.Changed, policy.Decide(S(10), [49.86, -1326, 0])); // 20 W
    }

    [Fact]
    public void A_value_appearing_or_vanishing_counts_as_a_change()
    {
        var policy = Policy(powerDeadband: 1000);
        policy.Published(S(0), [49.86, null, 0]);

        Assert.Equal(PublishReason.Changed, policy.Decide(S(5), [49.86, -1346, 0]));
        Assert.Equal(PublishReason.Changed, policy.Decide(S(5), [null, null, 0]));
    }

    [Fact]
    public void After_a_reset_everything_is_published_again()
    {
        var policy = Policy();
        policy.Published(S(0), [49.86, -1346, 0]);

        policy.Reset();

        Assert.Equal(PublishReason.First, policy.Decide(S(1), [49.86, -1346, 0]));
    }

    [Fact]
    public void Freshness_changes_are_reported_once_each()
    {
        var freshness = new DataFreshness(S(30));

        Assert.False(freshness.Update(S(0), null));
        Assert.True(freshness.Update(S(1), S(1)));
        Assert.Null(freshness.Update(S(30), S(1)));
        Assert.False(freshness.Update(S(31), S(1)));
        Assert.Null(freshness.Update(S(40), S(1)));
        Assert.True(freshness.Update(S(41), S(41)));
    }

    [Fact]
    public void Frame_rate_is_measured_over_whole_windows()
    {
        var meter = new FrameRateMeter();

        Assert.Null(meter.Sample(S(0), 0));
        Assert.Null(meter.Sample(S(0.5), 3));
        Assert.Equal(6, meter.Sample(S(1), 6));
        Assert.Equal(7, meter.Sample(S(3), 20));
    }
}
