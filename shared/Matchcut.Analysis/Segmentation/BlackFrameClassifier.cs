namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// Finds black frames and white ones (the middle of a fade or dip through white) and the runs they form, trimmed to
/// the plateau so fade ramps stay outside.
/// </summary>
internal sealed class BlackFrameClassifier(SegmentationOptions options)
{
    public bool IsBlack(FrameStats s) => s.MeanLuma <= options.BlackMeanLuma && s.BrightLuma <= options.BlackBrightLuma;

    /// <summary>A white frame: bright and flat (a white card with words on it is not flat).</summary>
    public bool IsWhite(FrameStats s) => s.MeanLuma >= options.WhiteMeanLuma && s.LumaStd <= options.BlankLumaStd;

    /// <summary>Near-uniform frames (black, white or flat colour cards) carry nothing to match on.</summary>
    public bool IsBlank(FrameStats s) => IsBlack(s) || s.LumaStd <= options.BlankLumaStd;

    /// <summary>Runs of black frames and runs of white frames as [First, Last], each trimmed to the frames at its plateau level.</summary>
    public List<(int First, int Last, bool White)> FindRuns(FrameFeatureStore frames)
    {
        var runs = new List<(int, int, bool)>();
        var i = 0;
        while (i < frames.Count)
        {
            var white = IsWhite(frames[i]);
            if (!white && !IsBlack(frames[i])) { i++; continue; }
            var first = i;
            while (i < frames.Count && (white ? IsWhite(frames[i]) : IsBlack(frames[i]))) i++;
            var (a, b) = Plateau(frames, first, i - 1, white);
            runs.Add((a, b, white));
        }
        return runs;
    }

    // The dark (or bright) end of a fade already passes the test; the boundary belongs where the picture stops changing.
    private (int, int) Plateau(FrameFeatureStore frames, int first, int last, bool white)
    {
        var sign = white ? -1 : 1;
        var lumas = new float[last - first + 1];
        for (var i = first; i <= last; i++) lumas[i - first] = sign * frames.Luma(i);
        Array.Sort(lumas);
        var level = lumas[lumas.Length / 2] + options.BlackPlateauMargin;
        var a = first;
        while (a < last && sign * frames.Luma(a) > level) a++;
        var b = last;
        while (b > a && sign * frames.Luma(b) > level) b--;
        return (a, b);
    }
}
