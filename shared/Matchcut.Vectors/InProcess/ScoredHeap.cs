namespace Matchcut.Vectors.InProcess;

/// <summary>Binary heap of (score, slot) whose top is the lowest score; a bounded one keeps the best <c>capacity</c> seen.</summary>
internal sealed class ScoredHeap
{
    private float[] _scores;
    private int[] _slots;

    public ScoredHeap(int capacity)
    {
        _scores = new float[Math.Max(1, capacity)];
        _slots = new int[Math.Max(1, capacity)];
    }

    public int Count { get; private set; }
    public float MinScore => _scores[0];
    public int MinSlot => _slots[0];

    public void Clear() => Count = 0;

    /// <summary>Keeps the best <paramref name="limit"/> entries: pushes, or replaces the worst when full and better.</summary>
    public void Offer(float score, int slot, int limit)
    {
        if (Count < limit) Push(score, slot);
        else if (score > _scores[0]) ReplaceTop(score, slot);
    }

    public void Push(float score, int slot)
    {
        if (Count == _scores.Length)
        {
            Array.Resize(ref _scores, Count * 2);
            Array.Resize(ref _slots, Count * 2);
        }
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Less(score, slot, _scores[parent], _slots[parent])) break;
            _scores[i] = _scores[parent];
            _slots[i] = _slots[parent];
            i = parent;
        }
        _scores[i] = score;
        _slots[i] = slot;
    }

    public (float Score, int Slot) Pop()
    {
        var top = (_scores[0], _slots[0]);
        Count--;
        if (Count > 0) SiftDown(_scores[Count], _slots[Count]);
        return top;
    }

    private void ReplaceTop(float score, int slot) => SiftDown(score, slot);

    private void SiftDown(float score, int slot)
    {
        var i = 0;
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= Count) break;
            if (child + 1 < Count && Less(_scores[child + 1], _slots[child + 1], _scores[child], _slots[child])) child++;
            if (!Less(_scores[child], _slots[child], score, slot)) break;
            _scores[i] = _scores[child];
            _slots[i] = _slots[child];
            i = child;
        }
        _scores[i] = score;
        _slots[i] = slot;
    }

    // Ties go to the higher slot being "lower" so equal scores resolve the same way in every run.
    private static bool Less(float a, int slotA, float b, int slotB) => a < b || (a == b && slotA > slotB);

    /// <summary>Empties the heap into (score, slot) pairs, best first.</summary>
    public (float Score, int Slot)[] DrainBestFirst()
    {
        var result = new (float, int)[Count];
        for (var i = result.Length - 1; i >= 0; i--) result[i] = Pop();
        return result;
    }
}
