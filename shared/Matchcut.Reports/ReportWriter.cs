using System.Globalization;
using System.Net;
using System.Text;

namespace Matchcut.Reports;

/// <summary>report.html: viewable offline; each top pair as the last frame of shot A beside the first frame of shot B, and the film's shot strip.</summary>
public static class ReportWriter
{
    public static string Render(AssetResult result)
    {
        var shots = result.Shots.ToDictionary(s => s.Index);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>matchcut: ")
            .Append(E(result.Asset.SourceUri)).Append("</title><style>")
            .Append("body{font:14px system-ui,sans-serif;margin:24px;background:#111;color:#eee}h1{font-size:20px}h2{margin-top:32px}")
            .Append(".pair{display:flex;gap:8px;align-items:center;margin:12px 0;padding:8px;background:#1c1c1c;border-radius:6px}")
            .Append(".pair figure{margin:0}.pair img{height:135px;display:block}.pair figcaption{font-size:12px;color:#aaa}")
            .Append(".arrow{font-size:28px;color:#888}.score{font-weight:bold;margin-left:12px;font-variant-numeric:tabular-nums}")
            .Append(".strip{display:flex;flex-wrap:wrap;gap:6px}.shot{width:160px;font-size:11px;color:#bbb}.shot img{width:160px;display:block}")
            .Append(".dropped{opacity:.35}table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}")
            .Append(".pic{position:relative;display:inline-block}.pic .ov{position:absolute;left:0;top:0;width:100%;height:100%}")
            .Append(".tags{font-size:11px;color:#8cf}")
            .Append(".beats{display:flex;width:100%;height:44px;margin:8px 0 4px;border-radius:4px;overflow:hidden}")
            .Append(".beat{overflow:hidden;white-space:nowrap;font-size:11px;padding:4px;box-sizing:border-box;border-right:1px solid #111;color:#111}")
            .Append("</style></head><body>");
        var a = result.Asset;
        html.Append("<h1>").Append(E(Path.GetFileName(a.SourceUri))).Append("</h1><table>")
            .Append(Row("asset", a.Id)).Append(Row("titles", string.Join(", ", result.Titles)))
            .Append(Row("video", F($"{a.Width}x{a.Height}, {a.Fps:0.###} fps, {a.FrameCount} frames, {a.DurationSec:0.00} s")))
            .Append(Row("shots", F($"{result.Shots.Count} ({result.Shots.Count(s => s.Kept)} kept)")))
            .Append(Row("profile", result.Profile))
            .Append(Row("timings", string.Join(", ", result.Timings.Select(t => F($"{t.Key} {t.Value:0.00}s")))))
            .Append("</table>");
        if (result.Tags is { Count: > 0 } titleTags)
            html.Append("<h2>Title tags</h2><p class=\"tags\">").Append(E(string.Join(", ", titleTags.Select(t => F($"{t.Key} {t.Value:0.00}"))))).Append("</p>");
        if (result.Provenance is { Count: > 0 } provenance)
        {
            html.Append("<h2>How each list was made</h2><table><tr><th>flavour</th><th>method</th><th>model</th><th>SHA-256</th></tr>");
            foreach (var (name, p) in provenance)
                html.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(p.Method)).Append("</td><td>").Append(E(p.Model ?? "none"))
                    .Append("</td><td><code>").Append(E(p.ModelSha256 ?? "")).Append("</code></td></tr>");
            html.Append("</table>");
        }

        html.Append(BeatTimeline(result));

