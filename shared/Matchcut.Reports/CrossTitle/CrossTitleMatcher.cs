using Matchcut.Pipeline;
using Matchcut.Storage;
using Matchcut.Vectors;

namespace Matchcut.Reports.CrossTitle;

/// <summary>
/// Match cuts across titles: each kept shot's nearest neighbours in the vector index, restricted to the other titles'
/// shots, merged into the top K pairs whose two shots come from different titles. K neighbours per shot suffice: a
/// pair in the overall top K is within the top K of its own shot. Work grows with shots x log(index), not with all pairs.
/// Silhouettes: each shot with a person mask asks for <see cref="SilhouetteMasks.CandidateFactor"/> x K neighbours by its
/// coarse mask vector, and each candidate pair is scored by the IoU of the two full masks (pairs that do not overlap, or
/// whose masks are on different grids, are none); shots without a mask are not in the index's silhouette vectors.
/// </summary>
public sealed class CrossTitleMatcher(IObjectStore store, AssetCatalog catalog, IVectorIndex index, SilhouetteMasks masks)
{
    /// <summary>The top <paramref name="k"/> pairs in <paramref name="flavour"/>; A is the shot of the title listed first.</summary>
    /// <exception cref="CrossTitleException">A title lacks the flavour or its shots are not indexed, or the titles' vectors were made differently.</exception>
    public async Task<CrossTitleResult> MatchAsync(IReadOnlyList<TitleAsset> titles, string flavour, int k, CancellationToken ct = default)
    {
        if (titles.Select(t => t.AssetId).Distinct().Count() < 2)
            throw new CrossTitleException("Cross-title matches need two or more titles with different content.");
        var sets = new List<(TitleAsset Title, EmbeddingSet Set, FlavourVectors Vectors, string IndexedTitle)>();
        foreach (var t in titles)
        {
            var set = await EmbeddingsAsync(t.AssetId, ct)
                      ?? throw new CrossTitleException($"Title '{t.TitleId}' has no embedded shots (asset {t.AssetId}).");
            var vectors = set.Flavours.FirstOrDefault(f => f.Flavour == flavour)
                          ?? throw new CrossTitleException($"Title '{t.TitleId}' has no '{flavour}' vectors; it has {string.Join(", ", set.Flavours.Select(f => f.Flavour))}.");
            if (set.ShotIndices.Count == 0) continue;
            // The index knows the asset under the title it was first indexed with.
            var point = await index.GetAsync(ShotIds.Of(t.AssetId, set.ShotIndices[0]), ct)
                        ?? throw new CrossTitleException($"Title '{t.TitleId}' (asset {t.AssetId}) is not in the vector index.");
            sets.Add((t, set, vectors, point.Payload.TitleId));
        }
        var methods = sets.Select(s => s.Vectors.Method).Distinct().ToList();
        if (methods.Count > 1)
            throw new CrossTitleException($"The titles' '{flavour}' vectors were made by different methods ({string.Join(", ", methods)}); they cannot be compared.");

        var silhouette = flavour == Flavours.Silhouette;
        var order = titles.Select((t, i) => (t.AssetId, i)).GroupBy(x => x.AssetId).ToDictionary(g => g.Key, g => g.Min(x => x.i));
        var best = new Dictionary<(string, string), CrossTitlePair>();
        foreach (var (title, set, fv, _) in sets)
        {
            var others = sets.Where(s => s.Title.AssetId != title.AssetId).ToList();
            var otherAssets = others.Select(s => s.Title.AssetId).ToHashSet();
            var otherTitles = others.Select(s => s.IndexedTitle).Distinct().ToList();
            var vectors = await store.GetFloatsAsync(fv.VectorsKey, ct);
            var absent = (fv.Absent ?? []).ToHashSet();
            var own = silhouette ? await masks.OfAssetAsync(title.AssetId, ct) : null;
            for (var row = 0; row < set.ShotIndices.Count; row++)
            {
                var shot = set.ShotIndices[row];
                if (absent.Contains(shot)) continue;
                var vector = vectors.AsSpan(row * fv.Dimension, fv.Dimension).ToArray();
                var hits = (await index.SearchAsync(new VectorQuery(flavour, vector, silhouette ? k * SilhouetteMasks.CandidateFactor : k, otherTitles), ct))
                    .Where(h => otherAssets.Contains(h.Payload.AssetId)).ToList();
                IEnumerable<(VectorHit Hit, double Score)> scored = hits.Select(h => (h, (double)h.Score));
                if (silhouette) scored = own!.TryGetValue(shot, out var mask) ? await masks.RescoreAsync(mask, hits, ct) : [];
                foreach (var (hit, score) in scored)
                {
                    var here = new CrossTitleShot(title.TitleId, title.AssetId, shot);
                    var there = new CrossTitleShot(titles[order[hit.Payload.AssetId]].TitleId, hit.Payload.AssetId, hit.Payload.ShotIndex);
                    var (a, b) = order[here.AssetId] <= order[there.AssetId] ? (here, there) : (there, here);
                    var key = (ShotIds.Of(a.AssetId, a.Shot), ShotIds.Of(b.AssetId, b.Shot));
                    if (!best.TryGetValue(key, out var known) || known.Score < score) best[key] = new CrossTitlePair(0, Math.Round(score, 6), a, b);
                }
            }
        }
        var pairs = best.Values
            .OrderByDescending(p => p.Score).ThenBy(p => p.A.AssetId, StringComparer.Ordinal).ThenBy(p => p.A.Shot).ThenBy(p => p.B.AssetId, StringComparer.Ordinal).ThenBy(p => p.B.Shot)
            .Take(k).Select((p, i) => p with { Rank = i + 1 }).ToList();
        var method = methods.FirstOrDefault() ?? "";
        return new CrossTitleResult(flavour, silhouette ? SilhouetteVector.RankingMethod(method) : method, pairs);
    }

