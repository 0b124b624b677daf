using System.Threading.Channels;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Mqtt.Tests;

/// <summary>The bridge against a real mosquitto, checked with mosquitto's own client and Home Assistant's rules.</summary>
public sealed class MosquittoInteropTests
{
    private static ChannelReader<CanFrame> Feed(string[] frames)
    {
        var channel = Channel.CreateUnbounded<CanFrame>();
        foreach (var frame in frames)
        {
            channel.Writer.TryWrite(Frames.Parse(frame));
        }

        return channel.Reader;
    }

    [MosquittoFact]
    public async Task What_two_stacks_leave_retained_passes_the_home_assistant_checker()
    {
        using var mosquitto = await Mosquitto.StartAsync();
        await using var classic = new PylontechMqttBridge(mosquitto.Options("stack1"));
        await using var newer = new PylontechMqttBridge(mosquitto.Options("stack2"));
        using var stop = new CancellationTokenSource();
        var runs = new[]
        {
            classic.RunAsync(Feed([.. Frames.ClassicStack]), stop.Token),
            newer.RunAsync(Feed([.. Frames.NewFirmwareStack, "35A#AAAAAA02AAAAAA02", "373#CA0CCF0C1B011C01", "379#C800000000000000"]), stop.Token),
        };
        await Eventually.HoldsAsync(
            () => mosquitto.Retained("homeassistant/#").Keys.Count(k => k.EndsWith("/config", StringComparison.Ordinal)) == 2,
            "both discovery messages retained");
        await Task.Delay(500); // let a discovery update from late frames settle

        var captured = mosquitto.CaptureRetained("homeassistant/#");
        // With deadbands the longest gap between two state messages is RepublishAfter: expire_after must cover it.
        var longestGap = mosquitto.Options().RepublishAfter.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output) = SharedTools.Validate(captured, "--publish-interval", longestGap);

        Assert.True(exit == 0, captured + "\n" + output);
        Assert.Contains("2 passed, 0 failed", output, StringComparison.Ordinal);
        var state = mosquitto.Retained("pylontech/#");
        Assert.Equal("online", state["pylontech/stack1/bridge"]);
        Assert.Equal("online", state["pylontech/stack2/availability"]);
        Assert.Contains("\"soc\":88", state["pylontech/stack1/state"], StringComparison.Ordinal);
        Assert.Contains("\"soc\":84", state["pylontech/stack2/state"], StringComparison.Ordinal);

        await stop.CancelAsync();
        await Task.WhenAll(runs);
    }

    [MosquittoFact]
    public async Task The_broker_publishes_the_last_will_when_the_bridge_dies()
    {
        using var mosquitto = await Mosquitto.StartAsync();
        await using var bridge = new PylontechMqttBridge(mosquitto.Options());
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(Feed(Frames.ClassicStack), stop.Token);
        await Eventually.HoldsAsync(() => mosquitto.Retained(bridge.Topics.BridgeAvailability).GetValueOrDefault(bridge.Topics.BridgeAvailability) == "online", "online");

        bridge.Crash(); // the socket closes without a DISCONNECT

        await Eventually.HoldsAsync(() => mosquitto.Retained(bridge.Topics.BridgeAvailability).GetValueOrDefault(bridge.Topics.BridgeAvailability) == "offline", "the will 'offline'");
        await stop.CancelAsync();
        await run;
    }

    [MosquittoFact]
    public async Task After_the_broker_restarts_the_bridge_reconnects_and_announces_everything_again()
    {
        using var mosquitto = await Mosquitto.StartAsync();
        await using var bridge = new PylontechMqttBridge(mosquitto.Options());
        using var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(Feed(Frames.ClassicStack), stop.Token);
        await Eventually.HoldsAsync(() => mosquitto.Retained("pylontech/#").ContainsKey(bridge.Topics.State), "state before the restart");

        mosquitto.Kill();
        await Eventually.HoldsAsync(() => !bridge.IsConnected, "the bridge notices the broker is gone");
        await mosquitto.RestartAsync(); // persistence off: the new broker knows nothing

        await Eventually.HoldsAsync(
            () =>
            {
                var retained = mosquitto.Retained("#");
                return retained.ContainsKey(bridge.Topics.DeviceConfig) && retained.ContainsKey(bridge.Topics.State) &&
                       retained.GetValueOrDefault(bridge.Topics.BridgeAvailability) == "online" && retained.GetValueOrDefault(bridge.Topics.DataAvailability) == "online";
            },
            "discovery, state and availability announced again",
            TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await run;
    }

    [MosquittoFact]
    public async Task Remove_leaves_nothing_retained_for_a_fresh_subscriber()
    {
        using var mosquitto = await Mosquitto.StartAsync();
        var options = mosquitto.Options();
        await using (var bridge = new PylontechMqttBridge(options))
        {
            using var stop = new CancellationTokenSource();
            var run = bridge.RunAsync(Feed(Frames.ClassicStack), stop.Token);
            await Eventually.HoldsAsync(() => mosquitto.Retained("pylontech/#").ContainsKey(bridge.Topics.State), "state");
            await stop.CancelAsync();
            await run;
        }

        await PylontechMqttBridge.RemoveAsync(options, TimeSpan.FromMilliseconds(500));

        Assert.Empty(mosquitto.Retained("#"));
    }
}
