using System.Collections.Concurrent;
using Matchcut.Analysis.Segmentation;
using Matchcut.Media;

namespace Matchcut.Analysis.Tests;

/// <summary>Analyses each file once per test run, since several tests look at the same footage.</summary>
public static class AnalysisCache
{
    public static readonly MediaOptions Media = new() { Threads = 2 };
    private static readonly ConcurrentDictionary<string, Lazy<Task<ShotAnalysis>>> Results = new();

    public static Task<ShotAnalysis> AnalyzeAsync(string path) =>
        Results.GetOrAdd(path, p => new Lazy<Task<ShotAnalysis>>(() => RunAsync(p))).Value;

    public static async Task<ShotAnalysis> RunAsync(string path, IFrameObserver? observer = null)
    {
        var probe = await new VideoProber(Media).ProbeAsync(path);
        return await new ShotAnalyzer(Media).AnalyzeAsync(path, probe, observer);
    }

    public static string Describe(ShotAnalysis a) =>
        string.Join(", ", a.Boundaries.Select(b => $"{b.Kind}@{b.Frame}[{b.TransitionStart}-{b.TransitionEnd}]"));
}