    /// <summary>Flavours every one of the titles has vectors for, in the usual flavour order.</summary>
    public async Task<IReadOnlyList<string>> CommonFlavoursAsync(IReadOnlyList<TitleAsset> titles, CancellationToken ct = default)
    {
        IEnumerable<string> common = Flavours.All;
        foreach (var t in titles)
        {
            var set = await EmbeddingsAsync(t.AssetId, ct);
            common = common.Intersect(set?.Flavours.Select(f => f.Flavour) ?? []);
        }
        return common.ToList();
    }

    /// <summary>The embeddings the asset's feature manifest names; null before the asset was indexed.</summary>
    private async Task<EmbeddingSet?> EmbeddingsAsync(string assetId, CancellationToken ct) =>
        (await catalog.GetFeaturesAsync(assetId, ct))?.Find(FeatureNames.Embeddings) is { } f
            ? await store.TryGetJsonAsync<EmbeddingSet>(f.Key, ct)
            : null;
}

/// <summary>A title and the asset landed under it.</summary>
public sealed record TitleAsset(string TitleId, string AssetId);

/// <summary>One shot of a title.</summary>
public sealed record CrossTitleShot(string TitleId, string AssetId, int Shot);

/// <summary>Shot A (of the title listed first) and shot B of another title, and their score: cosine similarity in the flavour, mask IoU for silhouettes.</summary>
public sealed record CrossTitlePair(int Rank, double Score, CrossTitleShot A, CrossTitleShot B);

/// <summary>The best pairs across titles in one flavour, and the method that made them (the flavour's vectors; for silhouettes, with the IoU re-scoring).</summary>
public sealed record CrossTitleResult(string Flavour, string Method, IReadOnlyList<CrossTitlePair> Pairs);

/// <summary>Cross-title matching cannot answer for these titles; the message says why.</summary>
public sealed class CrossTitleException(string message) : Exception(message);
