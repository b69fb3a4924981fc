using System.Numerics.Tensors;

namespace Matchcut.Vectors.InProcess;

/// <summary>Scores every allowed vector with SIMD dot products and keeps the best K in a bounded heap.</summary>
internal static class ExactSearch
{
    public static (float Score, int Slot)[] TopK(VectorStore store, float[] query, SlotFilter filter, int slotCount, int k, int parallelThreshold)
    {
        var partitions = slotCount >= parallelThreshold ? Math.Min(Environment.ProcessorCount, 8) : 1;
        if (partitions <= 1) return Scan(store, query, filter, 0, slotCount, k).DrainBestFirst();

        // Each core keeps its own heap over its range; merging K per core is cheap next to the scan.
        var heaps = new ScoredHeap[partitions];
        var size = (slotCount + partitions - 1) / partitions;
        Parallel.For(0, partitions, p => heaps[p] = Scan(store, query, filter, p * size, Math.Min(slotCount, (p + 1) * size), k));
        var merged = new ScoredHeap(k);
        foreach (var heap in heaps)
            while (heap.Count > 0)
            {
                var (score, slot) = heap.Pop();
                merged.Offer(score, slot, k);
            }
        return merged.DrainBestFirst();
    }

    private static ScoredHeap Scan(VectorStore store, float[] query, SlotFilter filter, int from, int to, int k)
    {
        var heap = new ScoredHeap(k);
        for (var slot = from; slot < to; slot++)
        {
            if (!filter.Allows(slot)) continue;
            heap.Offer(TensorPrimitives.Dot(query, store.Get(slot)), slot, k);
        }
        return heap;
    }
}
