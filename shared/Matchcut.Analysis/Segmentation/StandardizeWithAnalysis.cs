using Matchcut.Media;

namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// The standardized encode and the segmentation features from one decode of the source: one ffmpeg whose filter
/// graph scales each frame once and splits it, one branch to the profile's encode, the other to small RGB frames
/// read here frame by frame (<see cref="StandardizedProfile.EncodeWithAnalysisArguments"/>).
/// </summary>
public sealed class StandardizeWithAnalysis(MediaOptions media, SegmentationOptions? options = null)
{
    private readonly SegmentationOptions _options = options ?? new SegmentationOptions();

    /// <summary>
    /// Encodes <paramref name="input"/> to <paramref name="profile"/> into <paramref name="output"/> and returns each
    /// source frame's presentation time (ffmpeg's, without <c>-copyts</c>, as the plain encode reports them) with the
    /// features of every frame; <c>frames</c>, when given, is told how many source frames are done so far. Corrupt or
    /// undecodable input throws <see cref="MediaRejectedException"/>.
    /// </summary>
    public async Task<(double[] Pts, SegmentationFeatures Features)> RunAsync(string input, VideoProbe probe, StandardizedProfile profile,
        string output, CancellationToken ct, IProgress<int>? frames = null)
    {
        if (profile.Height != StandardizedProfile.Current.Height)
            throw new ArgumentException($"Segmentation features are defined on {StandardizedProfile.Current.Name}'s {StandardizedProfile.Current.Height}-line scale; profile {profile.Name} has {profile.Height}.");
        var (width, height) = probe.SizeForWidth(_options.AnalysisWidth);
        var features = new FeatureAccumulator(width, height);
        var arguments = profile.EncodeWithAnalysisArguments(probe, input, output, media.Threads, width, height);
        await using (var reader = RawFrameReader.Start(media, arguments, width, height, RawPixelFormat.Rgb24))
        {
            // Read and extract on the reader's own thread: the encode keeps every core busy.
            await reader.ReadAllAsync((_, frame) =>
            {
                features.Add(frame);
                frames?.Report(features.Count);
            }, ct);
            await reader.CompleteAsync(ct);
            var pts = reader.Timestamps.ToArray();
            if (pts.Length != features.Count)
                throw new InvalidOperationException($"ffmpeg logged {pts.Length} frame times for {features.Count} analysis frames.");
            return (pts, features.Complete(pts, probe.FrameRate));
        }
    }
}
