// Publishes a few Pylontech frames to an MQTT broker the way the bridge does for Home Assistant: the device discovery
// message, the state message and availability, all retained. Then it stops cleanly (the bridge goes "offline").
//   dotnet run -- HOST [PORT] [DEVICE_ID]            e.g. dotnet run -- localhost 1883 sample
//   mosquitto_sub -h HOST -t 'pylontech/#' -t 'homeassistant/device/#' -v
using System.Threading.Channels;
using Pylontech.Can.Frames;
using Pylontech.Can.Mqtt;

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: PublishToMqtt HOST [PORT] [DEVICE_ID]");
    return 2;
}

var options = new BridgeOptions
{
    Host = args[0],
    Port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : null,
    DeviceId = args.Length > 2 ? args[2] : "sample",
    Username = Environment.GetEnvironmentVariable("PYLON_MQTT_USERNAME"),
    Password = Environment.GetEnvironmentVariable("PYLON_MQTT_PASSWORD"),
    Interval = TimeSpan.FromSeconds(1),
    RepublishAfter = TimeSpan.FromSeconds(10),
};

// One round of a US5000 stack's frames (the protocol's worked examples).
CanFrame[] frames =
[
    new(0x351, Convert.FromHexString("1402C012C012C201")),   // limits: 53.2 V / 480 A charge, 45.0 V / 480 A discharge
    new(0x355, Convert.FromHexString("58005E00")),           // SOC 88 %, SOH 94 %
    new(0x356, Convert.FromHexString("7A13F2FE6B01")),       // 49.86 V, -27.0 A, 36.3 °C
    new(0x359, Convert.FromHexString("0000000006504E")),     // no protection or alarm, 6 modules
    new(0x35C, Convert.FromHexString("C000")),               // charge and discharge enabled
    new(0x35E, Convert.FromHexString("50594C4F4E202020")),   // "PYLON"
];

await using var bridge = new PylontechMqttBridge(options);
var channel = Channel.CreateUnbounded<CanFrame>();
var run = bridge.RunAsync(channel.Reader);
foreach (var frame in frames)
{
    await channel.Writer.WriteAsync(frame);
}

// Give the bridge time to connect and publish; then end the frames, which shuts it down cleanly.
var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
while (!bridge.IsConnected && DateTime.UtcNow < deadline)
{
    await Task.Delay(100);
}

if (!bridge.IsConnected)
{
    Console.Error.WriteLine($"PublishToMqtt: cannot connect to {options.Host}:{options.EffectivePort}");
    channel.Writer.Complete();
    await run;
    return 1;
}

await Task.Delay(TimeSpan.FromSeconds(2));
channel.Writer.Complete();
await run;

Console.WriteLine($"published {bridge.FramesDecoded} frames to {options.Host}:{options.EffectivePort}");
Console.WriteLine($"  discovery: {bridge.Topics.DeviceConfig}");
Console.WriteLine($"  state:     {bridge.Topics.State}");
Console.WriteLine($"  bridge:    {bridge.Topics.BridgeAvailability}");
return 0;
