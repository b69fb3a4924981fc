using Matchcut.Analysis.Segmentation;

namespace Matchcut.Analysis.Tests;

/// <summary>Checks boundaries against TRUTH.md ranges, reporting everything found when they disagree.</summary>
public static class TruthAssertions
{
    public static void HardCutsExactly(ShotAnalysis analysis, params int[] cuts)
    {
        var found = AnalysisCache.Describe(analysis);
        Assert.True(analysis.Boundaries.Count == cuts.Length, $"expected cuts {string.Join(",", cuts)}, found {found}");
        foreach (var cut in cuts)
            Assert.True(analysis.Boundaries.Any(b => b.Kind == TransitionKind.Cut && Math.Abs(b.Frame - cut) <= 1), $"no cut at {cut}±1: {found}");
    }

    public static void OneBoundaryIn(ShotAnalysis analysis, int first, int last, int slack = 2)
    {
        var inside = analysis.Boundaries.Count(b => b.Frame >= first - slack && b.Frame <= last + slack);
        Assert.True(inside == 1, $"expected one boundary in [{first},{last}]±{slack}, found {AnalysisCache.Describe(analysis)}");
    }
}
