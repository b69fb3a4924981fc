using System.Globalization;
using System.Text.Json;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace Matchcut.Media;

/// <summary>
/// Probes through FFMpegCore's <see cref="FFProbe"/> and turns its answer, or its refusal, into a <see cref="VideoProbe"/>
/// or a clear rejection. FFMpegCore runs ffprobe with <c>-sexagesimal</c> and its typed <c>Duration</c> keeps only
/// milliseconds, so times, frame rates and the sample aspect are read from its raw stream strings (<c>Analysis.Raw</c>),
/// which carry ffprobe's own microseconds and fractions; nb_frames, which it does not type, from the stream's extension data.
/// Rotation is worked out here from its side data and tags (its <c>VideoStream.Rotation</c> gives the display matrix's
/// counter-clockwise angle, and a <c>rotate</c> tag's meaning differs), so portrait phone clips come out as before.
/// </summary>
public sealed class VideoProber
{
    private readonly FFOptions _ffOptions;

    public VideoProber(MediaOptions options)
    {
        // FFMpegCore finds "ffprobe" in a folder; it cannot run a binary under another name, and it quietly falls back to
        // PATH when the folder lacks one, so a configured path that is not there fails here instead of probing with another.
        var name = Path.GetFileNameWithoutExtension(options.FfprobePath);
        if (!string.Equals(name, "ffprobe", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"Media:FfprobePath must name a binary called ffprobe (FFMpegCore looks it up by that name in its folder); got '{options.FfprobePath}'.");
        var folder = Path.GetDirectoryName(options.FfprobePath);
        if (!string.IsNullOrEmpty(folder) && !File.Exists(options.FfprobePath))
            throw new InvalidOperationException($"ffprobe not found at '{options.FfprobePath}' (Media:FfprobePath). Install ffmpeg (make setup) or fix the setting.");
        _ffOptions = new FFOptions { BinaryFolder = folder ?? "" };
    }

    public async Task<VideoProbe> ProbeAsync(string path, CancellationToken ct = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new MediaRejectedException($"File not found: {path}");
        if (info.Length == 0) throw new MediaRejectedException("The file is empty (0 bytes).");

        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(info.FullName, _ffOptions, ProbeOptions, ct);
        }
        catch (FFProbeProcessException ex) when (ex.StandardError.Any(l => l.Contains(MediaInput.NotOnWhitelist, StringComparison.Ordinal)))
        {
            throw new MediaRejectedException(NotAllowedContainer(info.FullName), ex);
        }
        catch (FFProbeProcessException ex)
        {
            var tail = ex.StandardError.Count == 0 ? "(no output)" : string.Join(" | ", ex.StandardError.TakeLast(12).Select(l => l.Trim()));
            throw new MediaRejectedException($"Not a readable video: ffprobe says {tail}", ex);
        }
        catch (FFProbeException ex)
        {
            throw new MediaRejectedException($"Not a readable video: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new MediaRejectedException($"Not a readable video: ffprobe's answer could not be read ({ex.Message})", ex);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start ffprobe: {ex.Message}. Install ffmpeg (make setup) or set Media__FfprobePath.", ex);
        }

        // The allowlist already held; a demuxer name outside it would mean ffprobe ignored it, so refuse rather than trust it.
        var formatName = analysis.Raw?.Format?.FormatName ?? "";
        if (!formatName.Split(',').Any(f => MediaInput.Demuxers.Split(',').Contains(f)))
            throw new MediaRejectedException($"Not a supported video container: ffprobe read it as '{formatName}' (allowed: {MediaInput.Demuxers}).");

        // The first stream whose type is video: what "-select_streams v:0" picked before.
        var s = analysis.Raw?.Streams?.FirstOrDefault(x => x.CodecType == "video")
            ?? throw new MediaRejectedException("Not a video: the file has no video stream.");
        var format = analysis.Raw!.Format;
        var width = s.Width ?? 0;
        var height = s.Height ?? 0;
        if (width <= 0 || height <= 0) throw new MediaRejectedException("Not a video: the video stream has no picture size.");
        var codec = string.IsNullOrEmpty(s.CodecName) ? "unknown" : s.CodecName;
        var formatDuration = Seconds(format?.Duration);
        if (codec is "mjpeg" or "png" or "bmp" or "gif" && formatDuration is null or 0)
            throw new MediaRejectedException($"Not a video: a still image ({codec}).");

        var duration = Seconds(s.Duration) ?? formatDuration ?? 0;
        var frameRate = Rational(s.FrameRate); // r_frame_rate
        var avg = Rational(s.AvgFrameRate);
        if (frameRate <= 0) frameRate = avg;
        if (frameRate <= 0 || frameRate > 1000) throw new MediaRejectedException("Not a video: no usable frame rate.");

        var timecode = Tag(s.Tags, "timecode") ?? Tag(format?.Tags, "timecode");
        var timecodeProblem = timecode is null ? null : StartTimecode.Problem(timecode, frameRate);
        return new VideoProbe(
            codec, width, height,
            SampleAspect(s.SampleAspectRatio),
            Rotation(s),
            frameRate, avg > 0 ? avg : frameRate,
            duration,
            Seconds(s.StartTime) ?? Seconds(format?.StartTime) ?? 0,
            FrameCount(s),
            info.Length,
            timecodeProblem is null ? timecode : null,
            timecodeProblem is null ? null : $"Ignored the start timecode: {timecodeProblem}; times count from 00:00:00:00.");
    }

    /// <summary>ffprobe's options ahead of the input: local files and the allowed demuxers only (<see cref="MediaInput"/>).</summary>
    private static readonly string ProbeOptions = string.Join(' ', MediaInput.FileOptions);

    private static string NotAllowedContainer(string path) =>
        $"Not a supported video container: {ContainerSniffer.Describe(path) ?? "a format outside the allowed list"} is refused "
        + $"(playlists, concat lists and image sequences could make the decoder read other files; allowed: {MediaInput.Demuxers}).";

    private static int Rotation(FFProbeStream stream)
    {
        double degrees = 0;
        foreach (var side in stream.SideData ?? [])
            if (side.TryGetValue("rotation", out var r) && r is not null && r.TryGetValue<double>(out var d)) degrees = d;
        if (degrees == 0 && Tag(stream.Tags, "rotate") is { } rotate
            && double.TryParse(rotate, NumberStyles.Float, CultureInfo.InvariantCulture, out var tagged))
            degrees = -tagged;
        // ffprobe reports the display matrix's counter-clockwise angle; players rotate clockwise by its negation.
        var clockwise = ((int)Math.Round(-degrees) % 360 + 360) % 360;
        return clockwise;
    }

    private static long? FrameCount(FFProbeStream stream)
    {
        if (stream.ExtensionData is null || !stream.ExtensionData.TryGetValue("nb_frames", out var nb)) return null;
        var text = nb.ValueKind == JsonValueKind.String ? nb.GetString() : nb.GetRawText();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
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

    /// <summary>Reads ffprobe's sexagesimal time ("H:MM:SS.ffffff", what FFMpegCore asks for) or plain seconds.</summary>
    internal static double? Seconds(string? text)
    {
        if (string.IsNullOrEmpty(text) || text == "N/A") return null;
        var negative = text.StartsWith('-');
        double total = 0;
        foreach (var part in text.TrimStart('-').Split(':'))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return null;
            total = total * 60 + v;
        }
        return negative ? -total : total;
    }

    private static string? Tag(IReadOnlyDictionary<string, string>? tags, string name) =>
        tags is not null && tags.TryGetValue(name, out var v) ? v : null;
}