        var aspect = a.Height > 0 ? (double)a.Width / a.Height : 16.0 / 9;
        foreach (var (flavour, pairs) in result.Matches)
        {
            html.Append("<h2>Top ").Append(E(flavour)).Append(" matches</h2>");
            if (pairs.Count == 0) html.Append("<p>No pair of kept shots to score.</p>");
            foreach (var p in pairs)
            {
                var sa = shots[p.A];
                var sb = shots[p.B];
                html.Append("<div class=\"pair\">");
                if (flavour == Pipeline.Flavours.Silhouette)
                {
                    // Silhouettes are the keyframes' person masks, so the keyframes are shown under them.
                    html.Append(Figure(sa.Keyframe, F($"shot {p.A} keyframe"), sa.Silhouette is { } ma ? ReportOverlays.Silhouette(ma) : ""))
                        .Append("<span class=\"arrow\">&rarr;</span>")
                        .Append(Figure(sb.Keyframe, F($"shot {p.B} keyframe"), sb.Silhouette is { } mb ? ReportOverlays.Silhouette(mb) : ""));
                }
                else
                {
                    var arrows = flavour is Pipeline.Flavours.Motion or Pipeline.Flavours.Camera;
                    // Frame pairs were scored on exactly these pictures: A's last clean frame and B's first clean frame.
                    var scored = p.AFrame is not null ? " (scored)" : "";
                    html.Append(Figure(AssetResultBuilder.PicturePath("last", p.A), F($"end of shot {p.A} ({p.ASec ?? sa.EndSec:0.00}s){scored}"),
                            arrows && sa.Motion is { } ma ? ReportOverlays.Motion(ma, aspect) : ""))
                        .Append("<span class=\"arrow\">&rarr;</span>")
                        .Append(Figure(AssetResultBuilder.PicturePath("first", p.B), F($"start of shot {p.B} ({p.BSec ?? sb.StartSec:0.00}s){scored}"),
                            arrows && sb.Motion is { } mb ? ReportOverlays.Motion(mb, aspect) : ""));
                }
                html.Append("<span class=\"score\">").Append(F($"{p.Score:0.000}")).Append("</span></div>");
            }
        }

        html.Append("<h2>Shots</h2><div class=\"strip\">");
        foreach (var s in result.Shots)
        {
            var note = s.Kept ? "" : s.DuplicateOf is { } d ? F($" &middot; duplicate of {d}") : $" &middot; {E(s.DropReason ?? "dropped")}";
            html.Append("<div class=\"shot").Append(s.Kept ? "" : " dropped").Append("\"><img loading=\"lazy\" src=\"").Append(E(s.Keyframe))
                .Append("\" alt=\"shot ").Append(s.Index).Append("\">")
                .Append(F($"#{s.Index} {s.StartSec:0.00}-{s.EndSec:0.00}s")).Append(note);
            if (s.Scale is not null) html.Append(" &middot; ").Append(E(s.Scale));
            if (s.Tags is { Count: > 0 } tags)
                html.Append("<div class=\"tags\">").Append(E(string.Join(", ", tags.Select(t => F($"{t.Key} {t.Value:0.00}"))))).Append("</div>");
            html.Append("</div>");
        }
        html.Append("</div></body></html>\n");
        return html.ToString();
    }

    /// <summary>The film's beat events as a timeline: one block per beat, as wide as it lasts, coloured by its label.</summary>
    private static string BeatTimeline(AssetResult result)
    {
        if (result.Beats is not { Count: > 0 } beats) return "";
        var start = beats[0].StartSec;
        var total = Math.Max(1e-6, beats[^1].EndSec - start);
        var html = new StringBuilder("<h2>Beats</h2><div class=\"beats\">");
        foreach (var b in beats)
        {
            var width = 100 * (b.EndSec - b.StartSec) / total;
            var title = F($"beat {b.Index}: {b.Label}, shots {b.FirstShot}-{b.LastShot}, {b.StartSec:0.00}-{b.EndSec:0.00}s");
            html.Append(F($"<div class=\"beat\" style=\"width:{width:0.###}%;background:{LabelColour(b.Label)}\" title=\"")).Append(E(title)).Append("\">")
                .Append(E(b.Label)).Append(F($"<br>{b.StartSec:0.0}s")).Append("</div>");
        }
        html.Append("</div><table><tr><th>beat</th><th>label</th><th>shots</th><th>time</th></tr>");
        foreach (var b in beats)
            html.Append(F($"<tr><td>{b.Index}</td><td>")).Append(E(b.Label)).Append(F($"</td><td>{b.FirstShot}-{b.LastShot} ({b.ShotIds.Count} kept)</td><td>{b.StartSec:0.00}-{b.EndSec:0.00}s</td></tr>"));
        return html.Append("</table>").ToString();
    }

    // A stable light colour per label, so the same label reads the same across the timeline.
    private static string LabelColour(string label)
    {
        var hue = 0u;
        foreach (var c in label) hue = hue * 31 + c;
        return F($"hsl({hue % 360},55%,70%)");
    }

    private static string Figure(string src, string caption, string overlay = "") =>
        $"<figure><div class=\"pic\"><img src=\"{E(src)}\" alt=\"{E(caption)}\">{overlay}</div><figcaption>{E(caption)}</figcaption></figure>";

    private static string Row(string name, string value) => $"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
