using System.Globalization;

namespace Matchcut.Reports.Exports;

/// <summary>SMPTE timecode to and from frame counts; drop-frame skips frame numbers 0 and 1 (0-3 at 59.94) of every minute not divisible by ten.</summary>
public static class Timecode
{
    public static string Format(long frames, FrameRate rate, bool dropFrame)
    {
        if (frames < 0) throw new ArgumentOutOfRangeException(nameof(frames), frames, "Timecode starts at zero.");
        var fps = rate.Nominal;
        if (dropFrame)
        {
            var drop = fps / 15;                       // 2 at 29.97, 4 at 59.94
            var perTenMinutes = fps * 600 - drop * 9;
            var perMinute = fps * 60 - drop;
            var tens = frames / perTenMinutes;
            var rest = frames % perTenMinutes;
            frames += drop * 9 * tens + (rest > drop ? drop * ((rest - drop) / perMinute) : 0);
        }
        var ff = frames % fps;
        var totalSeconds = frames / fps;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{totalSeconds / 3600 % 24:D2}:{totalSeconds / 60 % 60:D2}:{totalSeconds % 60:D2}{(dropFrame ? ';' : ':')}{ff:D2}");
        return text;
    }

    /// <summary>Frames since 00:00:00:00 of "HH:MM:SS:FF" (";" or "," before the frames marks drop-frame); whether it is drop-frame.</summary>
    public static (long Frames, bool DropFrame) Parse(string timecode, FrameRate rate)
    {
        var t = timecode.Trim();
        var parts = t.Split(':', ';', ',', '.');
        if (parts.Length != 4 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
            throw new FormatException($"'{timecode}' is not a timecode (HH:MM:SS:FF).");
        var (h, m, s, f) = (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
        var dropFrame = t.IndexOfAny([';', ',']) >= 0 && rate.CanDropFrame;
        var fps = rate.Nominal;
        if (m > 59 || s > 59 || f >= fps) throw new FormatException($"'{timecode}' is not a timecode at {rate.Fps:0.###} fps.");
        var frames = ((h * 60 + m) * 60 + s) * fps + f;
        if (dropFrame)
        {
            var minutes = h * 60 + m;
            frames -= fps / 15 * (minutes - minutes / 10);
        }
        return (frames, dropFrame);
    }
}
