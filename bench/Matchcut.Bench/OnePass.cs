using System.Diagnostics;
using Matchcut.Analysis.Segmentation;
using Matchcut.Media;

namespace Matchcut.Bench;

/// <summary>
/// The standardized encode alone against the pipeline's one pass (the same encode with the analysis frames split off its
/// decode), and the boundary rules run on the features that pass stored (what ShotSegment runs; it decodes nothing).
/// </summary>
public static class OnePass
{
    public static async Task<(double Plain, double WithAnalysis, double Rules)> RunAsync(MediaOptions media, string input, VideoProbe probe, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var output = Path.Combine(scratch, $"onepass-{Guid.NewGuid():N}.mp4");
        try
        {
            var profile = StandardizedProfile.V1;
            var sw = Stopwatch.StartNew();
            await FfmpegEncode.RunAsync(media, profile.EncodeArguments(probe, input, output, media.Threads), default);
            var plain = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var (_, features) = await new StandardizeWithAnalysis(media).RunAsync(input, probe, profile, output, default);
            var onePass = sw.Elapsed.TotalSeconds;
            sw.Restart();
            new ShotAnalyzer(media).Segment(features, probe);
            return (plain, onePass, sw.Elapsed.TotalSeconds);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
