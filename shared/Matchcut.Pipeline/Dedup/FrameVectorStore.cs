using Matchcut.Storage;

namespace Matchcut.Pipeline;

/// <summary>
/// One shot's frame-encoder vectors: whole-shot mean, first and last clean frame, and those frames' numbers; and the
/// single frames dedup judged it by, where stored.
/// </summary>
public sealed record FrameRows(int Shot, float[] Mean, float[] Head, float[] Tail, int HeadFrame, int TailFrame, IReadOnlyList<float[]>? Frames = null);

/// <summary>Stores and reads <see cref="FrameVectorSet"/> (JSON index plus float32 row files: mean, head, tail, and the single frames when given).</summary>
public static class FrameVectorStore
{
    /// <summary>Dedup stores the rows it computed; the reference goes into its event's manifest.</summary>
    public static async Task<FeatureRef> PutAsync(IObjectStore store, string assetId, string fingerprint, int dimension, IReadOnlyList<FrameRows> rows, CancellationToken ct)
    {
        string mean = DedupFeature.FrameVectorRows(assetId, "mean"), head = DedupFeature.FrameVectorRows(assetId, "head"), tail = DedupFeature.FrameVectorRows(assetId, "tail");
        await store.PutFloatsAsync(mean, rows.SelectMany(r => r.Mean).ToArray(), ct);
        await store.PutFloatsAsync(head, rows.SelectMany(r => r.Head).ToArray(), ct);
        await store.PutFloatsAsync(tail, rows.SelectMany(r => r.Tail).ToArray(), ct);
        // The single frames go along only when every row has them (rows of one set come from one computation).
        string? frames = null;
        IReadOnlyList<int>? counts = null;
        if (rows.Count > 0 && rows.All(r => r.Frames is not null))
        {
            frames = DedupFeature.FrameVectorRows(assetId, "frames");
            counts = rows.Select(r => r.Frames!.Count).ToList();
            await store.PutFloatsAsync(frames, rows.SelectMany(r => r.Frames!.SelectMany(f => f)).ToArray(), ct);
        }
        await store.PutJsonAsync(DedupFeature.FrameVectors(assetId), new FrameVectorSet(fingerprint, dimension, rows.Select(r => r.Shot).ToList(),
            rows.Select(r => r.HeadFrame).ToList(), rows.Select(r => r.TailFrame).ToList(), mean, head, tail, counts, frames), ct);
        return DedupFeature.FramesRef(assetId, fingerprint);
    }

    /// <summary>
    /// The rows of the feature by shot when it was computed with <paramref name="fingerprint"/>; empty when there is no
    /// such feature (none named, or named with another fingerprint), so the caller computes them.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, FrameRows>> GetAsync(IObjectStore store, FeatureRef? feature, string fingerprint, CancellationToken ct)
    {
        if (feature is null || feature.Fingerprint != fingerprint) return new Dictionary<int, FrameRows>();
        var set = await store.TryGetJsonAsync<FrameVectorSet>(feature.Key, ct);
        if (set is null || set.Fingerprint != fingerprint) return new Dictionary<int, FrameRows>();
        var (mean, head, tail) = (await store.GetFloatsAsync(set.MeanKey, ct), await store.GetFloatsAsync(set.HeadKey, ct), await store.GetFloatsAsync(set.TailKey, ct));
        var d = set.Dimension;
        var single = set.FramesKey is { } framesKey && set.FrameCounts is { } counts ? SplitFrames(await store.GetFloatsAsync(framesKey, ct), counts, d) : null;
        return set.Shots.Select((shot, i) => new FrameRows(shot, mean.AsSpan(i * d, d).ToArray(), head.AsSpan(i * d, d).ToArray(),
            tail.AsSpan(i * d, d).ToArray(), set.HeadFrames[i], set.TailFrames[i], single?[i])).ToDictionary(r => r.Shot);
    }

    private static List<IReadOnlyList<float[]>> SplitFrames(float[] rows, IReadOnlyList<int> counts, int d)
    {
        if (rows.Length != counts.Sum() * d) throw new InvalidDataException($"frame rows hold {rows.Length} values, {counts.Sum()} frames of {d} expected");
        var result = new List<IReadOnlyList<float[]>>(counts.Count);
        var at = 0;
        foreach (var n in counts)
        {
            result.Add(Enumerable.Range(0, n).Select(k => rows.AsSpan((at + k) * d, d).ToArray()).ToList());
            at += n;
        }
        return result;
    }
}
