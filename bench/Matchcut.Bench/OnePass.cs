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
    /// <summary>One plain encode and one pass, in the order <paramref name="plainFirst"/> says (alternate it between runs so a
    /// drift in load or cache favours neither), then the rules on the pass's features.</summary>
    public static async Task<(double Plain, double WithAnalysis, double Rules)> RunAsync(MediaOptions media, string input, VideoProbe probe, string scratch,
        bool plainFirst = true)
    {
        Directory.CreateDirectory(scratch);
        var output = Path.Combine(scratch, $"onepass-{Guid.NewGuid():N}.mp4");
        try
        {
            var profile = StandardizedProfile.Current;
            var plain = 0.0;
            if (plainFirst) plain = await PlainAsync();
            var sw = Stopwatch.StartNew();
            var (_, features) = await new StandardizeWithAnalysis(media).RunAsync(input, probe, profile, output, default);
            var onePass = sw.Elapsed.TotalSeconds;
            if (!plainFirst) plain = await PlainAsync();
            sw.Restart();
            new ShotAnalyzer(media).Segment(features, probe);
            return (plain, onePass, sw.Elapsed.TotalSeconds);

            async Task<double> PlainAsync()
            {
                var timer = Stopwatch.StartNew();
                await FfmpegEncode.RunAsync(media, profile.EncodeArguments(probe, input, output, media.Threads), default);
                return timer.Elapsed.TotalSeconds;
            }
        }
        finally
        {
            File.Delete(output);
        }
    }
}
