using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Server;

namespace Pylontech.Can.Mqtt.Tests;

/// <summary>An MQTTnet broker on a free loopback port, recording every message published through it.</summary>
internal sealed class InProcessBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private InProcessBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<(string Topic, string Payload, bool Retain)> Published { get; } = new();

    public static async Task<InProcessBroker> StartAsync()
    {
        var port = FreePort();
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        var broker = new InProcessBroker(server, port);
        server.InterceptingPublishAsync += e =>
        {
            broker.Published.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString() ?? "", e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        await server.StartAsync();
        return broker;
    }

    public static int FreePort() => Ports.Free();

    public BridgeOptions Options(string deviceId = "stack1") => Ports.BridgeOptions(Port, deviceId);

    public async Task<string?> RetainedAsync(string topic)
    {
        var message = await _server.GetRetainedMessageAsync(topic);
        return message is null ? null : message.ConvertPayloadToString() ?? "";
    }

    public async Task<IReadOnlyList<string>> RetainedTopicsAsync() =>
        (await _server.GetRetainedMessagesAsync()).Where(m => m.Payload.Length > 0).Select(m => m.Topic).ToList();

    public Task PublishAsync(string topic, string payload) =>
        _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build()) { SenderClientId = "test" });

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
    }
}
