namespace Pylontech.Can.Decoding;

/// <summary>What a signal's value is, for formatting: a number, a flag, a named value, text or a floating-point number.</summary>
public enum SignalKind
{
    /// <summary>An integer scaled by the DBC's factor and offset, e.g. a voltage in 0.1 V.</summary>
    Number = 0,

    /// <summary>A single unscaled bit: 1 = set.</summary>
    Flag = 1,

    /// <summary>An integer with named values (<c>VAL_</c>), e.g. 1 = "Active".</summary>
    Enum = 2,

    /// <summary>ASCII text, one character per byte (attribute <c>Encoding</c> = <c>Ascii</c>), e.g. "PYLON".</summary>
    Text = 3,

    /// <summary>An IEEE 754 single-precision number (<c>SIG_VALTYPE_ ... : 1</c>).</summary>
    Float32 = 4,

    /// <summary>An IEEE 754 double-precision number (<c>SIG_VALTYPE_ ... : 2</c>).</summary>
    Float64 = 5,
}
