using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;

namespace Pylontech.Cli.Commands;

/// <summary>What <c>dump --stats</c> reports at the end: frames per id, bus time and rate, and every kind of problem.</summary>
internal sealed class DumpStatistics
{
    private readonly Dictionary<(uint Id, bool Extended), long> _perId = [];
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private long _first = long.MaxValue;
    private long _last = long.MinValue;

    public long Frames { get; private set; }

    public long Unknown { get; set; }

    public long ErrorFrames { get; private set; }

    public void Count(in CanFrame frame)
    {
        Frames++;
        if (frame.IsError)
        {
            ErrorFrames++;
        }

        var key = (frame.Id, frame.IsExtended);
        _perId[key] = _perId.GetValueOrDefault(key) + 1;
        _first = Math.Min(_first, frame.TimestampMicroseconds);
        _last = Math.Max(_last, frame.TimestampMicroseconds);
    }

    public string Format(DbcDecoder decoder, long malformedLines)
    {
        var c = CultureInfo.InvariantCulture;
        var wall = _wall.Elapsed.TotalSeconds;
        var bus = Frames > 1 ? (_last - _first) / 1e6 : 0;
        var text = new StringBuilder();
        text.Append(c, $"frames: {Frames} shown in {wall:F3} s ({(wall > 0 ? Frames / wall : 0):F0} frames/s); ");
        text.Append(c, $"bus time {bus:F3} s ({(bus > 0 ? Frames / bus : 0):F1} frames/s)\n");
        text.Append(c, $"problems: {Unknown} frames with an id the DBC does not know (not shown), {ErrorFrames} error frames, {malformedLines} malformed lines\n");
        foreach (var ((id, extended), count) in _perId.OrderBy(p => p.Key.Id))
        {
            var name = decoder.FindMessage(id, extended)?.Name ?? "(unknown)";
            text.Append(c, $"  {(extended ? id.ToString("X8", c) : id.ToString("X3", c)),8}  {name,-24} {count,10}\n");
        }

        return text.ToString();
    }
}
