using System.Numerics.Tensors;

namespace Matchcut.Vectors.InProcess;

/// <summary>Scores every allowed vector with SIMD dot products and keeps the best K in a bounded heap.</summary>
internal static class ExactSearch
{
    public static (float Score, int Slot)[] TopK(VectorStore store, float[] query, SlotFilter filter, int slotCount, int k, int parallelThreshold)
    {
        var partitions = slotCount >= parallelThreshold ? Math.Min(Environment.ProcessorCount, 8) : 1;
        if (partitions <= 1) return Scan(store, query, filter, 0, slotCount, k).DrainBestFirst();

        // Each core keeps its own heap over its range; merging K per core is cheap next to the scan. The other partitions
        // run on threads of their own, not the pool: a search holds the index's read lock, and when every pool thread is
        // blocked waiting for that lock a pool-scheduled partition would never start, and the lock never be released.
        var heaps = new ScoredHeap[partitions];
        var size = (slotCount + partitions - 1) / partitions;
        var others = Enumerable.Range(1, partitions - 1)
            .Select(p => Task.Factory.StartNew(() => heaps[p] = Scan(store, query, filter, p * size, Math.Min(slotCount, (p + 1) * size), k),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        heaps[0] = Scan(store, query, filter, 0, Math.Min(slotCount, size), k);
        Task.WaitAll(others);
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
