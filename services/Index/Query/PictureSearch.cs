using System.Numerics.Tensors;
using Matchcut.Encoders;
using Matchcut.Encoders.Frames;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Shots;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Matchcut.Vectors;
using Microsoft.Extensions.Options;

namespace Matchcut.Index.Query;

/// <summary>
/// Shots by a picture: the picture goes through the frame encoder as a standardized frame would (<see cref="StillImageDecoder"/>),
/// the index's whole-shot frame vectors give candidates, and each candidate is ranked by its best single frame among those
/// the encoder described (sampled frames and both clean ends, Dedup's stored rows), which is the frame reported.
/// </summary>
public sealed class PictureSearch(FrameEncoderProvider encoder, StillImageDecoder decoder, IVectorIndex index, ShotCatalog shots,
    AssetCatalog catalog, IObjectStore store, IOptions<EncodingOptions> encoding)
{
    /// <summary>Candidates asked of the index per hit returned: a shot whose mean is off can still hold the closest frame.</summary>
    public const int CandidatesPerHit = 4, MinCandidates = 40;

    /// <exception cref="MediaRejectedException">The bytes are not a JPEG or PNG that decodes.</exception>
    public async Task<PictureSearchResult> SearchAsync(byte[] picture, IReadOnlyCollection<string>? titles, int k, CancellationToken ct)
    {
        var still = await decoder.DecodeAsync(picture, StandardizedProfile.Current.Height, ct);
        var query = encoder.Describe(new RgbFrame(still.Pixels, still.Width, still.Height));
        var candidates = await index.SearchAsync(new VectorQuery(Flavours.Frame, query, Math.Max(k * CandidatesPerHit, MinCandidates), titles), ct);
        var assets = new Dictionary<string, AssetFrames?>(StringComparer.Ordinal);
        var hits = new List<PictureHit>(candidates.Count);
        foreach (var c in candidates)
        {
            if (await shots.ShotAsync(c.ShotId, ct) is not { } view) continue;
            if (!assets.TryGetValue(view.AssetId, out var frames)) assets[view.AssetId] = frames = await FramesOfAssetAsync(view.AssetId, ct);
            var best = BestFrame(query, c.Score, view, frames);
            hits.Add(new PictureHit(best.Score, best, view with { TitleId = c.Payload.TitleId }));
        }
        var ranked = hits.OrderByDescending(h => h.Score).ThenBy(h => h.Shot.ShotId, StringComparer.Ordinal).Take(k).ToList();
        return new PictureSearchResult(k, encoder.Identity.Method, ranked);
    }

    private static MatchedFrame BestFrame(float[] query, float meanScore, ShotView view, AssetFrames? frames)
    {
        if (frames is null || !frames.Rows.TryGetValue(view.Index, out var rows) || rows.Vectors.Count == 0)
            return new MatchedFrame("shot", null, null, null, meanScore);
        var best = 0;
        var bestScore = float.MinValue;
        for (var i = 0; i < rows.Vectors.Count; i++)
        {
            var s = TensorPrimitives.CosineSimilarity(query, rows.Vectors[i]);
            if (s > bestScore) (best, bestScore) = (i, s);
        }
        var frame = rows.Frames[best];
        var (kind, picture) = frame == rows.Head ? ("first", view.Links.FirstFrame)
            : frame == rows.Tail ? ("last", view.Links.LastFrame)
            : frame == rows.Keyframe ? ("keyframe", view.Links.Keyframe)
            : ("sampled", (string?)null);
        return new MatchedFrame(kind, frame, Math.Round(frame / (double)StandardizedProfile.Current.FrameRate, 3), picture, bestScore);
    }

    // The single-frame vectors Dedup stored for the asset, with their standardized frame numbers; null when they were made
    // by another encoder or sampling (the shot is then ranked by its whole-shot vector, and says so).
    private async Task<AssetFrames?> FramesOfAssetAsync(string assetId, CancellationToken ct)
    {
        if (!encoder.IsNeural || await catalog.GetFeaturesAsync(assetId, ct) is not { } features || features.Find(FeatureNames.Shots) is not { } shotsRef) return null;
        var n = encoding.Value.FrameVectorsPerShot;
        var rows = await FrameVectorStore.GetAsync(store, features.Find(FeatureNames.FrameVectors), DedupFeature.FramesFingerprint(encoder.Identity.Fingerprint, n), ct);
        if (rows.Count == 0) return null;
        var list = await store.GetJsonAsync<ShotList>(shotsRef.Key, ct);
        var byShot = new Dictionary<int, ShotFrameRows>();
        foreach (var (shot, row) in rows)
        {
            if (row.Frames is not { } single || shot >= list.Shots.Count) continue;
            var s = list.Shots[shot];
            var span = new ShotSpan(shot, s.StdCleanFirst, s.StdCleanLast, Math.Clamp(s.StdKeyframe, s.StdCleanFirst, s.StdCleanLast));
            var numbers = ShotVideoAnalyzer.DescribedFrames(span, n);
            if (numbers.Count == single.Count) byShot[shot] = new ShotFrameRows(numbers, single, row.HeadFrame, row.TailFrame, span.Keyframe);
        }
        return new AssetFrames(byShot);
    }

    private sealed record AssetFrames(IReadOnlyDictionary<int, ShotFrameRows> Rows);

    private sealed record ShotFrameRows(IReadOnlyList<int> Frames, IReadOnlyList<float[]> Vectors, int Head, int Tail, int Keyframe);
}

/// <summary>The hits, best first (at most K), and the frame encoder's method that compared them: the API's answer and the command line's.</summary>
public sealed record PictureSearchResult(int K, string Method, IReadOnlyList<PictureHit> Shots);

/// <summary>A shot found by a picture: its best frame's cosine similarity, that frame, and the shot.</summary>
public sealed record PictureHit(float Score, MatchedFrame Frame, ShotView Shot);

/// <summary>
/// The shot's frame closest to the picture: Kind is first, last, keyframe or sampled (a frame between them), or shot when
/// only the whole-shot vector was there to compare; Frame and Sec are standardized frame and time; Picture links to its
/// stored picture where the shot has one (first, last, keyframe).
/// </summary>
public sealed record MatchedFrame(string Kind, int? Frame, double? Sec, string? Picture, float Score);
