using System.Xml.Linq;

namespace Matchcut.Reports.Exports;

/// <summary>
/// FCPXML 1.10: a format and an asset per source file (its start is the file's start timecode), and a project whose
/// spine holds one asset-clip per event; every time is a rational number of seconds on the frame grid.
/// </summary>
public static class FcpxmlWriter
{
    public static string Write(CutList list)
    {
        var rate = list.Rate;
        var resources = new XElement("resources");
        var formats = new Dictionary<(FrameRate, int, int), string>();
        var assets = new Dictionary<string, string>();
        var next = 1;
        string FormatOf(CutListSource s)
        {
            if (formats.TryGetValue((s.Rate, s.Width, s.Height), out var id)) return id;
            id = $"r{next++}";
            resources.Add(new XElement("format", new XAttribute("id", id), new XAttribute("frameDuration", s.Rate.FrameDuration),
                new XAttribute("width", s.Width), new XAttribute("height", s.Height)));
            return formats[(s.Rate, s.Width, s.Height)] = id;
        }
        var sequenceFormat = list.Events.Count > 0 ? FormatOf(list.Events[0].Source) : FormatOf(new CutListSource("", "", rate, 0, false, 1920, 1080, 0));
        foreach (var s in list.Events.Select(e => e.Source).DistinctBy(s => s.Uri))
        {
            var id = $"r{next++}";
            assets[s.Uri] = id;
            resources.Add(new XElement("asset", new XAttribute("id", id), new XAttribute("name", s.Name),
                new XAttribute("start", s.Rate.Seconds(s.StartTimecodeFrames)), new XAttribute("duration", s.Rate.Seconds(s.FrameCount)),
                new XAttribute("hasVideo", "1"), new XAttribute("format", FormatOf(s)), new XAttribute("videoSources", "1"),
                new XElement("media-rep", new XAttribute("kind", "original-media"), new XAttribute("src", OtioWriter.Url(s.Uri)))));
        }

        var spine = new XElement("spine");
        var ranges = list.RecordRanges();
        for (var i = 0; i < list.Events.Count; i++)
        {
            var e = list.Events[i];
            var clip = new XElement("asset-clip", new XAttribute("ref", assets[e.Source.Uri]), new XAttribute("name", e.Name),
                new XAttribute("offset", rate.Seconds(ranges[i].Start)),
                new XAttribute("start", e.Source.Rate.Seconds(e.Source.StartTimecodeFrames + e.InFrame)),
                new XAttribute("duration", e.Source.Rate.Seconds(e.Frames)),
                new XAttribute("tcFormat", e.Source.DropFrame ? "DF" : "NDF"));
            clip.Add(new XElement("note", EdlWriter.Comment(e)));
            spine.Add(clip);
        }
        var total = ranges.Count > 0 ? ranges[^1].Start + ranges[^1].Frames : 0;
        var doc = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XDocumentType("fcpxml", null, null, null),
            new XElement("fcpxml", new XAttribute("version", "1.10"),
                resources,
                new XElement("library",
                    new XElement("event", new XAttribute("name", "matchcut"),
                        new XElement("project", new XAttribute("name", list.Name),
                            new XElement("sequence", new XAttribute("format", sequenceFormat), new XAttribute("duration", rate.Seconds(total)),
                                new XAttribute("tcStart", rate.Seconds(EdlWriter.RecordStart(rate, list.DropFrame))),
                                new XAttribute("tcFormat", list.DropFrame ? "DF" : "NDF"),
                                spine))))));
        using var writer = new Utf8StringWriter();
        doc.Save(writer);
        return writer.ToString();
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
