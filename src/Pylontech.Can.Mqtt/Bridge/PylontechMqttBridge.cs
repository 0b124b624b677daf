using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Mqtt;

/// <summary>
/// Bridges one Pylontech battery stack to Home Assistant over MQTT: decodes frames into a <see cref="BatteryState"/>,
/// announces the entities the battery sends (device-based discovery), and publishes a rate-controlled, retained state
/// message, the bridge's availability (with a last will) and the data's freshness. Reconnects forever.
/// </summary>
/// <remarks>
/// Two loops: the frame loop only decodes (cheap, allocation-free, under a short lock) and wakes the publish loop when
/// something urgent happened; the publish loop owns the MQTT client and decides, once per tick, what to send.
/// </remarks>
public sealed partial class PylontechMqttBridge : IAsyncDisposable
{
    /// <summary>The availability payload while the bridge (or its data) is up.</summary>
    public const string Online = "online";

    /// <summary>The availability payload while the bridge (or its data) is down; also the last will.</summary>
    public const string Offline = "offline";

    private const int FramesPerLock = 1024;

    private readonly BridgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BridgeTopics _topics;
    private readonly HomeAssistantDiscovery _discovery;
    private readonly StateSnapshot _snapshot;
    private readonly StatePublishPolicy _policy;
    private readonly DataFreshness _freshness;
    private readonly FrameRateMeter _rate = new();
    private readonly EnergyCounterStore? _store;
    private readonly Lock _gate = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly long _start;
    private readonly TimeSpan _tick;
    private readonly MqttClientFactory _factory = new();

    private BatteryState _state;
    private IMqttClient? _client;
    private byte[]? _publishedDiscovery;
    private volatile bool _discoveryDirty = true;
    private volatile bool _announce;
    private volatile bool _dataStale = true;
    private TimeSpan? _sourceDownAt;
    private volatile TaskCompletionSource? _drained;
    private volatile bool _stopping;
    private volatile bool _crashed;
    private TimeSpan? _birthAt;
    private TimeSpan _nextConnectAt;
    private TimeSpan _backoff;
    private TimeSpan _lastSave;

    /// <summary>Creates a bridge; nothing connects until <see cref="RunAsync(ChannelReader{CanFrame}, CancellationToken)"/>.</summary>
    /// <param name="options">The options; checked with <see cref="BridgeOptions.Validate"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where to log; nowhere when null. The password is never logged.</param>
    /// <exception cref="ArgumentException">The options have problems; the message lists them.</exception>
    public PylontechMqttBridge(BridgeOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _topics = new BridgeTopics(options);
        _discovery = new HomeAssistantDiscovery(options);
        _snapshot = new StateSnapshot(EntityTable.All);
        _policy = new StatePublishPolicy(EntityTable.All, options.Interval, options.RepublishAfter, options.Deadbands.AsReadOnly());
        _freshness = new DataFreshness(options.StaleAfter);
        _store = options.StateDirectory is null ? null : new EnergyCounterStore(options.StateDirectory, options.DeviceId);
        _state = new BatteryState(options.Battery);
        _start = _time.GetTimestamp();
        _backoff = options.ReconnectDelay;
        var shortest = options.Interval < options.StaleAfter ? options.Interval : options.StaleAfter;
        _tick = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
    }

    /// <summary>The topics of this stack.</summary>
    public BridgeTopics Topics => _topics;

    /// <summary>Whether the bridge is connected to the broker now.</summary>
    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>The number of Pylontech frames decoded so far.</summary>
    public long FramesDecoded
    {
        get
        {
            lock (_gate)
            {
                return _state.FrameCount;
            }
        }
    }

    /// <summary>
    /// Clears everything a stack left on the broker: publishes an empty retained message to its discovery, state and
    /// availability topics, and to any other retained topic under its base topic. Stop the stack's bridge first, or it
    /// announces itself again.
    /// </summary>
    /// <param name="options">The options of the stack to remove (broker and device id).</param>
    /// <param name="collectFor">How long to listen for retained topics under the base topic; default 1 s.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>The topics cleared.</returns>
    public static async Task<IReadOnlyList<string>> RemoveAsync(BridgeOptions options, TimeSpan? collectFor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topics = new BridgeTopics(options);
        var found = new HashSet<string>(topics.Retained, StringComparer.Ordinal);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Retain && e.ApplicationMessage.Payload.Length > 0)
            {
                lock (found)
                {
                    found.Add(e.ApplicationMessage.Topic);
                }
            }

