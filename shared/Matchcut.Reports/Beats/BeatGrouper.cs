namespace Matchcut.Reports.Beats;

/// <summary>
/// Groups a sequence of shot labels into beats with a sliding window of three: when the window's labels all differ,
/// its first shot is a beat of its own; otherwise the window's majority label opens a beat that grows while each next
/// window (one shot further) has the same majority. A beat starts and ends on a shot with its label, so a single
/// different shot inside it (a cutaway) stays in it while one at its edge starts the next beat.
/// </summary>
public static class BeatGrouper
{
    /// <summary>The label of a shot with no tag.</summary>
    public const string NoLabel = "none";

    public const int Window = 3;

    /// <summary>Each beat as [First, Last] positions in <paramref name="labels"/> and its label, in order; together they cover every position once.</summary>
    public static IReadOnlyList<(int First, int Last, string Label)> Group(IReadOnlyList<string> labels)
    {
        var beats = new List<(int, int, string)>();
        var i = 0;
        while (i < labels.Count)
        {
            var majority = Majority(labels, i);
            if (majority is null)
            {
                beats.Add((i, i, labels[i]));
                i++;
                continue;
            }
            var end = Math.Min(i + Window, labels.Count) - 1;
            for (var j = i + 1; j + Window <= labels.Count && Majority(labels, j) == majority; j++) end = j + Window - 1;
            var first = i;
            for (; labels[first] != majority; first++) beats.Add((first, first, labels[first]));
            while (labels[end] != majority) end--;
            beats.Add((first, end, majority));
            i = end + 1;
        }
        return beats;
    }

    /// <summary>The label held by at least two of the window starting at <paramref name="start"/>, or null when all differ.</summary>
    private static string? Majority(IReadOnlyList<string> labels, int start)
    {
        var end = Math.Min(start + Window, labels.Count);
        for (var a = start; a < end; a++)
            for (var b = a + 1; b < end; b++)
                if (labels[a] == labels[b]) return labels[a];
        return null;
    }

    /// <summary>A shot's dominant label: its strongest tag (ties by name), or <see cref="NoLabel"/>.</summary>
    public static string DominantLabel(IReadOnlyDictionary<string, double>? tags) =>
        tags is { Count: > 0 }
            ? tags.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).First().Key
            : NoLabel;
}
