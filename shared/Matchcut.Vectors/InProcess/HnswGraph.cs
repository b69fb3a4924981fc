using System.Numerics.Tensors;

namespace Matchcut.Vectors.InProcess;

/// <summary>
/// Hierarchical navigable small world graph over the slots of one <see cref="VectorStore"/> (Malkov and Yashunin, 2016).
/// Similarity is the dot product of normalized vectors, so higher is closer throughout.
/// </summary>
internal sealed partial class HnswGraph
{
    private const int MaxLevel = 16;
    private readonly VectorStore _vectors;
    private readonly int _m;
    private readonly int _m0;
    private readonly int _efConstruction;
    private readonly double _levelFactor;
    private readonly Random _random;
    // Inserts run under the index's write lock and searches under its read lock, so the graph needs no locks of its own.
    private int[] _links0 = [];
    private int[]?[] _upperLinks = [];
    private int[] _levels = [];
    private int _entryPoint = -1;
    private int _topLevel = -1;
    private int _nodeCount;

    public HnswGraph(VectorStore vectors, HnswOptions options)
    {
        _vectors = vectors;
        _m = Math.Max(2, options.M);
        _m0 = 2 * _m;
        _efConstruction = Math.Max(_m, options.EfConstruction);
        _levelFactor = 1 / Math.Log(_m);
        _random = new Random(options.Seed);
    }

    public int NodeCount => _nodeCount;
    private int Stride0 => _m0 + 1;
    private int StrideUpper => _m + 1;

    /// <summary>Links the slots into the graph; their vectors must already be in the store.</summary>
    public void Add(IReadOnlyList<int> slots)
    {
        if (slots.Count == 0) return;
        EnsureCapacity(slots.Max() + 1);
        foreach (var slot in slots)
        {
            var level = Math.Min(MaxLevel, (int)(-Math.Log(1 - _random.NextDouble()) * _levelFactor));
            _levels[slot] = level;
            _links0[slot * Stride0] = 0;
            _upperLinks[slot] = level > 0 ? new int[level * StrideUpper] : null;
        }
        var start = 0;
        if (_entryPoint < 0) Insert(slots[start++]);
        // One at a time: parallel inserts gained little on two cores, and pool work under the index lock can deadlock.
        for (var i = start; i < slots.Count; i++) Insert(slots[i]);
    }

    /// <summary>The best <paramref name="k"/> allowed slots, best first; fewer when the walk finds fewer allowed slots.</summary>
    public (float Score, int Slot)[] Search(float[] query, int k, int ef, SlotFilter filter)
    {
        if (_entryPoint < 0) return [];
        var entry = GreedyDescent(query, _entryPoint, _topLevel, 1);
        var results = SearchLayer(query, entry, Math.Max(ef, k), 0, filter, useFilter: true);
        while (results.Count > k) results.Pop();
        return results.DrainBestFirst();
    }

    private void Insert(int slot)
    {
        var level = _levels[slot];
        var entry = _entryPoint;
        var top = _topLevel;
        if (entry < 0)
        {
            _entryPoint = slot;
            _topLevel = level;
            _nodeCount++;
            return;
        }
        var query = _vectors.Get(slot).ToArray();
        entry = GreedyDescent(query, entry, top, level + 1);
        for (var l = Math.Min(level, top); l >= 0; l--)
        {
            var found = SearchLayer(query, entry, _efConstruction, l, default, useFilter: false);
            var candidates = found.DrainBestFirst();
            entry = candidates[0].Slot;
            var selected = SelectDiverse(candidates, _m, exclude: slot);
            WriteLinks(slot, l, selected);
            foreach (var neighbour in selected) Connect(neighbour, slot, l);
        }
        _nodeCount++;
        if (level > top)
        {
            _topLevel = level;
            _entryPoint = slot;
        }
    }

    /// <summary>Walks down the upper layers taking the single closest node each time.</summary>
    private int GreedyDescent(float[] query, int entry, int fromLevel, int toLevel)
    {
        var best = TensorPrimitives.Dot(query, _vectors.Get(entry));
        Span<int> buffer = stackalloc int[Stride0];
        for (var level = fromLevel; level >= toLevel; level--)
        {
            var improved = true;
            while (improved)
            {
                improved = false;
                foreach (var n in CopyLinks(entry, level, buffer))
                {
                    var score = TensorPrimitives.Dot(query, _vectors.Get(n));
                    if (score > best)
                    {
                        best = score;
                        entry = n;
                        improved = true;
                    }
                }
            }
        }
        return entry;
    }

