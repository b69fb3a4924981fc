namespace Matchcut.Analysis.Segmentation;

/// <summary>Finds black frames and the runs they form, trimmed to the black plateau so fade ramps stay outside.</summary>
internal sealed class BlackFrameClassifier(SegmentationOptions options)
{
    public bool IsBlack(FrameStats s) => s.MeanLuma <= options.BlackMeanLuma && s.BrightLuma <= options.BlackBrightLuma;

    /// <summary>Near-uniform frames (black, white or flat colour cards) carry nothing to match on.</summary>
    public bool IsBlank(FrameStats s) => IsBlack(s) || s.LumaStd <= options.BlankLumaStd;

    /// <summary>Runs of black frames as [First, Last], each trimmed to the frames at its plateau level.</summary>
    public List<(int First, int Last)> FindRuns(FrameFeatureStore frames)
    {
        var runs = new List<(int, int)>();
        var i = 0;
        while (i < frames.Count)
        {
            if (!IsBlack(frames[i])) { i++; continue; }
            var first = i;
            while (i < frames.Count && IsBlack(frames[i])) i++;
            runs.Add(Plateau(frames, first, i - 1));
        }
        return runs;
    }

    // The dark end of a fade already passes the black test; the boundary belongs where the picture stops changing.
    private (int, int) Plateau(FrameFeatureStore frames, int first, int last)
    {
        var lumas = new float[last - first + 1];
        for (var i = first; i <= last; i++) lumas[i - first] = frames.Luma(i);
        Array.Sort(lumas);
        var level = lumas[lumas.Length / 2] + options.BlackPlateauMargin;
        var a = first;
        while (a < last && frames.Luma(a) > level) a++;
        var b = last;
        while (b > a && frames.Luma(b) > level) b--;
        return (a, b);
    }
}
