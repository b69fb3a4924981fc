using System.Globalization;

namespace Matchcut.Media;

/// <summary>
/// A set of decoded frame numbers as ascending, disjoint runs of consecutive frames, and the ffmpeg <c>select</c>
/// expression that passes exactly those frames (by <c>n</c>, the decoded frame's number from 0). Selecting before any
/// conversion leaves each passed frame's pixels as they are in a full decode: scaling and pixel-format conversion work
/// frame by frame.
/// </summary>
public sealed class FrameSelection
{
    private readonly List<(int First, int Last)> _runs;

    private FrameSelection(List<(int First, int Last)> runs) => _runs = runs;

    /// <summary>The runs, ascending and neither overlapping nor touching.</summary>
    public IReadOnlyList<(int First, int Last)> Runs => _runs;

    /// <summary>How many frames the selection passes.</summary>
    public int Count => _runs.Sum(r => r.Last - r.First + 1);

    /// <summary>The frames of <paramref name="ranges"/> (each First..Last inclusive; in any order, overlapping or not). Negative frames are an error.</summary>
    public static FrameSelection Of(IEnumerable<(int First, int Last)> ranges)
    {
        var sorted = ranges.Where(r => r.Last >= r.First).OrderBy(r => r.First).ToList();
        if (sorted.Count > 0 && sorted[0].First < 0) throw new ArgumentOutOfRangeException(nameof(ranges), $"Frame {sorted[0].First} is negative.");
        var runs = new List<(int First, int Last)>();
        foreach (var r in sorted)
        {
            if (runs.Count > 0 && r.First <= runs[^1].Last + 1) runs[^1] = (runs[^1].First, Math.Max(runs[^1].Last, r.Last));
            else runs.Add(r);
        }
        return new FrameSelection(runs);
    }

    /// <summary>Single frames, in any order, repeats allowed.</summary>
    public static FrameSelection Of(IEnumerable<int> frames) => Of(frames.Select(f => (f, f)));

    /// <summary>The selected frame numbers in ascending order: the i-th frame a selecting decode puts out is the i-th of these.</summary>
    public IEnumerable<int> Frames()
    {
        foreach (var (first, last) in _runs)
            for (var k = first; k <= last; k++) yield return k;
    }

    /// <summary>
    /// ffmpeg's select expression, true for exactly the selected frames: a balanced tree of comparisons on the runs'
    /// starts, so each decoded frame costs a few comparisons however many runs there are.
    /// </summary>
    public string Expression()
    {
        if (_runs.Count == 0) return "0";
        string Leaf((int First, int Last) r) => r.First == r.Last
            ? string.Create(CultureInfo.InvariantCulture, $"eq(n,{r.First})")
            : string.Create(CultureInfo.InvariantCulture, $"between(n,{r.First},{r.Last})");
        string Tree(int lo, int hi) => hi - lo == 1
            ? Leaf(_runs[lo])
            : string.Create(CultureInfo.InvariantCulture, $"if(lt(n,{_runs[(lo + hi) / 2].First}),{Tree(lo, (lo + hi) / 2)},{Tree((lo + hi) / 2, hi)})");
        return Tree(0, _runs.Count);
    }

    /// <summary>The select filter (commas inside the expression escaped for a filter chain).</summary>
    public string Filter() => $"select='{Expression()}'";
}