    /// <summary>Best-first search of one layer; when filtering, every node guides the walk but only allowed ones become results.</summary>
    private ScoredHeap SearchLayer(float[] query, int entry, int ef, int level, SlotFilter filter, bool useFilter)
    {
        var visited = VisitedSet.ForThisThread(_levels.Length);
        var candidates = new ScoredHeap(ef * 2); // scores negated: the top is the closest candidate
        var results = new ScoredHeap(ef + 1);
        Span<int> buffer = stackalloc int[Stride0];
        visited.TryVisit(entry);
        var entryScore = TensorPrimitives.Dot(query, _vectors.Get(entry));
        candidates.Push(-entryScore, entry);
        if (!useFilter || filter.Allows(entry)) results.Push(entryScore, entry);
        while (candidates.Count > 0)
        {
            var (negScore, current) = candidates.Pop();
            if (results.Count >= ef && -negScore < results.MinScore) break;
            foreach (var n in CopyLinks(current, level, buffer))
            {
                if (!visited.TryVisit(n)) continue;
                var score = TensorPrimitives.Dot(query, _vectors.Get(n));
                if (results.Count >= ef && score <= results.MinScore) continue;
                candidates.Push(-score, n);
                if (!useFilter || filter.Allows(n)) results.Offer(score, n, ef);
            }
        }
        return results;
    }

    /// <summary>The heuristic of the HNSW paper: skip a candidate that is closer to an already chosen neighbour than to the base, so links spread out.</summary>
    private List<int> SelectDiverse((float Score, int Slot)[] bestFirst, int max, int exclude)
    {
        var selected = new List<int>(max);
        foreach (var (score, slot) in bestFirst)
        {
            if (selected.Count >= max) break;
            if (slot == exclude) continue;
            var candidate = _vectors.Get(slot);
            var diverse = true;
            foreach (var chosen in selected)
                if (TensorPrimitives.Dot(candidate, _vectors.Get(chosen)) > score)
                {
                    diverse = false;
                    break;
                }
            if (diverse) selected.Add(slot);
        }
        return selected;
    }

    private void Connect(int node, int newcomer, int level)
    {
        var links = LinksAt(node, level);
        var capacity = level == 0 ? _m0 : _m;
        var count = links[0];
        if (count < capacity)
        {
            links[1 + count] = newcomer;
            links[0] = count + 1;
            return;
        }
        // Full: keep the most diverse set among the old links and the newcomer, seen from this node.
        var baseVector = _vectors.Get(node);
        var scored = new (float Score, int Slot)[count + 1];
        for (var i = 0; i < count; i++) scored[i] = (TensorPrimitives.Dot(baseVector, _vectors.Get(links[1 + i])), links[1 + i]);
        scored[count] = (TensorPrimitives.Dot(baseVector, _vectors.Get(newcomer)), newcomer);
        Array.Sort(scored, (a, b) => b.Score.CompareTo(a.Score));
        WriteLinks(node, level, SelectDiverse(scored, capacity, exclude: node));
    }

    private void WriteLinks(int node, int level, List<int> neighbours)
    {
        var links = LinksAt(node, level);
        links[0] = neighbours.Count;
        for (var i = 0; i < neighbours.Count; i++) links[1 + i] = neighbours[i];
    }

    private Span<int> LinksAt(int node, int level) =>
        level == 0 ? _links0.AsSpan(node * Stride0, Stride0) : _upperLinks[node].AsSpan((level - 1) * StrideUpper, StrideUpper);

    private ReadOnlySpan<int> CopyLinks(int node, int level, Span<int> buffer)
    {
        if (level > _levels[node]) return [];
        var links = LinksAt(node, level);
        var count = links[0];
        links.Slice(1, count).CopyTo(buffer);
        return buffer[..count];
    }

    private void EnsureCapacity(int slots)
    {
        if (_levels.Length >= slots) return;
        var capacity = Math.Max(slots, _levels.Length * 2);
        var old = _levels.Length;
        Array.Resize(ref _levels, capacity);
        Array.Fill(_levels, -1, old, capacity - old);
        Array.Resize(ref _links0, capacity * Stride0);
        Array.Resize(ref _upperLinks, capacity);
    }
}
