using Pylontech.Can.Frames;

namespace Pylontech.Can.Sources;

/// <summary>The fault-confinement state of a CAN controller, as ISO 11898 defines it.</summary>
public enum CanBusState
{
    /// <summary>Normal operation: error counters below 96.</summary>
    ErrorActive,

    /// <summary>An error counter reached 96: the bus is noisy.</summary>
    ErrorWarning,

    /// <summary>An error counter reached 128: the controller no longer signals errors actively.</summary>
    ErrorPassive,

    /// <summary>The transmit error counter passed 255: the controller has left the bus until it is restarted.</summary>
    BusOff,
}

/// <summary>The error classes of a SocketCAN error frame (<c>CAN_ERR_*</c> bits of its identifier).</summary>
[Flags]
public enum CanErrorClasses : uint
{
    /// <summary>No class.</summary>
    None = 0,

    /// <summary><c>CAN_ERR_TX_TIMEOUT</c>: a transmission timed out.</summary>
    TransmitTimeout = 0x001,

    /// <summary><c>CAN_ERR_LOSTARB</c>: arbitration was lost.</summary>
    LostArbitration = 0x002,

    /// <summary><c>CAN_ERR_CRTL</c>: the controller reports a problem; see <see cref="CanErrorReport.ControllerStatus"/>.</summary>
    Controller = 0x004,

    /// <summary><c>CAN_ERR_PROT</c>: a protocol violation (bit, form, stuff error...).</summary>
    Protocol = 0x008,

    /// <summary><c>CAN_ERR_TRX</c>: a transceiver problem (wiring).</summary>
    Transceiver = 0x010,

    /// <summary><c>CAN_ERR_ACK</c>: nobody acknowledged a transmitted frame (no other node, or a wrong bit rate).</summary>
    NoAcknowledge = 0x020,

    /// <summary><c>CAN_ERR_BUSOFF</c>: the controller went bus-off.</summary>
    BusOff = 0x040,

    /// <summary><c>CAN_ERR_BUSERROR</c>: a bus error.</summary>
    BusError = 0x080,

    /// <summary><c>CAN_ERR_RESTARTED</c>: the controller was restarted after bus-off.</summary>
    Restarted = 0x100,

    /// <summary><c>CAN_ERR_CNT</c>: the frame carries the error counters.</summary>
    ErrorCounters = 0x200,
}

/// <summary>The controller status byte of a SocketCAN error frame (<c>CAN_ERR_CRTL_*</c>, data byte 1).</summary>
[Flags]
public enum CanControllerStatus : byte
{
    /// <summary>Unspecified.</summary>
    None = 0,

    /// <summary>The receive buffer overflowed: frames were lost.</summary>
    ReceiveOverflow = 0x01,

    /// <summary>The transmit buffer overflowed.</summary>
    TransmitOverflow = 0x02,

    /// <summary>The receive error counter reached the warning level (96).</summary>
    ReceiveWarning = 0x04,

    /// <summary>The transmit error counter reached the warning level (96).</summary>
    TransmitWarning = 0x08,

    /// <summary>The receive error counter reached the error-passive level (128).</summary>
    ReceivePassive = 0x10,

    /// <summary>The transmit error counter reached the error-passive level (128).</summary>
    TransmitPassive = 0x20,

    /// <summary>The controller is back to error-active.</summary>
    Active = 0x40,
}

/// <summary>What a SocketCAN error frame (a <see cref="CanFrame"/> with <see cref="CanFrameFlags.Error"/>) says, per <c>linux/can/error.h</c>.</summary>
/// <param name="Classes">The error classes.</param>
/// <param name="ControllerStatus">The controller status (meaningful with <see cref="CanErrorClasses.Controller"/>).</param>
/// <param name="TransmitErrorCount">The transmit error counter (data byte 6).</param>
/// <param name="ReceiveErrorCount">The receive error counter (data byte 7).</param>
public readonly record struct CanErrorReport(CanErrorClasses Classes, CanControllerStatus ControllerStatus, byte TransmitErrorCount, byte ReceiveErrorCount)
{
    /// <summary>The bus state the frame announces, or null when it says nothing about it (e.g. a lone protocol error).</summary>
    public CanBusState? BusState =>
        (Classes & CanErrorClasses.BusOff) != 0 ? CanBusState.BusOff
        : (Classes & CanErrorClasses.Controller) != 0 && (ControllerStatus & (CanControllerStatus.ReceivePassive | CanControllerStatus.TransmitPassive)) != 0 ? CanBusState.ErrorPassive
        : (Classes & CanErrorClasses.Controller) != 0 && (ControllerStatus & (CanControllerStatus.ReceiveWarning | CanControllerStatus.TransmitWarning)) != 0 ? CanBusState.ErrorWarning
        : (Classes & CanErrorClasses.Controller) != 0 && (ControllerStatus & CanControllerStatus.Active) != 0 ? CanBusState.ErrorActive
        : (Classes & CanErrorClasses.Restarted) != 0 ? CanBusState.ErrorActive
        : null;

    /// <summary>Whether the controller was restarted after bus-off.</summary>
    public bool IsRestart => (Classes & CanErrorClasses.Restarted) != 0;

    /// <summary>Decodes an error frame.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="report">What it says, when it is an error frame.</param>
    /// <returns>False when <paramref name="frame"/> is not an error frame.</returns>
    public static bool TryDecode(in CanFrame frame, out CanErrorReport report)
    {
        if (!frame.IsError)
        {
            report = default;
            return false;
        }

        var data = frame.RawData;
        report = new((CanErrorClasses)frame.Id, (CanControllerStatus)(byte)(data >> 8), (byte)(data >> 48), (byte)(data >> 56));
        return true;
    }
}

/// <summary>The bus state of a CAN interface changed, or its controller was restarted.</summary>
public sealed class CanBusStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    /// <param name="interfaceName">The interface, e.g. <c>can0</c>.</param>
    /// <param name="previousState">The state before.</param>
    /// <param name="state">The state now.</param>
    /// <param name="report">The error frame's content.</param>
    /// <param name="timestampMicroseconds">When the error frame was received, in microseconds since the Unix epoch.</param>
    public CanBusStateChangedEventArgs(string interfaceName, CanBusState previousState, CanBusState state, CanErrorReport report, long timestampMicroseconds)
    {
        Interface = interfaceName;
        PreviousState = previousState;
        State = state;
        Report = report;
        TimestampMicroseconds = timestampMicroseconds;
    }

    /// <summary>The interface, e.g. <c>can0</c>.</summary>
    public string Interface { get; }

    /// <summary>The state before.</summary>
    public CanBusState PreviousState { get; }

    /// <summary>The state now.</summary>
    public CanBusState State { get; }

    /// <summary>Whether the controller was restarted after bus-off (the state is then <see cref="CanBusState.ErrorActive"/>).</summary>
    public bool Restarted => Report.IsRestart;

    /// <summary>The error frame's content.</summary>
    public CanErrorReport Report { get; }

    /// <summary>When the error frame was received, in microseconds since the Unix epoch.</summary>
    public long TimestampMicroseconds { get; }
}
