using System.Numerics.Tensors;
using Matchcut.Analysis.Segmentation;
using Matchcut.Pipeline;

namespace Matchcut.Dedup;

/// <summary>
/// What dedup compares a shot by, each as single frames spread over the shot: the frame encoder's vectors (what the
/// pictures show; null when the classical descriptor is configured) and the segmenter's colour layouts (how they are
/// framed).
/// </summary>
public sealed record ShotFrames(IReadOnlyList<float[]>? Encoder, IReadOnlyList<float[]> Layouts);

/// <summary>
/// Walks shots in time order and keeps the earliest of each near-duplicate group. A shot is judged on several frames
/// spread over it against several of each earlier shot: another moment of the same setup (A, B, A') shows some of the
/// same pictures, so its frames find close partners there, while a shot that only shares a place or a palette does
/// not. With a frame encoder, what the frames show and how they are framed both count: another framing of the same
/// picture (a closer crop, a pillarboxed copy) shows the same things in another layout, and two different places can
/// share a layout. A duplicate is linked to the earliest shot of its group, whichever member it matched best, so
/// A, B, A', C, A'' links both A' and A'' to A. Blank and too-short shots are dropped first.
/// </summary>
public static class NearDuplicateGrouper
{
    /// <summary>Groups shots described by one kind of frame vector (the similarity is <see cref="Similarity(IReadOnlyList{float[]}, IReadOnlyList{float[]})"/>).</summary>
    public static IReadOnlyList<ShotVerdict> Group(IReadOnlyList<(int Index, double DurationSec, bool Blank)> shots,
        Func<int, IReadOnlyList<float[]>> vectorsOf, DedupOptions options) =>
        Group(shots, i => new ShotFrames(null, vectorsOf(i)), options);

