using Matchcut.Encoders;
using Matchcut.Encoders.Frames;
using Matchcut.Encoders.Shots;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Matchcut.Storage;
using Microsoft.Extensions.Options;

namespace Matchcut.Dedup;

/// <summary>
/// The descriptors dedup compares shots by, as several frames per shot: the segmenter's colour layout of single frames
/// spread over the shot, and, unless the classical encoder is configured, the frame encoder's vectors of single frames
/// spread over the shot's clean part, both ends included (ResNet18 by default, see Embedding:FrameEncoder). The encoder's vectors (whole shot, first and last clean frame)
/// are stored as Dedup's frame-vectors feature, so EmbedGpu reuses them.
/// </summary>
public sealed class ShotDescriptorSource(IObjectStore store, FrameEncoderProvider frames, ShotVideoAnalyzer analyzer, IOptions<EncodingOptions> encoding)
{
    public const string Classical = "colour-layout";

    /// <summary>What the descriptors are computed with now (stored with the result: another one recomputes it).</summary>
    public string Fingerprint => frames.IsNeural ? DedupFeature.FramesFingerprint(frames.Identity.Fingerprint, encoding.Value.FrameVectorsPerShot) : Classical;

    /// <summary>Whether describing stores the frame encoder's vectors (the neural encoder does; the classical layouts are the segmenter's).</summary>
    public bool StoresFrameVectors => frames.IsNeural;

    /// <summary>The descriptor's method and model.</summary>
    public ModelProvenance Provenance => frames.IsNeural
        ? new ModelProvenance(frames.Identity.Method, frames.Identity.Model, frames.Identity.ModelSha256)
        : new ModelProvenance(Classical, null, null);

    public async Task<(string Descriptor, IReadOnlyDictionary<int, ShotFrames> Vectors)> DescribeAsync(
        string assetId, FeatureManifest features, IReadOnlyList<ShotRecord> shots, CancellationToken ct, IProgress<int>? shotsDone = null)
    {
        if (!frames.IsNeural) return (Classical, shots.ToDictionary(s => s.Index, s => new ShotFrames(null, ClassicalVectors(s))));
        if (shots.Count == 0)
        {
            // Nothing to describe, but the frame-vectors feature the event names must exist: store it empty.
            await FrameVectorStore.PutAsync(store, assetId, Fingerprint, frames.Dimension, [], ct);
            return (Classical, new Dictionary<int, ShotFrames>());
        }

        var options = encoding.Value;
        var timelineKey = features.Require(FeatureNames.Timeline).Key;
        var timeline = await store.TryGetJsonAsync<StandardTimeline>(timelineKey, ct) ?? throw new ObjectNotFoundInStageException(timelineKey);
        using var videoFile = await store.OpenLocalFileAsync(features.Require(FeatureNames.StdVideo).Key, ct);
        var video = videoFile.Path;
        // The clean part (outside fades and dissolves) is what the shot shows; its frames feed the encoder.
        var spans = shots.Select(s => new ShotSpan(s.Index, s.StdCleanFirst, s.StdCleanLast, Math.Clamp(s.StdKeyframe, s.StdCleanFirst, s.StdCleanLast))).ToList();
        var analysis = await analyzer.AnalyzeAsync(video, timeline.Width, timeline.Height, timeline.FrameRate,
            [], null, [], frames.Describe, spans, options, ct, shotsDone);
        var rows = analysis.Frames.Values.OrderBy(v => v.Shot).ToList();
        await FrameVectorStore.PutAsync(store, assetId, Fingerprint, frames.Dimension,
            rows.Select(r => new FrameRows(r.Shot, r.Mean, r.Head, r.Tail, r.HeadFrame, r.TailFrame, r.Frames)).ToList(), ct);
        // Dedup judges a shot by its single frames (the sampled ones and both ends), so another moment of one setup finds
        // the pictures it shares with the first appearance even where the two averages differ; and by their layouts.
        var layouts = shots.ToDictionary(s => s.Index, ClassicalVectors);
        return (frames.Identity.Method, rows.ToDictionary(v => v.Shot, v => new ShotFrames(v.Frames, layouts[v.Shot])));
    }

    /// <summary>
    /// What <see cref="DescribeAsync"/> gave for <paramref name="shots"/>, read back from the stored features instead of
    /// computed again: the frame-vectors feature the manifest names (its single frames) and the shots' layouts.
    /// </summary>
    public async Task<(string Descriptor, IReadOnlyDictionary<int, ShotFrames> Vectors)> StoredAsync(
        FeatureManifest features, IReadOnlyList<ShotRecord> shots, CancellationToken ct)
    {
        if (!frames.IsNeural) return (Classical, shots.ToDictionary(s => s.Index, s => new ShotFrames(null, ClassicalVectors(s))));
        var rows = await FrameVectorStore.GetAsync(store, features.Find(FeatureNames.FrameVectors), Fingerprint, ct);
        var vectors = new Dictionary<int, ShotFrames>();
        foreach (var s in shots)
        {
            if (!rows.TryGetValue(s.Index, out var row) || row.Frames is not { Count: > 0 } single)
                throw new InvalidDataException($"The stored frame vectors (fingerprint {Fingerprint}) hold no single frames of shot {s.Index}.");
            vectors[s.Index] = new ShotFrames(single, ClassicalVectors(s));
        }
        return (frames.Identity.Method, vectors);
    }

    // Shots stored before the segmenter described single frames carry only the shot descriptor.
    private static IReadOnlyList<float[]> ClassicalVectors(ShotRecord s) => s.FrameDescriptors.Count > 0 ? s.FrameDescriptors : [s.Descriptor];
}
