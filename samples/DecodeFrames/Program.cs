// Decodes Pylontech frames with the typed model compiled into the Pylontech.Can package.
//   dotnet run                       the worked examples of the Pylon LV CAN protocol
//   dotnet run -- FILE|can0|-        a candump log, a SocketCAN interface, or candump -L output on standard input
using System.Globalization;
using Pylontech.Can.Messages;
using Pylontech.Can.Sources;

var printer = new Printer();
if (args.Length > 0)
{
    await using var source = CanSources.Open(args[0]);
    await foreach (var frame in source.ReadAllAsync())
    {
        printer.Frame = $"{frame.Id:X3}#{Convert.ToHexString(frame.Data)}";
        PylontechMessages.TryDecode(in frame, ref printer);
    }
}
else
{
    // Frames of real US5000 stacks, as quoted in the protocol's worked examples.
    (uint Id, string Data)[] examples =
    [
        (0x351, "1402C012C012C201"),
        (0x355, "58005E00"),
        (0x356, "7A13F2FE6B01"),
        (0x359, "0000000006504E"),
        (0x35C, "C000"),
        (0x35E, "50594C4F4E202020"),
        (0x355, "540060000000"),
        (0x35F, "4C4901033C02AA00"),
        (0x35A, "0000000000000000"),
        (0x373, "CA0CCF0C1B011C01"),
        (0x379, "C800000000000000"),
    ];
    foreach (var (id, hex) in examples)
    {
        var data = Convert.FromHexString(hex);
        printer.Frame = $"{id:X3}#{Convert.ToHexString(data)}";
        if (!PylontechMessages.Dispatch(id, isExtended: false, data, ref printer))
        {
            Console.WriteLine($"{printer.Frame}  (not a Pylontech frame)");
        }
    }
}

printer.PrintSummary();

/// <summary>Prints every frame it is handed, and keeps the latest measurements for a summary.</summary>
internal struct Printer : IPylontechMessageHandler
{
    private double? _voltage;
    private double? _current;
    private ushort? _stateOfCharge;

    public string Frame { get; set; }

    public void Handle(in BatteryLimits message) => Print(message.ToString());

    public void Handle(in StateOfChargeAndHealth message)
    {
        _stateOfCharge = message.StateOfCharge ?? _stateOfCharge;
        Print(message.ToString());
    }

    public void Handle(in BatteryMeasurements message)
    {
        _voltage = message.BatteryVoltage ?? _voltage;
        _current = message.BatteryCurrent ?? _current;
        Print(message.ToString());
    }

    public void Handle(in ProtectionAndAlarm message) => Print(message.ToString());

    public void Handle(in AlarmsAndWarnings message) => Print(message.ToString());

    public void Handle(in ChargeRequest message) => Print(message.ToString());

    public void Handle(in Manufacturer message) => Print(message.ToString());

    public void Handle(in BatteryInfo message) => Print(message.ToString());

    public void Handle(in CellExtremes message) => Print(message.ToString());

    public void Handle(in CapacityInfo message) => Print(message.ToString());

    public readonly void PrintSummary()
    {
        if (_voltage is { } volts && _current is { } amps)
        {
            // BatteryCurrent is + while charging, − while discharging.
            var power = volts * amps;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Summary: SOC {_stateOfCharge?.ToString(CultureInfo.InvariantCulture) ?? "?"} %, {volts} V, {amps} A, {power:0} W ({(power < 0 ? "discharging" : power > 0 ? "charging" : "idle")})"));
        }
    }

    private readonly void Print(string decoded) => Console.WriteLine($"{Frame}  {decoded}");
}