    /// <summary>
    /// Groups shots by <see cref="Similarity(ShotFrames, ShotFrames, DedupOptions)"/> against <see cref="PairThreshold"/>
    /// (<see cref="DedupOptions.Threshold"/>, lowered for two shots that each change over their length); a later shot
    /// joins the group of the earlier shot it clears its threshold by most.
    /// With encoder vectors the layouts of a pair are compared only where they could lift it to the threshold (or past
    /// the best so far), so a kept shot's similarity to its closest earlier shot counts the layouts only where they
    /// were compared (the encoder's share alone elsewhere).
    /// </summary>
    public static IReadOnlyList<ShotVerdict> Group(IReadOnlyList<(int Index, double DurationSec, bool Blank)> shots,
        Func<int, ShotFrames> framesOf, DedupOptions options) =>
        GroupAsync(shots, framesOf, options, null, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="Group(IReadOnlyList{ValueTuple{int, double, bool}}, Func{int, ShotFrames}, DedupOptions)"/>, where a
    /// shot about to be linked to the earlier shot it matched is kept instead when <paramref name="textDiffers"/> says the
    /// two pictures show different text: title cards with other words on one background look alike to every descriptor.
    /// </summary>
    public static async Task<IReadOnlyList<ShotVerdict>> GroupAsync(IReadOnlyList<(int Index, double DurationSec, bool Blank)> shots,
        Func<int, ShotFrames> framesOf, DedupOptions options, Func<int, int, CancellationToken, Task<bool>>? textDiffers, CancellationToken ct)
    {
        var verdicts = new List<ShotVerdict>(shots.Count);
        // Every judged shot so far with the earliest shot of its group and its spread.
        var seen = new List<(int Index, int Root, ShotFrames Frames, double Spread)>();
        foreach (var (index, duration, blank) in shots.OrderBy(s => s.Index))
        {
            if (blank)
            {
                verdicts.Add(new ShotVerdict(index, false, "blank", null, null));
                continue;
            }
            if (duration < options.MinShotSec)
            {
                verdicts.Add(new ShotVerdict(index, false, "too-short", null, null));
                continue;
            }
            var frames = framesOf(index);
            if (frames.Layouts.Count == 0 || frames.Encoder is { Count: 0 })
                throw new ArgumentException($"shot {index} has no frames to compare", nameof(framesOf));
            var spread = Spread(frames, options);
            // The earlier shot this one clears its threshold by most (or misses it by least).
            var best = (Root: -1, Member: -1, Similarity: double.NegativeInfinity, Margin: double.NegativeInfinity);
            foreach (var earlier in seen)
            {
                var threshold = PairThreshold(spread, earlier.Spread, options);
                var similarity = frames.Encoder is { } ea && earlier.Frames.Encoder is { } eb
                    ? Combine(Similarity(ea, eb), frames, earlier.Frames, options, threshold + Math.Max(best.Margin, 0))
                    : Similarity(frames.Layouts, earlier.Frames.Layouts);
                if (similarity - threshold > best.Margin) best = (earlier.Root, earlier.Index, similarity, similarity - threshold);
            }
            if (best.Root >= 0 && best.Margin >= 0 && !(textDiffers is not null && await textDiffers(index, best.Member, ct)))
            {
                seen.Add((index, best.Root, frames, spread));
                verdicts.Add(new ShotVerdict(index, false, "duplicate", best.Root, Math.Round(best.Similarity, 4)));
                continue;
            }
            seen.Add((index, index, frames, spread));
            verdicts.Add(new ShotVerdict(index, true, null, null, best.Root >= 0 ? Math.Round(best.Similarity, 4) : null));
        }
        return verdicts;
    }

    /// <summary>
    /// The similarity two shots must reach to be one setup: <see cref="DedupOptions.Threshold"/>, lowered by
    /// <see cref="DedupOptions.SpreadAllowance"/> times the smaller of their spreads (<see cref="Spread"/>).
    /// </summary>
    public static double PairThreshold(double spreadA, double spreadB, DedupOptions options) =>
        options.Threshold - options.SpreadAllowance * Math.Min(spreadA, spreadB);

    /// <summary>
    /// How much a shot changes over its length: one minus the similarity of its two least alike frames, what they show
    /// (<see cref="DedupOptions.EncoderWeight"/>) and their layouts, unshifted, weighted as a pair of shots is. A camera
    /// move or a subject leaving the picture makes it large; a still shot's is near 0. Zero without encoder vectors
    /// (the layouts alone judge then, with a fixed threshold).
    /// </summary>
    public static double Spread(ShotFrames frames, DedupOptions options)
    {
        if (frames.Encoder is not { } encoder) return 0;
        var w = options.EncoderWeight;
        return 1 - (w * LeastAlike(encoder) + (1 - w) * LeastAlike(frames.Layouts));
    }

    // The cosine of the two least alike vectors of one shot (1 for a single one).
    private static double LeastAlike(IReadOnlyList<float[]> vectors)
    {
        var least = 1.0;
        for (var i = 0; i < vectors.Count; i++)
            for (var j = i + 1; j < vectors.Count; j++)
            {
                double c = TensorPrimitives.CosineSimilarity(vectors[i], vectors[j]);
                least = Math.Min(least, double.IsNaN(c) ? 0 : c);
            }
        return least;
    }

    /// <summary>
    /// How alike two shots are: with encoder vectors on both, <see cref="DedupOptions.EncoderWeight"/> of what their
    /// frames show and the rest of how those are laid out, the layouts compared under small shifts
    /// (<see cref="ShiftedLayoutSimilarity"/>), or those layouts alone where they match better and the encoder's
    /// similarity is at least <see cref="DedupOptions.LayoutsAloneFrom"/>; the layouts alone, unshifted, otherwise.
    /// </summary>
    public static double Similarity(ShotFrames a, ShotFrames b, DedupOptions options) =>
        a.Encoder is { } ea && b.Encoder is { } eb
            ? Combine(Similarity(ea, eb), a, b, options, double.NegativeInfinity)
            : Similarity(a.Layouts, b.Layouts);

    // The encoder's share plus the layouts', or the layouts alone where they match better and the encoder finds the two
    // related (DedupOptions.LayoutsAloneFrom). The layouts' part costs the most (every frame pair at every shift), so it
    // is skipped when even identical layouts could not lift the pair to `needed`: the result is then a bound below it.
    private static double Combine(double encoder, ShotFrames a, ShotFrames b, DedupOptions options, double needed)
    {
        var w = options.EncoderWeight;
        var alone = encoder >= options.LayoutsAloneFrom;
        if (!alone && w * encoder + (1 - w) < needed) return w * encoder;
        var layouts = ShiftedLayoutSimilarity(a.Layouts, b.Layouts, options.LayoutShiftColumns, options.LayoutShiftRows);
        var blend = w * encoder + (1 - w) * layouts;
        return alone ? Math.Max(blend, layouts) : blend;
    }

    /// <summary>
    /// <see cref="Similarity(IReadOnlyList{float[]}, IReadOnlyList{float[]})"/> of two shots' frame layouts where each
    /// frame pair counts at its best relative shift of up to <paramref name="columns"/> and <paramref name="rows"/>
    /// grid cells (the cosine over the cells the two share at that shift). Another moment of one setup is often the
    /// same picture moved: the camera tilted or panned between the two moments, and unshifted layouts of the two then
    /// share nothing although every edge is there. Another framing of one shot (a crop) is the picture scaled, which no
    /// shift recovers. Sideways shifts are kept small: the one sharp edge of a pillarbox lines up with another's.
    /// Vectors that are not single-frame layouts of the segmenter's grid are compared unshifted.
    /// </summary>
    public static double ShiftedLayoutSimilarity(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b, int columns, int rows)
    {
        if (a.Concat(b).Any(v => v.Length != FrameLayout.Length)) return Similarity(a, b);
        var ga = a.Select(FrameLayout.From).ToList();
        var gb = b.Select(FrameLayout.From).ToList();
        var pairs = new double[ga.Count, gb.Count];
        for (var i = 0; i < ga.Count; i++)
            for (var j = 0; j < gb.Count; j++)
            {
                var best = 0.0;
                for (var dy = -rows; dy <= rows; dy++)
                    for (var dx = -columns; dx <= columns; dx++)
                        best = Math.Max(best, FrameLayout.Cosine(ga[i], gb[j], dx, dy));
                pairs[i, j] = best;
            }
        return UpperHalfOfClosest(pairs);
    }

    /// <summary>
    /// How closely two shots share pictures: each frame of either shot takes its closest frame of the other, and the
    /// better-matched half of those counts (the mean of the upper half). Another moment of one setup matches well over
    /// the part where the pictures overlap; one shot vector each reduces to their plain cosine.
    /// </summary>
    public static double Similarity(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        var pairs = new double[a.Count, b.Count];
        for (var i = 0; i < a.Count; i++)
            for (var j = 0; j < b.Count; j++)
            {
                double c = TensorPrimitives.CosineSimilarity(a[i], b[j]);
                pairs[i, j] = double.IsNaN(c) ? 0 : c; // a flat frame has no layout to share
            }
        return UpperHalfOfClosest(pairs);
    }

    // Each frame of either shot takes its closest frame of the other; the mean of the better half of those.
    private static double UpperHalfOfClosest(double[,] pairs)
    {
        int n = pairs.GetLength(0), m = pairs.GetLength(1);
        var closest = new List<double>(n + m);
        for (var i = 0; i < n; i++)
        {
            var best = double.NegativeInfinity;
            for (var j = 0; j < m; j++) best = Math.Max(best, pairs[i, j]);
            closest.Add(best);
        }
        for (var j = 0; j < m; j++)
        {
            var best = double.NegativeInfinity;
            for (var i = 0; i < n; i++) best = Math.Max(best, pairs[i, j]);
            closest.Add(best);
        }
        closest.Sort();
        return closest.Skip(closest.Count / 2).Average();
    }
}
