using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Matchcut.Desk.Tests;

/// <summary>One event read back from an export: source file, source in/out in frames since 00:00:00:00 (out exclusive), and record in.</summary>
public sealed record ReadEvent(string Source, long In, long Out, long RecordIn);

/// <summary>
/// Independent readers for the export formats: an EDL parser, the OTIO JSON schema fields and FCPXML as XML. The
/// timecode arithmetic here is written from the SMPTE rules, not taken from the product.
/// </summary>
public static partial class CutListReaders
{
    /// <param name="sourceFps">Timecode frames per second of each source file by name, where it differs from the record side's.</param>
    public static (bool DropFrame, IReadOnlyList<ReadEvent> Events) Edl(string text, int nominalFps, IReadOnlyDictionary<string, int>? sourceFps = null)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("TITLE: ", lines[0]);
        Assert.Matches("^FCM: (DROP FRAME|NON-DROP FRAME)$", lines[1]);
        var dropFrame = lines[1] == "FCM: DROP FRAME";
        var events = new List<ReadEvent>();
        var inForce = dropFrame;
        for (var i = 2; i < lines.Count; i++)
        {
            // An FCM line before an event switches the mode for what follows.
            if (lines[i].StartsWith("FCM: ", StringComparison.Ordinal)) inForce = lines[i] == "FCM: DROP FRAME";
            var m = EventLine().Match(lines[i]);
            if (!m.Success) continue;
            Assert.Equal((events.Count + 1).ToString("D3", CultureInfo.InvariantCulture), m.Groups[1].Value);
            var clip = lines[i + 1];
            Assert.StartsWith("* FROM CLIP NAME: ", clip);
            var name = clip["* FROM CLIP NAME: ".Length..];
            var fps = sourceFps?.GetValueOrDefault(name, nominalFps) ?? nominalFps;
            // Source timecodes carry their own drop-frame mark and the FCM in force names it; the record side counts drop-frame only under a DROP FRAME FCM.
            var recordDrop = m.Groups[4].Value.Contains(';');
            var tc = new[] { Frames(m.Groups[2].Value, fps, m.Groups[2].Value.Contains(';')), Frames(m.Groups[3].Value, fps, m.Groups[3].Value.Contains(';')),
                Frames(m.Groups[4].Value, nominalFps, recordDrop), Frames(m.Groups[5].Value, nominalFps, recordDrop) };
            Assert.Equal(inForce, m.Groups[2].Value.Contains(';'));
            Assert.True(inForce || !recordDrop, $"drop-frame record timecode under FCM: NON-DROP FRAME: {lines[i]}");
            if (fps == nominalFps) Assert.Equal(tc[1] - tc[0], tc[3] - tc[2]);   // source and record durations agree
            events.Add(new ReadEvent(name, tc[0], tc[1], tc[2]));
        }
        return (dropFrame, events);
    }

    public static IReadOnlyList<ReadEvent> Otio(string json, double expectedRate)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("Timeline.1", root.GetProperty("OTIO_SCHEMA").GetString());
        var stack = root.GetProperty("tracks");
        Assert.Equal("Stack.1", stack.GetProperty("OTIO_SCHEMA").GetString());
        var track = stack.GetProperty("children")[0];
        Assert.Equal("Track.1", track.GetProperty("OTIO_SCHEMA").GetString());
        Assert.Equal("Video", track.GetProperty("kind").GetString());
        var events = new List<ReadEvent>();
        long record = 0;
        foreach (var clip in track.GetProperty("children").EnumerateArray())
        {
            Assert.Equal("Clip.1", clip.GetProperty("OTIO_SCHEMA").GetString());
            var range = clip.GetProperty("source_range");
            Assert.Equal("TimeRange.1", range.GetProperty("OTIO_SCHEMA").GetString());
            var start = range.GetProperty("start_time");
            var duration = range.GetProperty("duration");
            Assert.Equal("RationalTime.1", start.GetProperty("OTIO_SCHEMA").GetString());
            Assert.Equal(expectedRate, start.GetProperty("rate").GetDouble(), 9);
            Assert.Equal(expectedRate, duration.GetProperty("rate").GetDouble(), 9);
            var reference = clip.GetProperty("media_reference");
            Assert.Equal("ExternalReference.1", reference.GetProperty("OTIO_SCHEMA").GetString());
            var url = reference.GetProperty("target_url").GetString()!;
            Assert.StartsWith("file:///", url);
            var available = reference.GetProperty("available_range").GetProperty("start_time").GetProperty("value").GetDouble();
            var inFrame = Whole(start.GetProperty("value").GetDouble());
            var frames = Whole(duration.GetProperty("value").GetDouble());
            Assert.True(inFrame >= available);
            events.Add(new ReadEvent(Path.GetFileName(new Uri(url).LocalPath), inFrame, inFrame + frames, record));
            record += frames;
        }
        return events;
    }

    public static IReadOnlyList<ReadEvent> Fcpxml(string xml, int rateNumerator, int rateDenominator)
    {
        var doc = XDocument.Parse(xml);
        var root = doc.Root!;
        Assert.Equal("fcpxml", root.Name.LocalName);
        Assert.Equal("fcpxml", doc.DocumentType?.Name);
        var formats = root.Element("resources")!.Elements("format").ToDictionary(f => f.Attribute("id")!.Value);
        var assets = root.Element("resources")!.Elements("asset").ToDictionary(a => a.Attribute("id")!.Value);
        var spine = root.Descendants("sequence").Single().Element("spine")!;
        var events = new List<ReadEvent>();
        foreach (var clip in spine.Elements("asset-clip"))
        {
            var asset = assets[clip.Attribute("ref")!.Value];
            Assert.Equal($"{rateDenominator}/{rateNumerator}s", Reduce(formats[asset.Attribute("format")!.Value].Attribute("frameDuration")!.Value));
            var src = asset.Element("media-rep")!.Attribute("src")!.Value;
            var inFrame = ToFrames(clip.Attribute("start")!.Value, rateNumerator, rateDenominator);
            var frames = ToFrames(clip.Attribute("duration")!.Value, rateNumerator, rateDenominator);
            var assetStart = ToFrames(asset.Attribute("start")!.Value, rateNumerator, rateDenominator);
            Assert.True(inFrame >= assetStart);
            events.Add(new ReadEvent(Path.GetFileName(new Uri(src).LocalPath), inFrame, inFrame + frames,
                ToFrames(clip.Attribute("offset")!.Value, rateNumerator, rateDenominator)));
        }
        return events;
    }

    /// <summary>CSV rows as (start_frame, end_frame inclusive) by event.</summary>
    public static IReadOnlyList<(int Start, int End)> Csv(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        int s = Array.IndexOf(header, "start_frame"), e = Array.IndexOf(header, "end_frame");
        return lines.Skip(1).Select(l => SplitCsv(l)).Select(c => (int.Parse(c[s], CultureInfo.InvariantCulture), int.Parse(c[e], CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>Frames since midnight of HH:MM:SS:FF; drop-frame removes two frame numbers a minute except every tenth minute.</summary>
    public static long Frames(string timecode, int nominalFps, bool dropFrame)
    {
        var p = timecode.Split(':', ';').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var frames = ((p[0] * 60 + p[1]) * 60 + p[2]) * nominalFps + p[3];
        if (!dropFrame) return frames;
        var minutes = p[0] * 60 + p[1];
        return frames - 2 * (minutes - minutes / 10);
    }

    private static long ToFrames(string seconds, int num, int den)
    {
        Assert.EndsWith("s", seconds);
        var parts = seconds[..^1].Split('/');
        var n = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var d = parts.Length == 2 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
        // frames = seconds * num / den must be whole: FCPXML times sit on the frame grid.
        Assert.Equal(0, n * num % (d * den));
        return n * num / (d * den);
    }

    private static string Reduce(string rational)
    {
        var parts = rational.TrimEnd('s').Split('/');
        long n = long.Parse(parts[0], CultureInfo.InvariantCulture), d = long.Parse(parts[1], CultureInfo.InvariantCulture);
        var g = (long)System.Numerics.BigInteger.GreatestCommonDivisor(n, d);
        return $"{n / g}/{d / g}s";
    }

    private static long Whole(double v)
    {
        Assert.Equal(Math.Round(v), v);
        return (long)v;
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    [GeneratedRegex(@"^(\d{3})\s+\S+\s+V\s+C\s+(\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d)$")]
    private static partial Regex EventLine();
}
