using System.Globalization;

namespace Matchcut.Media;

/// <summary>Collects each frame's pts_time from the lines ffmpeg's showinfo filter prints.</summary>
internal sealed class ShowinfoTimestamps
{
    private readonly List<double> _values = [];
    private readonly Lock _gate = new();

    public void OnStderrLine(string line)
    {
        if (!line.StartsWith("[Parsed_showinfo", StringComparison.Ordinal)) return;
        var at = line.IndexOf(" pts_time:", StringComparison.Ordinal);
        if (at < 0) return;
        var start = at + " pts_time:".Length;
        var end = line.IndexOf(' ', start);
        var text = end < 0 ? line[start..] : line[start..end];
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
            lock (_gate) _values.Add(t);
    }

    public double[] Snapshot()
    {
        lock (_gate) return _values.ToArray();
    }
}
