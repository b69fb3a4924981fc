using System.Globalization;
using System.Net;
using System.Text;
using Matchcut.Reports;

namespace Matchcut.Reports.CrossTitle;

/// <summary>OUT/matches.json and OUT/report.html: the best pairs across titles per flavour, next to each title's OUT/&lt;asset-id&gt;/ folder.</summary>
public static class CrossTitleReport
{
    /// <summary>matches.json: the titles, and per flavour the method and the pairs with each shot's title, asset, frames and times.</summary>
    public static object Document(IReadOnlyList<TitleAsset> titles, IReadOnlyDictionary<string, AssetResult> results, int k,
        IReadOnlyList<CrossTitleResult> flavours) => new
    {
        titles = titles.Select(t => new { t.TitleId, t.AssetId, results[t.AssetId].Asset.SourceUri, report = $"{t.AssetId}/report.html" }),
        k,
        flavours = flavours.ToDictionary(f => f.Flavour, f => new
        {
            provenance = new { method = f.Method },
            pairs = f.Pairs.Select(p => new { p.Rank, p.Score, a = Shot(p.A, results), b = Shot(p.B, results) }),
        }),
    };

    private static object Shot(CrossTitleShot s, IReadOnlyDictionary<string, AssetResult> results)
    {
        var shot = results[s.AssetId].Shots.First(x => x.Index == s.Shot);
        return new { s.TitleId, s.AssetId, shot = s.Shot, shotId = Vectors.ShotIds.Of(s.AssetId, s.Shot), shot.StartFrame, shot.EndFrame, shot.StartSec, shot.EndSec };
    }

    /// <summary>report.html: each pair as the last frame of A beside the first frame of B, pictures from the titles' folders.</summary>
    public static string Render(IReadOnlyList<TitleAsset> titles, IReadOnlyDictionary<string, AssetResult> results, IReadOnlyList<CrossTitleResult> flavours)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>matchcut: across ")
            .Append(E(string.Join(", ", titles.Select(t => t.TitleId)))).Append("</title><style>")
            .Append("body{font:14px system-ui,sans-serif;margin:24px;background:#111;color:#eee}h1{font-size:20px}h2{margin-top:32px}a{color:#8cf}")
            .Append(".pair{display:flex;gap:8px;align-items:center;margin:12px 0;padding:8px;background:#1c1c1c;border-radius:6px}")
            .Append(".pair figure{margin:0}.pair img{height:135px;display:block}.pair figcaption{font-size:12px;color:#aaa}")
            .Append(".arrow{font-size:28px;color:#888}.score{font-weight:bold;margin-left:12px;font-variant-numeric:tabular-nums}")
            .Append("table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}")
            .Append("</style></head><body><h1>Match cuts across titles</h1><table><tr><th>title</th><th>source</th><th>shots</th><th>report</th></tr>");
        foreach (var t in titles)
        {
            var r = results[t.AssetId];
            html.Append("<tr><td>").Append(E(t.TitleId)).Append("</td><td>").Append(E(Path.GetFileName(r.Asset.SourceUri))).Append("</td><td>")
                .Append(F($"{r.Shots.Count(s => s.Kept)} kept of {r.Shots.Count}")).Append("</td><td><a href=\"").Append(E($"{t.AssetId}/report.html"))
                .Append("\">").Append(E(t.AssetId)).Append("</a></td></tr>");
        }
        html.Append("</table>");
        foreach (var f in flavours)
        {
            html.Append("<h2>Top ").Append(E(f.Flavour)).Append(" matches across titles</h2><p>").Append(E(f.Method)).Append("</p>");
            if (f.Pairs.Count == 0) html.Append("<p>No pair of shots from different titles.</p>");
            foreach (var p in f.Pairs)
            {
                var a = results[p.A.AssetId].Shots.First(s => s.Index == p.A.Shot);
                var b = results[p.B.AssetId].Shots.First(s => s.Index == p.B.Shot);
                html.Append("<div class=\"pair\">")
                    .Append(Figure($"{p.A.AssetId}/{AssetResultBuilder.PicturePath("last", p.A.Shot)}", F($"{p.A.TitleId}: end of shot {p.A.Shot} ({a.EndSec:0.00}s)")))
                    .Append("<span class=\"arrow\">&rarr;</span>")
                    .Append(Figure($"{p.B.AssetId}/{AssetResultBuilder.PicturePath("first", p.B.Shot)}", F($"{p.B.TitleId}: start of shot {p.B.Shot} ({b.StartSec:0.00}s)")))
                    .Append("<span class=\"score\">").Append(F($"{p.Score:0.000}")).Append("</span></div>");
            }
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Figure(string src, string caption) =>
        $"<figure><img src=\"{E(src)}\" alt=\"{E(caption)}\"><figcaption>{E(caption)}</figcaption></figure>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
