using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Mqtt.Tests;

/// <summary>The bridge against an in-process MQTTnet broker.</summary>
public sealed class BridgeBrokerTests
{
    private static Channel<CanFrame> Feed(params string[] frames)
    {
        var channel = Channel.CreateUnbounded<CanFrame>();
        foreach (var frame in frames)
        {
            channel.Writer.TryWrite(Frames.Parse(frame));
        }

        return channel;
    }

    private static async Task<JsonElement?> StateAsync(InProcessBroker broker, BridgeTopics topics) =>
        await broker.RetainedAsync(topics.State) is { } json ? JsonDocument.Parse(json).RootElement : null;

    [Fact]
    public async Task Publishes_retained_discovery_state_and_availability()
    {
        await using var broker = await InProcessBroker.StartAsync();
        var channel = Feed(Frames.ClassicStack);
        await using var bridge = new PylontechMqttBridge(broker.Options());
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(channel.Reader, stop.Token);

        await Eventually.HoldsAsync(async () => (await broker.RetainedAsync(bridge.Topics.DeviceConfig))?.Contains("\"voltage\"", StringComparison.Ordinal) == true, "retained discovery");
        await Eventually.HoldsAsync(async () => await StateAsync(broker, bridge.Topics) is { } s && s.TryGetProperty("voltage", out _), "retained state");
        var state = (await StateAsync(broker, bridge.Topics))!.Value;

        Assert.Equal(49.86, state.GetProperty("voltage").GetDouble());
        Assert.Equal(-27.0, state.GetProperty("current").GetDouble());
        Assert.Equal(88, state.GetProperty("soc").GetDouble());
        Assert.Equal(-1346, state.GetProperty("power").GetDouble()); // 49.86 V × -27.0 A = -1346.22 W, 0 decimals
        Assert.Equal(0, state.GetProperty("problem").GetDouble());
        Assert.Equal(1, state.GetProperty("charge_enable").GetDouble());
        Assert.Equal("online", await broker.RetainedAsync(bridge.Topics.BridgeAvailability));
        Assert.Equal("online", await broker.RetainedAsync(bridge.Topics.DataAvailability));
        Assert.All(broker.Published.Where(p => p.Topic.StartsWith("pylontech/", StringComparison.Ordinal) || p.Topic.StartsWith("homeassistant/device/", StringComparison.Ordinal)), p => Assert.True(p.Retain, p.Topic));

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_clean_shutdown_leaves_the_bridge_offline()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var bridge = new PylontechMqttBridge(broker.Options());
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(Feed(Frames.ClassicStack).Reader, stop.Token);
        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.BridgeAvailability) == "online", "online");

        await stop.CancelAsync();
        await run;

        Assert.Equal("offline", await broker.RetainedAsync(bridge.Topics.BridgeAvailability));
    }

    [Fact]
    public async Task A_crash_lets_the_broker_publish_the_last_will()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var bridge = new PylontechMqttBridge(broker.Options());
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(Feed(Frames.ClassicStack).Reader, stop.Token);
        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.BridgeAvailability) == "online", "online");

        bridge.Crash();

        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.BridgeAvailability) == "offline", "the will 'offline'");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Home_assistant_coming_online_gets_discovery_and_state_again()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var bridge = new PylontechMqttBridge(broker.Options());
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(Feed(Frames.ClassicStack).Reader, stop.Token);
        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.State) is not null, "first state");
        await Task.Delay(300);
        int Count(string topic) => broker.Published.Count(p => p.Topic == topic);
        var discoveries = Count(bridge.Topics.DeviceConfig);
        var states = Count(bridge.Topics.State);

        await broker.PublishAsync("homeassistant/status", "online");

        await Eventually.HoldsAsync(() => Count(bridge.Topics.DeviceConfig) > discoveries, "discovery republished");
        await Eventually.HoldsAsync(() => Count(bridge.Topics.State) > states, "state republished");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Home_assistant_going_offline_is_not_a_reason_to_republish()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var bridge = new PylontechMqttBridge(broker.Options());
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(Feed(Frames.ClassicStack).Reader, stop.Token);
        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.DeviceConfig) is not null, "discovery");
        var discoveries = broker.Published.Count(p => p.Topic == bridge.Topics.DeviceConfig);

        await broker.PublishAsync("homeassistant/status", "offline");
        await Task.Delay(500);

        Assert.Equal(discoveries, broker.Published.Count(p => p.Topic == bridge.Topics.DeviceConfig));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_flag_change_is_published_at_once_without_waiting_for_the_interval()
    {
        await using var broker = await InProcessBroker.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = broker.Options();
        options.Interval = TimeSpan.FromSeconds(5);
        options.RepublishAfter = TimeSpan.FromSeconds(60);
        var channel = Feed(Frames.ClassicStack);
        await using var bridge = new PylontechMqttBridge(options, time);
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(channel.Reader, stop.Token);
        await Eventually.HoldsAsync(async () => await StateAsync(broker, bridge.Topics) is { } s && s.TryGetProperty("problem", out _), "first state");

        channel.Writer.TryWrite(Frames.Parse("359#0200000006504E")); // over-voltage protection trips; the fake clock stands still

        await Eventually.HoldsAsync(async () => (await StateAsync(broker, bridge.Topics))?.GetProperty("problem").GetDouble() == 1, "problem published at once");
        var state = (await StateAsync(broker, bridge.Topics))!.Value;
        Assert.Equal(1, state.GetProperty("cell_over_voltage_protection").GetDouble());
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Unchanged_values_are_not_republished_within_the_interval()
    {
        await using var broker = await InProcessBroker.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = broker.Options();
        options.Interval = TimeSpan.FromSeconds(5);
        options.RepublishAfter = TimeSpan.FromSeconds(60);
        options.Deadbands["frame_rate"] = 1000; // the fake clock makes the measured rate jump
        string[] idle = ["351#1402C012C012C201", "355#58005E00", "356#7A1300006B01", "359#0000000006504E", "35C#C000"]; // 0 A: no energy flows
        var channel = Feed(idle);
        await using var bridge = new PylontechMqttBridge(options, time);
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(channel.Reader, stop.Token);
        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.State) is not null, "first state");
        time.Advance(options.Interval); // the first state may have gone out before every frame was decoded: let it settle
        await Eventually.HoldsAsync(async () => (await StateAsync(broker, bridge.Topics))?.TryGetProperty("module_count", out _) == true, "settled state");
        await Task.Delay(200);
        var states = broker.Published.Count(p => p.Topic == bridge.Topics.State);

        for (var i = 0; i < 20; i++)
        {
            foreach (var frame in idle)
            {
                channel.Writer.TryWrite(Frames.Parse(frame)); // the same values again
            }

            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        await Task.Delay(300);
        Assert.Equal(states, broker.Published.Count(p => p.Topic == bridge.Topics.State));

        channel.Writer.TryWrite(Frames.Parse("356#881300006B01")); // 50.00 V: moved
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => (await StateAsync(broker, bridge.Topics))?.GetProperty("voltage").GetDouble() == 50.0, "the moved value published");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Stale_data_makes_the_device_unavailable_until_the_next_frame()
    {
        await using var broker = await InProcessBroker.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var channel = Feed(Frames.ClassicStack);
        await using var bridge = new PylontechMqttBridge(broker.Options(), time); // stale after 30 s
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(channel.Reader, stop.Token);
        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.DataAvailability) == "online", "data online");

        for (var i = 0; i < 29; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        Assert.Equal("online", await broker.RetainedAsync(bridge.Topics.DataAvailability));
        await Eventually.HoldsAsync(
            async () =>
            {
                time.Advance(TimeSpan.FromMilliseconds(250));
                return await broker.RetainedAsync(bridge.Topics.DataAvailability) == "offline";
            },
            "data offline after 30 s without a frame");
        Assert.Equal("online", await broker.RetainedAsync(bridge.Topics.BridgeAvailability));

        channel.Writer.TryWrite(Frames.Parse("356#7A13F2FE6B01"));

        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.DataAvailability) == "online", "data online again with the next frame");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Input_that_ends_before_the_broker_connection_is_up_is_still_published()
    {
        await using var broker = await InProcessBroker.StartAsync();
        var channel = Feed(Frames.ClassicStack);
        channel.Writer.Complete(); // a replayed log read to its end at once

        await using (var bridge = new PylontechMqttBridge(broker.Options()))
        {
            await bridge.RunAsync(channel.Reader);

            var state = await StateAsync(broker, bridge.Topics);
            Assert.NotNull(state);
            Assert.Equal(49.86, state.Value.GetProperty("voltage").GetDouble());
            Assert.NotNull(await broker.RetainedAsync(bridge.Topics.DeviceConfig));
            Assert.Equal("offline", await broker.RetainedAsync(bridge.Topics.BridgeAvailability));
        }
    }

    [Fact]
    public async Task A_source_that_goes_down_makes_the_device_unavailable_at_once_until_frames_return()
    {
        await using var broker = await InProcessBroker.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var channel = Feed(Frames.ClassicStack);
        await using var bridge = new PylontechMqttBridge(broker.Options(), time); // stale only after 30 s
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(channel.Reader, stop.Token);
        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.DataAvailability) == "online", "data online");

        time.Advance(TimeSpan.FromSeconds(1));
        bridge.ReportSourceDown("can0: interface is down");

        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.DataAvailability) == "offline", "data offline at once, long before 30 s");
        Assert.Equal("online", await broker.RetainedAsync(bridge.Topics.BridgeAvailability));

        time.Advance(TimeSpan.FromSeconds(1));
        channel.Writer.TryWrite(Frames.Parse("356#7A13F2FE6B01"));

        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.DataAvailability) == "online", "data online again with the next frame");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Remove_leaves_nothing_of_the_stack_retained()
    {
        await using var broker = await InProcessBroker.StartAsync();
        var options = broker.Options();
        await using (var bridge = new PylontechMqttBridge(options))
        {
            using var stop = new CancellationTokenSource();
            var run = bridge.RunAsync(Feed(Frames.ClassicStack).Reader, stop.Token);
            await Eventually.HoldsAsync(async () => await broker.RetainedAsync(bridge.Topics.State) is not null, "state");
            await stop.CancelAsync();
            await run;
        }

        await broker.PublishAsync("pylontech/stack1/extra", "left over by an older version"); // not retained: must not matter
        var cleared = await PylontechMqttBridge.RemoveAsync(options, TimeSpan.FromMilliseconds(300));

        Assert.Contains("homeassistant/device/pylontech_stack1/config", cleared);
        Assert.Empty(await broker.RetainedTopicsAsync());
        Assert.Empty(await RetainedSeenByANewSubscriberAsync(broker.Port));
    }

    [Fact]
    public async Task Two_stacks_on_one_broker_keep_to_their_own_topics()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var one = new PylontechMqttBridge(broker.Options("stack1"));
        await using var two = new PylontechMqttBridge(broker.Options("stack2"));
        using var stop = new CancellationTokenSource();
        var runs = new[]
        {
            one.RunAsync(Feed(Frames.ClassicStack).Reader, stop.Token),
            two.RunAsync(Feed(Frames.NewFirmwareStack).Reader, stop.Token),
        };
        await Eventually.HoldsAsync(async () => await broker.RetainedAsync(one.Topics.State) is not null && await broker.RetainedAsync(two.Topics.State) is not null, "both states");
        await Task.Delay(300);

        Assert.True(one.IsConnected && two.IsConnected);
        var state1 = JsonDocument.Parse((await broker.RetainedAsync(one.Topics.State))!).RootElement;
        var state2 = JsonDocument.Parse((await broker.RetainedAsync(two.Topics.State))!).RootElement;
        Assert.Equal(88, state1.GetProperty("soc").GetDouble());
        Assert.Equal(84, state2.GetProperty("soc").GetDouble());
        var retained = await broker.RetainedTopicsAsync();
        Assert.Contains(one.Topics.DeviceConfig, retained);
        Assert.Contains(two.Topics.DeviceConfig, retained);
        Assert.All(retained, t => Assert.True(t.Contains("stack1", StringComparison.Ordinal) ^ t.Contains("stack2", StringComparison.Ordinal), t));

        await stop.CancelAsync();
        await Task.WhenAll(runs);
    }

    [Fact]
    public async Task Keeps_up_with_half_a_million_replayed_frames()
    {
        await using var broker = await InProcessBroker.StartAsync();
        var channel = Channel.CreateUnbounded<CanFrame>();
        var stack = Frames.ClassicStack.Select(Frames.Parse).ToArray();
        const int count = 500_000;
        for (var i = 0; i < count; i++)
        {
            channel.Writer.TryWrite(stack[i % stack.Length]);
        }

        channel.Writer.Complete();
        await using var bridge = new PylontechMqttBridge(broker.Options());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await bridge.RunAsync(channel.Reader);

        Assert.Equal(count, bridge.FramesDecoded);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"500,000 frames took {clock.Elapsed}");
        Assert.True(broker.Published.Count(p => p.Topic == bridge.Topics.State) < 20, "the state is rate-controlled, not published per frame");
    }

    private static async Task<List<string>> RetainedSeenByANewSubscriberAsync(int port)
    {
        var seen = new List<string>();
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Retain && e.ApplicationMessage.Payload.Length > 0)
            {
                lock (seen)
                {
                    seen.Add(e.ApplicationMessage.Topic);
                }
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("checker").Build());
        await client.SubscribeAsync("#");
        await Task.Delay(500);
        await client.DisconnectAsync();
        lock (seen)
        {
            return [.. seen];
        }
    }
}
