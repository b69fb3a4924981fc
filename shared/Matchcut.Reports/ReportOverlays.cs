using System.Globalization;
using System.Text;
using Matchcut.Pipeline;

namespace Matchcut.Reports;

/// <summary>Inline SVG drawn over a picture in report.html: a silhouette's mask cells, or motion arrows. No external files.</summary>
public static class ReportOverlays
{
    /// <summary>Seconds of motion an arrow shows, so slow motion is still visible.</summary>
    private const double ArrowSeconds = 0.5;

    /// <summary>The mask's person cells as semi-transparent squares over a picture of the same aspect.</summary>
    public static string Silhouette(Silhouette mask)
    {
        var svg = new StringBuilder();
        svg.Append(F($"<svg class=\"ov\" viewBox=\"0 0 {mask.Width} {mask.Height}\" preserveAspectRatio=\"none\"><path fill=\"rgba(255,40,120,.45)\" d=\""));
        for (var y = 0; y < mask.Height; y++)
        for (var x = 0; x < mask.Width; x++)
        {
            var i = y * mask.Width + x;
            if (i / 8 < mask.Bits.Length && (mask.Bits[i / 8] & (1 << (i % 8))) != 0) svg.Append(F($"M{x} {y}h1v1h-1z"));
        }
        return svg.Append("\"/></svg>").ToString();
    }

    /// <summary>One arrow per grid cell (the mean flow there) and a thick one for the camera's pan/tilt, on a 100-wide canvas of the picture's aspect.</summary>
    public static string Motion(MotionSummary motion, double aspect)
    {
        var width = 100.0;
        var height = width / aspect;
        var svg = new StringBuilder();
        svg.Append(F($"<svg class=\"ov\" viewBox=\"0 0 {width:0.##} {height:0.##}\" preserveAspectRatio=\"none\">"));
        svg.Append("<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"8\" refY=\"5\" markerWidth=\"4\" markerHeight=\"4\" orient=\"auto\">")
            .Append("<path d=\"M0 0L10 5L0 10z\" fill=\"#7fffd4\"/></marker></defs>");
        var g = motion.GridSize;
        for (var cy = 0; cy < g; cy++)
        for (var cx = 0; cx < g; cx++)
        {
            var c = cy * g + cx;
            if (2 * c + 1 >= motion.Grid.Length) continue;
            var x = (cx + 0.5) * width / g;
            var y = (cy + 0.5) * height / g;
            Arrow(svg, x, y, motion.Grid[2 * c] * width * ArrowSeconds, motion.Grid[2 * c + 1] * width * ArrowSeconds, 0.6, "#7fffd4");
        }
        // The camera arrow points where the camera turns (the picture moves the other way).
        Arrow(svg, width / 2, height / 2, motion.Pan * width * ArrowSeconds, motion.Tilt * width * ArrowSeconds, 1.4, "#ffd700");
        return svg.Append("</svg>").ToString();
    }

    private static void Arrow(StringBuilder svg, double x, double y, double dx, double dy, double stroke, string colour)
    {
        var length = Math.Sqrt(dx * dx + dy * dy);
        if (length < 0.5) return;
        var limit = 20.0;
        if (length > limit)
        {
            dx *= limit / length;
            dy *= limit / length;
        }
        svg.Append(F($"<line x1=\"{x:0.##}\" y1=\"{y:0.##}\" x2=\"{x + dx:0.##}\" y2=\"{y + dy:0.##}\" stroke=\"{colour}\" stroke-width=\"{stroke:0.##}\" marker-end=\"url(#ah)\"/>"));
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
