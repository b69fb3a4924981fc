using Matchcut.Hosting.Documents;
using Matchcut.Storage;

namespace Matchcut.Hosting;

/// <summary>One shot's frame-encoder vectors: whole-shot mean, first and last clean frame, and those frames' numbers.</summary>
public sealed record FrameRows(int Shot, float[] Mean, float[] Head, float[] Tail, int HeadFrame, int TailFrame);

/// <summary>Stores and reads <see cref="FrameVectorSet"/> (JSON index plus three float32 row files).</summary>
public static class FrameVectorStore
{
    public static async Task PutAsync(IObjectStore store, string assetId, string fingerprint, int dimension, IReadOnlyList<FrameRows> rows, CancellationToken ct)
    {
        string mean = AssetKeys.FrameVectorRows(assetId, "mean"), head = AssetKeys.FrameVectorRows(assetId, "head"), tail = AssetKeys.FrameVectorRows(assetId, "tail");
        await store.PutFloatsAsync(mean, rows.SelectMany(r => r.Mean).ToArray(), ct);
        await store.PutFloatsAsync(head, rows.SelectMany(r => r.Head).ToArray(), ct);
        await store.PutFloatsAsync(tail, rows.SelectMany(r => r.Tail).ToArray(), ct);
        await store.PutJsonAsync(AssetKeys.FrameVectors(assetId), new FrameVectorSet(fingerprint, dimension, rows.Select(r => r.Shot).ToList(),
            rows.Select(r => r.HeadFrame).ToList(), rows.Select(r => r.TailFrame).ToList(), mean, head, tail), ct);
    }

    /// <summary>The stored rows by shot when they were computed with <paramref name="fingerprint"/>; empty otherwise.</summary>
    public static async Task<IReadOnlyDictionary<int, FrameRows>> GetAsync(IObjectStore store, string assetId, string fingerprint, CancellationToken ct)
    {
        var set = await store.TryGetJsonAsync<FrameVectorSet>(AssetKeys.FrameVectors(assetId), ct);
        if (set is null || set.Fingerprint != fingerprint) return new Dictionary<int, FrameRows>();
        var (mean, head, tail) = (await store.GetFloatsAsync(set.MeanKey, ct), await store.GetFloatsAsync(set.HeadKey, ct), await store.GetFloatsAsync(set.TailKey, ct));
        var d = set.Dimension;
        return set.Shots.Select((shot, i) => new FrameRows(shot, mean.AsSpan(i * d, d).ToArray(), head.AsSpan(i * d, d).ToArray(),
            tail.AsSpan(i * d, d).ToArray(), set.HeadFrames[i], set.TailFrames[i])).ToDictionary(r => r.Shot);
    }
}
