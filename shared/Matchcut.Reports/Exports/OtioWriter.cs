using System.Text.Json;
using System.Text.Json.Nodes;

namespace Matchcut.Reports.Exports;

/// <summary>
/// OpenTimelineIO JSON (Timeline.1): one video track of clips end to end, each an ExternalReference to its source file
/// with its available range, and a source range in the file's own timecode frames at its exact rate.
/// </summary>
public static class OtioWriter
{
    public static string Write(CutList list)
    {
        var clips = new JsonArray();
        foreach (var e in list.Events)
        {
            var src = e.Source;
            var meta = new JsonObject { ["shotId"] = e.ShotId, ["shot"] = e.Shot, ["titleId"] = e.TitleId };
            if (e.Pair is { } pair)
            {
                meta["pair"] = pair;
                meta["role"] = e.Role;
                meta["flavour"] = e.Flavour;
                meta["score"] = e.Score;
            }
            clips.Add(new JsonObject
            {
                ["OTIO_SCHEMA"] = "Clip.1",
                ["name"] = e.Name,
                ["source_range"] = Range(src.StartTimecodeFrames + e.InFrame, e.Frames, src.Rate),
                ["media_reference"] = new JsonObject
                {
                    ["OTIO_SCHEMA"] = "ExternalReference.1",
                    ["name"] = src.Name,
                    ["target_url"] = Url(src.Uri),
                    ["available_range"] = Range(src.StartTimecodeFrames, src.FrameCount, src.Rate),
                    ["metadata"] = new JsonObject(),
                },
                ["effects"] = new JsonArray(),
                ["markers"] = new JsonArray(),
                ["enabled"] = true,
                ["metadata"] = new JsonObject { ["matchcut"] = meta },
            });
        }
        var timeline = new JsonObject
        {
            ["OTIO_SCHEMA"] = "Timeline.1",
            ["name"] = list.Name,
            ["global_start_time"] = Time(EdlWriter.RecordStart(list.Rate, list.DropFrame), list.Rate),
            ["metadata"] = new JsonObject(),
            ["tracks"] = new JsonObject
            {
                ["OTIO_SCHEMA"] = "Stack.1",
                ["name"] = "tracks",
                ["source_range"] = null,
                ["effects"] = new JsonArray(),
                ["markers"] = new JsonArray(),
                ["enabled"] = true,
                ["metadata"] = new JsonObject(),
                ["children"] = new JsonArray(new JsonObject
                {
                    ["OTIO_SCHEMA"] = "Track.1",
                    ["name"] = "V1",
                    ["kind"] = "Video",
                    ["source_range"] = null,
                    ["effects"] = new JsonArray(),
                    ["markers"] = new JsonArray(),
                    ["enabled"] = true,
                    ["metadata"] = new JsonObject(),
                    ["children"] = clips,
                }),
            },
        };
        return timeline.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A file path as a file:// URL; URLs stay as they are.</summary>
    public static string Url(string uri) => Path.IsPathRooted(uri) ? new Uri(uri).AbsoluteUri : uri;

    private static JsonObject Range(long start, long frames, FrameRate rate) => new()
    {
        ["OTIO_SCHEMA"] = "TimeRange.1",
        ["start_time"] = Time(start, rate),
        ["duration"] = Time(frames, rate),
    };

    private static JsonObject Time(long frames, FrameRate rate) => new()
    {
        ["OTIO_SCHEMA"] = "RationalTime.1",
        ["rate"] = rate.Fps,
        ["value"] = (double)frames,
    };
}
