using System.Text.Json;
using Matchcut.BenchResults;
using Matchcut.Index;
using Matchcut.Pipeline;

namespace Matchcut.Bench;

/// <summary>
/// Tag precision and recall on shots labelled by eye (bench/truth/tags.csv: for each kept shot, by the time of its middle,
/// each class the detector named and each COCO class plainly in view, present or not). `matchcut run` on the labelled
/// files as a user runs it; a row counts as tagged when the shot's class confidence reaches the product's default
/// threshold (<see cref="TagsOptions"/>). The tune split is where the thresholds were chosen; the bench also prints the
/// thresholds the tune split picks now (the lowest with precision of at least 0.9), so a drift from the defaults shows.
/// </summary>
public static class TagsBench
{
    private sealed record Row(string File, double MidSec, string Class, bool Present, string Split);

    private const double TargetPrecision = 0.9;

    public static void Run(BenchSheet sheet, string dll, string media, string cache, string truthFile, TextWriter log)
    {
        var rows = File.ReadLines(truthFile).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f =>
            new Row(f[0], double.Parse(f[1], Tools.Inv), f[2], f[3] == "yes", f[4])).ToList();
        var work = Path.Combine(cache, "tags");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        var files = rows.Select(r => Path.Combine(media, r.File)).Distinct().ToList();
        Tools.Run("dotnet", [dll, "run", .. files, "--out", Path.Combine(work, "out"), "--store", Path.Combine(work, "store"), "--k", "1", "--plain"]);
        var shots = KeptShots(Path.Combine(work, "out"), Path.Combine(work, "store"));
        var defaults = new TagsOptions();
        Shot ShotOf(Row r) => shots.GetValueOrDefault(Path.GetFileNameWithoutExtension(r.File))?.FirstOrDefault(x => x.Start <= r.MidSec && r.MidSec < x.End)
            ?? throw new InvalidOperationException($"{r.File} has no kept shot at {r.MidSec} s: relabel bench/truth/tags.csv");
        var scored = rows.Select(r => (Row: r, Confidence: ShotOf(r).Confidence.GetValueOrDefault(r.Class))).ToList();

        // Detections at or above a default threshold that no row labels: the truth needs them before the figures mean anything.
        var labelled = rows.Select(r => (ShotOf(r), r.Class)).ToHashSet();
        var unlabelled = shots.SelectMany(t => t.Value.SelectMany(x => x.Confidence.Where(c => c.Value >= defaults.For(c.Key) && !labelled.Contains((x, c.Key)))
            .Select(c => $"{t.Key} shot at {x.Start:F2} s: {c.Key} {c.Value:F2}"))).ToList();
        foreach (var u in unlabelled) log.WriteLine($"  tags: unlabelled detection {u}");

        var table = new List<string> { "split,classes,labelled,present,tagged,right,precision,recall" };
        foreach (var split in new[] { "tune", "held-out" })
        {
            foreach (var (group, inGroup) in new (string, Func<string, bool>)[] { ("all", _ => true), ("person", c => c == "person"), ("other", c => c != "person") })
            {
                var set = scored.Where(s => s.Row.Split == split && inGroup(s.Row.Class)).ToList();
                var tagged = set.Where(s => s.Confidence >= defaults.For(s.Row.Class)).ToList();
                var right = tagged.Count(s => s.Row.Present);
                var present = set.Count(s => s.Row.Present);
                var precision = tagged.Count == 0 ? 1 : (double)right / tagged.Count;
                var recall = present == 0 ? 1 : (double)right / present;
                table.Add($"{split},{group},{set.Count},{present},{tagged.Count},{right},{Tools.F(precision)},{Tools.F(recall)}");
                if (group != "all") continue;
                sheet.Figure($"tag precision {split} (default thresholds)", precision, "", split == "held-out" ? ">=" : "", TargetPrecision,
                    $"({right} of {tagged.Count} shown tags right; recall {Tools.F(recall, 2)}: {right} of {present} classes in view; person >= {defaults.For("person")}, others >= {defaults.MinConfidence})");
            }
        }
        sheet.Table("tags.csv", table);
        var tune = scored.Where(s => s.Row.Split == "tune").ToList();
        var person = Pick(tune.Where(s => s.Row.Class == "person"));
        var others = Pick(tune.Where(s => s.Row.Class != "person"));
        bool Within((double Above, double AtMost) range, double t) => t > range.Above && t <= range.AtMost;
        sheet.Figure("tags: default thresholds within what the tune split picks", Within(person, defaults.For("person")) && Within(others, defaults.MinConfidence) ? 1 : 0, "", "==", 1,
            $"(any threshold above the highest wrong confidence below the first that keeps precision >= 0.9 picks the same tags: person ({Tools.F(person.Above, 2)}, {Tools.F(person.AtMost, 2)}], others ({Tools.F(others.Above, 2)}, {Tools.F(others.AtMost, 2)}]; defaults {defaults.For("person")}, {defaults.MinConfidence})");
        sheet.Figure("tags: detections no label covers", unlabelled.Count, "", "==", 0, "(label them in bench/truth/tags.csv)");
    }

    // The thresholds that tag what the lowest one keeping precision >= 0.9 tags: above the labelled confidence just below it, up to it.
    private static (double Above, double AtMost) Pick(IEnumerable<(Row Row, double Confidence)> rows)
    {
        var list = rows.Where(r => r.Confidence > 0).OrderBy(r => r.Confidence).ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var tagged = list.Skip(i).ToList();
            if (tagged.Count(r => r.Row.Present) >= TargetPrecision * tagged.Count) return (i == 0 ? 0 : list[i - 1].Confidence, list[i].Confidence);
        }
        return (list.Count == 0 ? 0 : list[^1].Confidence, 1);
    }

    private sealed record Shot(double Start, double End, IReadOnlyDictionary<string, double> Confidence);

    // Per title its kept shots with their class confidences, from result.json and the store's annotations.
    private static Dictionary<string, List<Shot>> KeptShots(string outFolder, string store)
    {
        var found = new Dictionary<string, List<Shot>>();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var result in Directory.GetFiles(outFolder, "result.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(result));
            var title = doc.RootElement.GetProperty("titles")[0] is var t && t.ValueKind == JsonValueKind.String ? t.GetString()! : t.GetProperty("titleId").GetString()!;
            var assetFolder = Path.Combine(store, "assets", Path.GetFileName(Path.GetDirectoryName(result))!);
            var annotations = Directory.Exists(assetFolder) ? Directory.GetFiles(assetFolder, "annotations.json", SearchOption.AllDirectories) : [];
            if (annotations.Length == 0) continue;
            var set = JsonSerializer.Deserialize<ShotAnnotationSet>(File.ReadAllText(annotations[0]), options)!;
            var times = doc.RootElement.GetProperty("shots").EnumerateArray().ToDictionary(s => s.GetProperty("index").GetInt32(),
                s => (Start: s.GetProperty("startSec").GetDouble(), End: s.GetProperty("endSec").GetDouble()));
            found[title] = set.Shots.Select(a => new Shot(times[a.Shot].Start, times[a.Shot].End, a.TagConfidence ?? new Dictionary<string, double>())).ToList();
        }
        return found;
    }
}
