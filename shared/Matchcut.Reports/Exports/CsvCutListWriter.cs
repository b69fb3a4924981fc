using System.Globalization;
using System.Text;

namespace Matchcut.Reports.Exports;

/// <summary>The cut list as CSV: one row per event with source timecodes, frames (end inclusive, as in result.json) and seconds.</summary>
public static class CsvCutListWriter
{
    public static string Write(CutList list)
    {
        var csv = new StringBuilder("event,title,shot_id,shot,source,fps,src_in,src_out,start_frame,end_frame,start_sec,end_sec,pair,role,flavour,score\n");
        for (var i = 0; i < list.Events.Count; i++)
        {
            var e = list.Events[i];
            var s = e.Source;
            var fps = (double)s.Rate.Denominator / s.Rate.Numerator;
            csv.AppendLine(string.Join(',',
                (i + 1).ToString(CultureInfo.InvariantCulture), Quote(e.TitleId ?? ""), Quote(e.ShotId), e.Shot.ToString(CultureInfo.InvariantCulture),
                Quote(s.Uri), s.Rate.Fps.ToString("0.######", CultureInfo.InvariantCulture),
                Timecode.Format(s.StartTimecodeFrames + e.InFrame, s.Rate, s.DropFrame), Timecode.Format(s.StartTimecodeFrames + e.OutFrame, s.Rate, s.DropFrame),
                e.InFrame.ToString(CultureInfo.InvariantCulture), (e.OutFrame - 1).ToString(CultureInfo.InvariantCulture),
                (e.InFrame * fps).ToString("F3", CultureInfo.InvariantCulture), (e.OutFrame * fps).ToString("F3", CultureInfo.InvariantCulture),
                e.Pair?.ToString(CultureInfo.InvariantCulture) ?? "", e.Role ?? "", e.Flavour ?? "",
                e.Score?.ToString("0.0000", CultureInfo.InvariantCulture) ?? ""));
        }
        return csv.ToString();
    }

    // Quote every free-text cell, and defuse spreadsheet formulas.
    private static string Quote(string s) => "\"" + (s.Length > 0 && "=+-@".Contains(s[0]) ? "'" + s : s).Replace("\"", "\"\"") + "\"";
}
