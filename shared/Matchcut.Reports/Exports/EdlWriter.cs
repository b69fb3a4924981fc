using System.Globalization;
using System.Text;

namespace Matchcut.Reports.Exports;

/// <summary>
/// CMX 3600 EDL: one video cut event per line (number, reel, track V, cut C, source in/out, record in/out), the
/// source file named in a "* FROM CLIP NAME:" comment after it. The record side starts at 01:00:00:00 and follows the
/// FCM line; each source timecode is written at its own file's rate, ";" before the frames marking drop-frame. An event
/// whose source counts in the other mode (a 25 fps title after a 29.97 drop-frame one) gets its own FCM line first, so
/// the FCM in force always names its source's mode; its record timecodes follow that mode where the record rate can drop.
/// </summary>
public static class EdlWriter
{
    /// <summary>The record timeline's first frame is the hour mark, as editors expect.</summary>
    public static long RecordStart(FrameRate rate, bool dropFrame) => Timecode.Parse(dropFrame ? "01:00:00;00" : "01:00:00:00", rate).Frames;

    public static string Write(CutList list)
    {
        var rate = list.Rate;
        var dropFrame = list.DropFrame;
        var record = RecordStart(rate, dropFrame);
        var edl = new StringBuilder();
        edl.Append("TITLE: ").Append(Clean(list.Name)).Append("\r\n");
        edl.Append("FCM: ").Append(dropFrame ? "DROP FRAME" : "NON-DROP FRAME").Append("\r\n\r\n");
        var ranges = list.RecordRanges();
        var inForce = dropFrame;
        for (var i = 0; i < list.Events.Count; i++)
        {
            var e = list.Events[i];
            var src = e.Source;
            var (start, frames) = ranges[i];
            var mode = src.DropFrame;
            if (mode != inForce)
            {
                edl.Append("FCM: ").Append(mode ? "DROP FRAME" : "NON-DROP FRAME").Append("\r\n");
                inForce = mode;
            }
            var number = (i + 1).ToString("D3", CultureInfo.InvariantCulture);
            edl.Append(number).Append("  ").Append("AX      ").Append(" V     C        ")
                .Append(Timecode.Format(src.StartTimecodeFrames + e.InFrame, src.Rate, src.DropFrame)).Append(' ')
                .Append(Timecode.Format(src.StartTimecodeFrames + e.OutFrame, src.Rate, src.DropFrame)).Append(' ')
                .Append(Timecode.Format(record + start, rate, mode && rate.CanDropFrame)).Append(' ')
                .Append(Timecode.Format(record + start + frames, rate, mode && rate.CanDropFrame)).Append("\r\n");
            edl.Append("* FROM CLIP NAME: ").Append(Clean(src.Name)).Append("\r\n");
            edl.Append("* COMMENT: ").Append(Clean(Comment(e))).Append("\r\n\r\n");
        }
        return edl.ToString();
    }

    internal static string Comment(CutEvent e) => e.Pair is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"PAIR {p} {e.Role?.ToUpperInvariant()} {e.Flavour} SCORE {e.Score:0.000} SHOT {e.ShotId}")
        : $"SHOT {e.ShotId}";

    // An EDL line ends at the line break; names keep to printable ASCII.
    private static string Clean(string text) => new(text.Select(c => c is >= ' ' and <= '~' ? c : '_').ToArray());
}
