using Matchcut.Pipeline;

namespace Matchcut.Score;

/// <summary>
/// The K best pairs, kept exactly as offering every pair in scan order to a min-heap of K keeps them (same pairs, same
/// order among ties). A pair enters only while the heap has room or when it beats the worst kept, so a scorer asks
/// <see cref="Wants"/> first and builds a pair only for the few that enter: pairs that cannot enter never touch the heap.
/// </summary>
internal sealed class TopPairQueue(int k)
{
    private readonly PriorityQueue<MatchPair, double> _heap = new(k + 1);
    private double _worst;

    /// <summary>False when no pair can be kept at all (K of zero or less).</summary>
    public bool Keeps => k > 0;

    public bool Wants(double score) => _heap.Count < k || !(score <= _worst);

    public void Add(MatchPair pair, double score)
    {
        _heap.Enqueue(pair, score);
        if (_heap.Count > k) _heap.Dequeue();
        if (_heap.Count == k) _heap.TryPeek(out _, out _worst);
    }

    /// <summary>The kept pairs, best first.</summary>
    public IReadOnlyList<MatchPair> Drain()
    {
        var result = new List<MatchPair>(_heap.Count);
        while (_heap.TryDequeue(out var pair, out _)) result.Add(pair);
        result.Reverse();
        return result;
    }
}
