using System.Globalization;
using System.Text.Json;

namespace Matchcut.Media;

/// <summary>Runs ffprobe and turns its answer, or its refusal, into a <see cref="VideoProbe"/> or a clear rejection.</summary>
public sealed class VideoProber(MediaOptions options)
{
    public async Task<VideoProbe> ProbeAsync(string path, CancellationToken ct = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new MediaRejectedException($"File not found: {path}");
        if (info.Length == 0) throw new MediaRejectedException("The file is empty (0 bytes).");

        string json;
        try
        {
            json = await ToolProcess.RunAsync(options.FfprobePath,
                ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-select_streams", "v:0", path], ct);
        }
        catch (MediaProcessException ex)
        {
            throw new MediaRejectedException($"Not a readable video: ffprobe says {ex.StderrTail}", ex);
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (!root.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
            throw new MediaRejectedException("Not a video: the file has no video stream.");
        var s = streams[0];
        var format = root.GetProperty("format");
        var width = s.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        var height = s.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        if (width <= 0 || height <= 0) throw new MediaRejectedException("Not a video: the video stream has no picture size.");
        var codec = Str(s, "codec_name") ?? "unknown";
        if (codec is "mjpeg" or "png" or "bmp" or "gif" && Num(format, "duration") is null or 0)
            throw new MediaRejectedException($"Not a video: a still image ({codec}).");

        var duration = Num(s, "duration") ?? Num(format, "duration") ?? 0;
        var frameRate = Rational(Str(s, "r_frame_rate"));
        var avg = Rational(Str(s, "avg_frame_rate"));
        if (frameRate <= 0) frameRate = avg;
        if (frameRate <= 0 || frameRate > 1000) throw new MediaRejectedException("Not a video: no usable frame rate.");

        return new VideoProbe(
            codec, width, height,
            SampleAspect(Str(s, "sample_aspect_ratio")),
            Rotation(s),
            frameRate, avg > 0 ? avg : frameRate,
            duration,
            Num(s, "start_time") ?? Num(format, "start_time") ?? 0,
            long.TryParse(Str(s, "nb_frames"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            info.Length,
            Tag(s, "timecode") ?? Tag(format, "timecode"));
    }

    private static int Rotation(JsonElement stream)
    {
        double degrees = 0;
        if (stream.TryGetProperty("side_data_list", out var sides))
        {
            foreach (var side in sides.EnumerateArray())
                if (side.TryGetProperty("rotation", out var r)) degrees = r.GetDouble();
        }
        if (degrees == 0 && stream.TryGetProperty("tags", out var tags) && tags.TryGetProperty("rotate", out var rotate))
            degrees = -double.Parse(rotate.GetString()!, CultureInfo.InvariantCulture);
        // ffprobe reports the display matrix's counter-clockwise angle; players rotate clockwise by its negation.
        var clockwise = ((int)Math.Round(-degrees) % 360 + 360) % 360;
        return clockwise;
    }

    private static double SampleAspect(string? sar)
    {
        var v = Rational(sar?.Replace(':', '/'));
        return v > 0 ? v : 1;
    }

    private static double Rational(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var parts = text.Split('/');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            return b == 0 ? 0 : a / b;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }

    private static string? Tag(JsonElement e, string name) =>
        e.TryGetProperty("tags", out var tags) && tags.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    private static double? Num(JsonElement e, string name) =>
        double.TryParse(Str(e, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
