using System.Security.Cryptography;
using System.Text.Json;
using Matchcut.Analysis.Segmentation;
using Matchcut.Media;

namespace Matchcut.Analysis.Tests;

/// <summary>
/// The pipeline segments from features stored by StandardizedEncode's decode: they must survive storage, equal what a
/// standalone analysis decode computes, and that shared decode must leave the standardized encode exactly as it was.
/// </summary>
public class SegmentationFeaturesTests
{
    private static readonly MediaOptions Media = AnalysisCache.Media;

    [Theory]
    [InlineData("testvideo.mp4")]
    [InlineData("goldeneye-vfr-drop3.mp4")]
    [InlineData("issue-134-rotate.mp4")]
    [InlineData("issue-195-aspect-ratio.mp4")]
    public async Task Stored_features_segment_exactly_as_the_features_they_were_written_from(string name)
    {
        var path = TestMedia.File(name);
        var probe = await new VideoProber(Media).ProbeAsync(path);
        var analyzer = new ShotAnalyzer(Media);
        var features = await analyzer.ExtractAsync(path, probe);

        using var stored = new MemoryStream();
        await features.WriteAsync(stored);
        stored.Position = 0;
        var read = await SegmentationFeatures.ReadAsync(stored);

        Assert.Equal(stored.Length, stored.Position);
        Assert.Equal(features.Pts, read.Pts);
        Assert.Equal((features.Width, features.Height), (read.Width, read.Height));
        var expected = analyzer.Segment(features, probe);
        Assert.NotEmpty(expected.Shots);
        Assert.Equal(Json(expected), Json(analyzer.Segment(read, probe)));
        // Features of about 470 bytes a frame, not pictures.
        Assert.True(stored.Length < 600L * features.FrameCount, $"{stored.Length} bytes for {features.FrameCount} frames");
    }

    [Fact]
    public async Task Features_written_with_another_layout_are_refused_naming_both_layouts()
    {
        var path = TestMedia.File("counter.mp4");
        var probe = await new VideoProber(Media).ProbeAsync(path);
        var features = await new ShotAnalyzer(Media).ExtractAsync(path, probe);
        using var stored = new MemoryStream();
        await features.WriteAsync(stored);
        var bytes = stored.ToArray();
        // The layout text follows the fixed header (8-byte magic, six int32s); its first field name starts with 'M'.
        var layoutStart = 8 + 6 * sizeof(int);
        Assert.Equal((byte)'M', bytes[layoutStart]);
        bytes[layoutStart] = (byte)'X';

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SegmentationFeatures.ReadAsync(new MemoryStream(bytes)));
        Assert.Contains("XeanLuma", error.Message);
        Assert.Contains("Recompute", error.Message);
        var truncated = await Assert.ThrowsAsync<InvalidDataException>(() => SegmentationFeatures.ReadAsync(new MemoryStream(stored.ToArray()[..^100])));
        Assert.Contains("truncated", truncated.Message);
    }

    [Theory]
    [InlineData("goldeneye-vfr-drop3.mp4")]
    [InlineData("issue-134-rotate.mp4")]
    [InlineData("issue-195-aspect-ratio.mp4")]
    [InlineData("testvideo.mp4")]
    [InlineData("delayed_start.mp4")]
    public async Task The_decode_shared_with_the_standardized_encode_gives_the_standalone_features_and_the_same_encode(string name)
    {
        var path = TestMedia.File(name);
        var probe = await new VideoProber(Media).ProbeAsync(path);
        var profile = StandardizedProfile.Current;
        var folder = Directory.CreateTempSubdirectory("matchcut-onepass-").FullName;
        try
        {
            var plainOutput = Path.Combine(folder, "plain.mp4");
            var plainPts = await FfmpegEncode.RunAsync(Media, profile.EncodeArguments(probe, path, plainOutput, Media.Threads), default);
            var sharedOutput = Path.Combine(folder, "shared.mp4");
            var (pts, shared) = await new StandardizeWithAnalysis(Media).RunAsync(path, probe, profile, sharedOutput, default);

            // The standardized encode is the one the plain command makes: the same pictures at the same times (every
            // decoded frame's checksum and time), with the same source times. The files are normally byte for byte the
            // same too; when they are not, the frames say whether the pictures or only the container differ.
            if (Sha256(plainOutput) != Sha256(sharedOutput))
            {
                var (plainFrames, sharedFrames) = (await FrameChecksums(plainOutput), await FrameChecksums(sharedOutput));
                var first = plainFrames.Zip(sharedFrames).TakeWhile(f => f.First == f.Second).Count();
                Assert.True(plainFrames.SequenceEqual(sharedFrames),
                    $"the encodes differ in their pictures from frame {first} of {plainFrames.Count}/{sharedFrames.Count}: "
                    + $"{plainFrames.ElementAtOrDefault(first)} vs {sharedFrames.ElementAtOrDefault(first)}");
            }
            Assert.Equal(plainPts, pts);
            Assert.Equal(pts, shared.Pts);

            // The standalone analysis decode computes the same features, frame for frame...
            var analyzer = new ShotAnalyzer(Media);
            var standalone = await analyzer.ExtractAsync(path, probe);
            Assert.Equal(standalone.FrameCount, shared.FrameCount);
            Assert.Equal((standalone.Width, standalone.Height), (shared.Width, shared.Height));
            for (var i = 0; i < standalone.FrameCount; i++)
            {
                Assert.Equal(standalone.Frames[i], shared.Frames[i]);
                Assert.True(standalone.Frames.Grid(i).SequenceEqual(shared.Frames.Grid(i)), $"grid of frame {i}");
            }
            // ...so the boundaries and shots are frame-exact the same. Times count from the first frame: the encode
            // runs without -copyts, so a file starting late reports its first frame at 0 there, and the differences
            // agree to rounding.
            var a = analyzer.Segment(standalone, probe);
            var b = analyzer.Segment(shared, probe);
            Assert.Equal(Json(a.Boundaries), Json(b.Boundaries));
            Assert.Equal(Json(a.Shots), Json(b.Shots));
            Assert.Equal(a.FrameTimes.Length, b.FrameTimes.Length);
            Assert.All(a.FrameTimes.Zip(b.FrameTimes), t => Assert.Equal(t.First, t.Second, 9));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Times and means rounded to 9 digits: a file starting late gives the same times as differences of other numbers.
    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { Converters = { new RoundedDouble() } };

    private sealed class RoundedDouble : System.Text.Json.Serialization.JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            writer.WriteStringValue(double.IsFinite(value) ? Math.Round(value, 9).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // ffmpeg's framemd5 of the video stream: one "stream, dts, pts, duration, size, md5" line per decoded frame.
    private static async Task<List<string>> FrameChecksums(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0", "-f", "framemd5", "-" }) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = (await process.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#')).ToList();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"framemd5 of {path}: {await stderr}");
        Assert.NotEmpty(lines);
        return lines;
    }

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file));
    }
}
