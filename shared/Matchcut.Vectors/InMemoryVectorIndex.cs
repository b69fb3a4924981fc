using System.Numerics.Tensors;

namespace Matchcut.Vectors;

/// <summary>The embedded default: exact cosine search over normalized vectors held in memory.</summary>
public sealed class InMemoryVectorIndex : IVectorIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _dimensions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShotPoint> _points = new(StringComparer.Ordinal);

    public Task EnsureFlavoursAsync(IReadOnlyDictionary<string, int> dimensions, CancellationToken ct = default)
    {
        lock (_gate)
        {
            foreach (var (flavour, dim) in dimensions)
            {
                if (_dimensions.TryGetValue(flavour, out var existing) && existing != dim)
                {
                    foreach (var id in _points.Where(p => p.Value.Vectors.ContainsKey(flavour)).Select(p => p.Key).ToList())
                        _points.Remove(id);
                }
                _dimensions[flavour] = dim;
            }
        }
        return Task.CompletedTask;
    }

    public Task UpsertAsync(IReadOnlyList<ShotPoint> points, CancellationToken ct = default)
    {
        lock (_gate)
        {
            foreach (var point in points)
            {
                foreach (var (flavour, vector) in point.Vectors)
                {
                    if (!_dimensions.TryGetValue(flavour, out var dim))
                        throw new InvalidOperationException($"Flavour '{flavour}' is not in the index; call EnsureFlavoursAsync first.");
                    if (vector.Length != dim)
                        throw new ArgumentException($"Shot {point.ShotId}: '{flavour}' vector has {vector.Length} dimensions, the index {dim}.");
                }
                _points[point.ShotId] = point with { Vectors = point.Vectors.ToDictionary(v => v.Key, v => Normalized(v.Value)) };
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorHit>> SearchAsync(VectorQuery query, CancellationToken ct = default)
    {
        var q = Normalized(query.Vector);
        var titles = query.Titles is { Count: > 0 } t ? new HashSet<string>(t, StringComparer.Ordinal) : null;
        List<VectorHit> hits;
        lock (_gate)
        {
            hits = _points.Values
                .Where(p => titles is null || titles.Contains(p.Payload.TitleId))
                .Where(p => query.ExcludeTitle is null || p.Payload.TitleId != query.ExcludeTitle)
                .Where(p => p.ShotId != query.ExcludeShotId)
                .Where(p => p.Vectors.ContainsKey(query.Flavour))
                .Select(p => new VectorHit(p.ShotId, TensorPrimitives.Dot(q, p.Vectors[query.Flavour]), p.Payload))
                .OrderByDescending(h => h.Score).ThenBy(h => h.ShotId, StringComparer.Ordinal)
                .Take(query.K)
                .ToList();
        }
        return Task.FromResult<IReadOnlyList<VectorHit>>(hits);
    }

    public Task<ShotPoint?> GetAsync(string shotId, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_points.GetValueOrDefault(shotId));
    }

    public Task<int> DeleteAssetAsync(string assetId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var ids = _points.Where(p => p.Value.Payload.AssetId == assetId).Select(p => p.Key).ToList();
            foreach (var id in ids) _points.Remove(id);
            return Task.FromResult(ids.Count);
        }
    }

    private static float[] Normalized(float[] v)
    {
        var norm = TensorPrimitives.Norm(v);
        var copy = (float[])v.Clone();
        if (norm > 0) TensorPrimitives.Divide(copy, norm, copy);
        return copy;
    }
}