            return Task.CompletedTask;
        };

        await client.ConnectAsync(MqttConnection.Build(options, options.EffectiveClientId + "-remove", willTopic: null), cancellationToken).ConfigureAwait(false);
        await client.SubscribeAsync(topics.BaseTopic + "/#", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        await client.SubscribeAsync(topics.DeviceConfig, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        await Task.Delay(collectFor ?? TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        await client.UnsubscribeAsync(topics.BaseTopic + "/#", cancellationToken).ConfigureAwait(false);
        await client.UnsubscribeAsync(topics.DeviceConfig, cancellationToken).ConfigureAwait(false);

        List<string> cleared;
        lock (found)
        {
            cleared = found.Order(StringComparer.Ordinal).ToList();
        }

        foreach (var topic in cleared)
        {
            await client.PublishBinaryAsync(topic, [], MqttQualityOfServiceLevel.AtLeastOnce, retain: true, cancellationToken).ConfigureAwait(false);
        }

        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken).ConfigureAwait(false);
        return cleared;
    }

    /// <summary>Runs the bridge until the frames end or <paramref name="cancellationToken"/> is cancelled, then shuts down cleanly.</summary>
    /// <param name="frames">The frames, from any source.</param>
    /// <param name="cancellationToken">Stops the bridge.</param>
    /// <returns>A task that completes after the clean shutdown.</returns>
    public Task RunAsync(ChannelReader<CanFrame> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return RunCoreAsync(token => ConsumeAsync(frames, token), cancellationToken);
    }

    /// <summary>Runs the bridge until the frames end or <paramref name="cancellationToken"/> is cancelled, then shuts down cleanly.</summary>
    /// <param name="frames">The frames, from any source.</param>
    /// <param name="cancellationToken">Stops the bridge.</param>
    /// <returns>A task that completes after the clean shutdown.</returns>
    public Task RunAsync(IAsyncEnumerable<CanFrame> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return RunCoreAsync(token => ConsumeAsync(frames, token), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _stopping = true;
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops the broker connection without a clean disconnect, as a crash or a pulled cable would, and stops publishing.</summary>
    internal void Crash()
    {
        _crashed = true;
        _stopping = true;
        _client?.Dispose();
        Wake();
    }

    /// <summary>How long a bridge whose input ended waits for the broker to take the last state.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    private async Task RunCoreAsync(Func<CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        LoadEnergy();
        _lastSave = Now();
        var publisher = Task.Run(() => PublishLoopAsync(), CancellationToken.None);
        try
        {
            await consume(cancellationToken).ConfigureAwait(false);

            // The input ended (a replayed log, a closed pipe), maybe before the broker connection was up:
            // give the publisher a chance to connect and publish what was decoded before shutting down.
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _drained = drained;
            Wake();
            await Task.WhenAny(drained.Task, Task.Delay(DrainTimeout, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: fall through to the clean shutdown.
        }
        finally
        {
            _stopping = true;
            Wake();
            await publisher.ConfigureAwait(false);
            SaveEnergy();
        }
    }

    private async Task ConsumeAsync(ChannelReader<CanFrame> frames, CancellationToken cancellationToken)
    {
        while (await frames.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var effects = FrameEffects.None;
            var any = true;
            while (any)
            {
                lock (_gate)
                {
                    var n = 0;
                    while (n < FramesPerLock && (any = frames.TryRead(out var frame)))
                    {
                        effects |= _state.Apply(frame, Now());
                        n++;
                    }
                }

                Signal(effects);
                effects = FrameEffects.None;
            }
        }
    }

    private async Task ConsumeAsync(IAsyncEnumerable<CanFrame> frames, CancellationToken cancellationToken)
    {
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            FrameEffects effects;
            lock (_gate)
            {
                effects = _state.Apply(frame, Now());
            }

            Signal(effects);
        }
    }

    private void Signal(FrameEffects effects)
    {
        if ((effects & FrameEffects.NewData) != 0)
        {
            _discoveryDirty = true;
        }

        if ((effects & (FrameEffects.NewData | FrameEffects.FlagChanged)) != 0 || (_dataStale && (effects & FrameEffects.Decoded) != 0))
        {
            Wake();
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Tells the bridge that its frame source has failed (e.g. the CAN interface went down): the battery's data is
    /// marked unavailable at once instead of after <see cref="BridgeOptions.StaleAfter"/>, and becomes available again
    /// with the next frame.
    /// </summary>
    /// <param name="reason">What happened, for the log.</param>
    public void ReportSourceDown(string reason)
    {
        lock (_gate)
        {
            _sourceDownAt = Now();
        }

        LogSourceDown(reason);
        Wake();
    }

    private TimeSpan Now() => _time.GetElapsedTime(_start);

    private async Task PublishLoopAsync()
    {
        _client = _factory.CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        while (!_stopping)
        {
            await WaitForWakeAsync().ConfigureAwait(false);
            if (_stopping)
            {
                break;
            }

            try
            {
                await StepAsync().ConfigureAwait(false);
                if (_drained is { } drained && _client.IsConnected)
                {
                    // A full step while connected after the input ended: everything decoded has been published.
                    drained.TrySetResult();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Runs for years next to the batteries: a failed publish is logged, and the next step reconnects if needed.
                LogPublishFailed(e.Message);
            }
        }

        if (!_crashed)
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }

    private async Task WaitForWakeAsync()
    {
        if (_wake.Reader.TryRead(out _))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_tick, _time);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The tick.
        }
    }

    private async Task StepAsync()
    {
        var now = Now();
        if (now - _lastSave >= _options.SaveEnergyEvery)
        {
            _lastSave = now;
            SaveEnergy();
        }

        var client = _client!;
        if (!client.IsConnected)
        {
            if (now < _nextConnectAt || !await TryConnectAsync(client, now).ConfigureAwait(false))
            {
                return;
            }
        }

        bool birthDue;
        lock (_gate)
        {
            birthDue = _birthAt is { } birth && now >= birth;
            if (birthDue)
            {
                _birthAt = null;
            }
        }

        if (birthDue)
        {
            _announce = true;
            LogHomeAssistantOnline();
        }

        if (_announce)
        {
            _announce = false;
            _publishedDiscovery = null;
            _discoveryDirty = true;
            _policy.Reset();
            _freshness.Reset();
            await PublishAsync(_topics.BridgeAvailability, Online).ConfigureAwait(false);
        }

        byte[]? discovery = null;
        byte[]? state = null;
        bool? fresh;
        lock (_gate)
        {
            var context = new EntityReadContext(now, _rate.Sample(now, _state.FrameCount), _options.StaleAfter);
            if (_discoveryDirty)
            {
                _discoveryDirty = false;
                if (_discovery.PresentEntities(_state).Count > 0)
                {
                    var built = _discovery.BuildDeviceConfig(_state);
                    discovery = _publishedDiscovery is not null && built.AsSpan().SequenceEqual(_publishedDiscovery) ? null : built;
                }
            }

            // Frames from before the source went down do not count as fresh data.
            var lastFrameAt = _state.LastBatteryFrameAt;
            if (_sourceDownAt is { } down && (lastFrameAt is null || lastFrameAt <= down))
            {
                lastFrameAt = null;
            }

            fresh = _freshness.Update(now, lastFrameAt);
            _dataStale = !_freshness.IsFresh(now, lastFrameAt);
            _snapshot.Capture(_state, context);
            if (_state.FrameCount > 0 && _policy.Decide(now, _snapshot.Values) != PublishReason.None)
            {
                state = _snapshot.ToJson();
                _policy.Published(now, _snapshot.Values);
            }
        }

        if (discovery is not null)
        {
            await PublishAsync(_topics.DeviceConfig, discovery).ConfigureAwait(false);
            _publishedDiscovery = discovery;
            LogDiscoveryPublished(_topics.DeviceConfig, discovery.Length);
        }

        if (fresh is { } isFresh)
        {
            await PublishAsync(_topics.DataAvailability, isFresh ? Online : Offline).ConfigureAwait(false);
            LogDataFreshness(isFresh ? "fresh" : "stale");
        }

        if (state is not null)
        {
            await PublishAsync(_topics.State, state).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryConnectAsync(IMqttClient client, TimeSpan now)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15), _time);
            await client.ConnectAsync(MqttConnection.Build(_options, _options.EffectiveClientId, _topics.BridgeAvailability), timeout.Token).ConfigureAwait(false);
            await client.SubscribeAsync(_topics.HomeAssistantStatus, MqttQualityOfServiceLevel.AtLeastOnce, timeout.Token).ConfigureAwait(false);
            LogConnected(_options.Host, _options.EffectivePort, _options.EffectiveClientId);
            _backoff = _options.ReconnectDelay;
            _announce = true;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Min(1000, _backoff.TotalMilliseconds / 4) + 1));
            _nextConnectAt = now + _backoff + jitter;
            LogConnectFailed(_options.Host, _options.EffectivePort, e.Message, (_backoff + jitter).TotalSeconds);
            _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            return false;
        }
    }

    private async Task ShutdownAsync()
    {
        var client = _client!;
        try
        {
            if (client.IsConnected)
            {
                byte[]? state = null;
                lock (_gate)
                {
                    var now = Now();
                    if (_state.FrameCount > 0)
                    {
                        _snapshot.Capture(_state, new EntityReadContext(now, _rate.FramesPerSecond, _options.StaleAfter));
                        state = _snapshot.ToJson();
                    }
                }

                if (state is not null)
                {
                    await PublishAsync(_topics.State, state).ConfigureAwait(false);
                }

                await PublishAsync(_topics.BridgeAvailability, Offline).ConfigureAwait(false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
                LogDisconnected();
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            LogPublishFailed(e.Message);
        }
        finally
        {
            client.Dispose();
        }
    }

    private Task PublishAsync(string topic, string payload) => PublishAsync(topic, System.Text.Encoding.UTF8.GetBytes(payload));

    private async Task PublishAsync(string topic, byte[] payload)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build();
        await _client!.PublishAsync(message, timeout.Token).ConfigureAwait(false);
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected && !_stopping)
        {
            LogConnectionLost(e.Reason.ToString(), e.Exception?.Message);
            _nextConnectAt = Now() + _options.ReconnectDelay;
        }

        Wake();
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (e.ApplicationMessage.Topic == _topics.HomeAssistantStatus &&
            e.ApplicationMessage.ConvertPayloadToString() is Online)
        {
            lock (_gate)
            {
                _birthAt = Now() + _options.BirthRepublishDelay;
            }

            Wake();
        }

        return Task.CompletedTask;
    }

    private void LoadEnergy()
    {
        if (_store is null)
        {
            return;
        }

        try
        {
            var energy = _store.Load(_options.Battery.EnergyMaxGap);
            lock (_gate)
            {
                _state = new BatteryState(_options.Battery, energy);
            }

            LogEnergyLoaded(_store.FilePath, energy.ChargedKwh, energy.DischargedKwh);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            LogEnergyFileProblem(e.Message);
        }
    }

    private void SaveEnergy()
    {
        if (_store is null)
        {
            return;
        }

        EnergyCounter copy;
        lock (_gate)
        {
            copy = new EnergyCounter(_state.Energy.MaxGap, _state.Energy.ChargedKwh, _state.Energy.DischargedKwh);
        }

        try
        {
            _store.Save(copy, _time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogEnergyFileProblem($"{_store.FilePath}: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to {Host}:{Port} as {ClientId}")]
    private partial void LogConnected(string host, int port, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cannot connect to {Host}:{Port}: {Reason}; retrying in {Seconds:0.#} s")]
    private partial void LogConnectFailed(string host, int port, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connection to the broker lost ({Reason}{Detail}); reconnecting")]
    private partial void LogConnectionLost(string reason, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "disconnected cleanly")]
    private partial void LogDisconnected();

    [LoggerMessage(Level = LogLevel.Warning, Message = "publishing failed: {Reason}")]
    private partial void LogPublishFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Home Assistant is online: announcing discovery and state again")]
    private partial void LogHomeAssistantOnline();

    [LoggerMessage(Level = LogLevel.Information, Message = "discovery published to {Topic} ({Bytes} bytes)")]
    private partial void LogDiscoveryPublished(string topic, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "frame source down ({Reason}): battery data marked unavailable")]
    private partial void LogSourceDown(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "battery data is {Freshness}")]
    private partial void LogDataFreshness(string freshness);

    [LoggerMessage(Level = LogLevel.Information, Message = "energy counters loaded from {Path}: charged {Charged:0.000} kWh, discharged {Discharged:0.000} kWh")]
    private partial void LogEnergyLoaded(string path, double charged, double discharged);

    [LoggerMessage(Level = LogLevel.Error, Message = "energy counters: {Problem}")]
    private partial void LogEnergyFileProblem(string problem);
}
