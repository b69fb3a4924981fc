namespace Matchcut.Vectors.InProcess;

/// <summary>One flavour's vectors, its optional HNSW graph, and the choice between exact and graph search per query.</summary>
internal sealed class FlavourIndex
{
    private readonly InProcessVectorIndexOptions _options;

    public FlavourIndex(string name, int dimension, InProcessVectorIndexOptions options, HnswGraph? graph = null, VectorStore? store = null)
    {
        Name = name;
        _options = options;
        Store = store ?? new VectorStore(dimension);
        Graph = graph;
    }

    public string Name { get; }
    public int Dimension => Store.Dimension;
    public VectorStore Store { get; }
    public HnswGraph? Graph { get; private set; }

    /// <summary>Adds freshly stored slots to the graph, building it first when the mode asks for one now.</summary>
    public void Index(IReadOnlyList<int> newSlots, int slotCount)
    {
        if (Graph is not null)
        {
            Graph.Add(newSlots);
            return;
        }
        var wantsGraph = _options.Mode == VectorSearchMode.Hnsw
            || (_options.Mode == VectorSearchMode.Auto && Store.PresentCount >= _options.AutoHnswThreshold);
        if (!wantsGraph) return;
        Graph = new HnswGraph(Store, _options.Hnsw);
        var present = Store.Present;
        var all = new List<int>(Store.PresentCount);
        for (var slot = 0; slot < Math.Min(slotCount, present.Length); slot++)
            if (present[slot]) all.Add(slot);
        Graph.Add(all);
    }

    public (float Score, int Slot)[] Search(float[] query, int k, SlotFilter filter, int slotCount, int allowedEstimate)
    {
        if (Graph is null || PrefersExact(filter, allowedEstimate))
            return ExactSearch.TopK(Store, query, filter, slotCount, k, _options.ParallelScanThreshold);
        var hits = Graph.Search(query, k, _options.Hnsw.EfSearch, filter);
        // A restrictive filter can starve the walk of allowed nodes; the exact scan over the subset then still yields K.
        return hits.Length < Math.Min(k, allowedEstimate)
            ? ExactSearch.TopK(Store, query, filter, slotCount, k, _options.ParallelScanThreshold)
            : hits;
    }

    private bool PrefersExact(SlotFilter filter, int allowedEstimate) =>
        filter.IsRestrictive && _options.ScansFiltered(allowedEstimate, Store.PresentCount, Dimension);
}
