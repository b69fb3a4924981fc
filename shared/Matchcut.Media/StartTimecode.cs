namespace Matchcut.Media;

/// <summary>
/// Checks a source's <c>timecode</c> tag at probe time: "HH:MM:SS:FF" (";" "," or "." before the frames for drop-frame),
/// hours 0-23, minutes and seconds 0-59, frames below the nominal rate. Anything else is ignored and reported, so cut
/// lists start at 00:00:00:00 instead of failing on a tag the source's maker got wrong.
/// </summary>
public static class StartTimecode
{
    /// <summary>Null when <paramref name="timecode"/> is usable at <paramref name="fps"/>, else why not.</summary>
    public static string? Problem(string timecode, double fps)
    {
        var parts = timecode.Trim().Split(':', ';', ',', '.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 2 || !p.All(char.IsAsciiDigit)))
            return $"'{timecode}' is not a timecode (HH:MM:SS:FF)";
        var (h, m, s, f) = (Int(parts[0]), Int(parts[1]), Int(parts[2]), Int(parts[3]));
        var nominal = (int)Math.Round(fps);
        if (h > 23 || m > 59 || s > 59) return $"'{timecode}' has hours, minutes or seconds out of range";
        if (f >= nominal) return $"'{timecode}' counts frame {f}, past the {nominal} frames a second of this source";
        return null;
    }

    private static int Int(string digits) => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
}
