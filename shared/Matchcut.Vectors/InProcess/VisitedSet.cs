namespace Matchcut.Vectors.InProcess;

/// <summary>Marks slots seen during one graph walk; a generation stamp makes clearing O(1), and one set per thread avoids per-query allocation.</summary>
internal sealed class VisitedSet
{
    [ThreadStatic] private static VisitedSet? _perThread;

    private int[] _stamps = [];
    private int _generation;

    public static VisitedSet ForThisThread(int capacity)
    {
        var set = _perThread ??= new VisitedSet();
        set.Reset(capacity);
        return set;
    }

    private void Reset(int capacity)
    {
        if (_stamps.Length < capacity)
        {
            _stamps = new int[Math.Max(capacity, _stamps.Length * 2)];
            _generation = 0;
        }
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }

    /// <summary>True the first time a slot is seen in this walk.</summary>
    public bool TryVisit(int slot)
    {
        if (_stamps[slot] == _generation) return false;
        _stamps[slot] = _generation;
        return true;
    }
}
