using Matchcut.Encoders;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Motion;
using Matchcut.Encoders.Shots;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Media;
using Matchcut.Storage;
using Microsoft.Extensions.Options;

namespace Matchcut.EmbedGpu;

/// <summary>
/// Computes every flavour's vectors for the kept shots of an asset from one decode of the standardized video: the
/// neural frame vector (reusing what Dedup's model runs stored), motion and camera from dense flow, and the
/// annotations (tags, scale, silhouette, motion). Without models the frame flavour is the classical composition
/// descriptor and silhouette, tags and scale are absent.
/// </summary>
public sealed class ShotEmbedder(IObjectStore store, VisionModelsProvider provider, ShotVideoAnalyzer analyzer, IOptions<EncodingOptions> options)
{
    public const string MotionMethod = "pyramidal-lk-grid4-v1", CameraMethod = "pyramidal-lk-similarity-v1";

    /// <param name="progress">Told the shots to embed and how many are done, when given.</param>
    public async Task EmbedAsync(string assetId, CancellationToken ct, Func<int, IProgress<int>>? progress = null)
    {
        var shots = await store.TryGetJsonAsync<ShotList>(AssetKeys.Shots(assetId), ct) ?? throw new ObjectNotFoundInStageException(AssetKeys.Shots(assetId));
        var dedup = await store.TryGetJsonAsync<DedupResult>(AssetKeys.Dedup(assetId), ct) ?? throw new ObjectNotFoundInStageException(AssetKeys.Dedup(assetId));
        var profile = StandardizedProfile.V1.Name;
        var timeline = await store.GetJsonAsync<StandardTimeline>(AssetKeys.Timeline(assetId, profile), ct);
        var video = await store.GetLocalPathAsync(AssetKeys.StandardVideo(assetId, profile), ct);
        var o = options.Value;
        var models = provider.Models;
        // The clean part (outside fades and dissolves) is what the shot shows; its frames feed the models and the flow.
        var spans = dedup.Kept.Select(i => shots.Shots[i]).Select(s => new ShotSpan(s.Index, s.StdCleanFirst, s.StdCleanLast, Math.Clamp(s.StdKeyframe, s.StdCleanFirst, s.StdCleanLast))).ToList();

        var vision = new Dictionary<int, ShotVision>();
        if (models is not null && await store.TryGetJsonAsync<ShotVisionSet>(AssetKeys.Vision(assetId), ct) is { } stored && stored.Fits(models.Fingerprint, o.FramesPerShot))
            foreach (var v in stored.Shots) vision[v.Shot] = v;
        var missing = models is null ? [] : spans.Where(s => !vision.ContainsKey(s.Shot)).ToList();
        var analysis = await analyzer.AnalyzeAsync(video, timeline.Width, timeline.Height, timeline.FrameRate, missing, models, spans,
            models is null ? Classical : null, spans, o, ct, progress?.Invoke(spans.Count));
        foreach (var (shot, v) in analysis.Vision) vision[shot] = v;
        if (models is not null && missing.Count > 0)
            await store.PutJsonAsync(AssetKeys.Vision(assetId), new ShotVisionSet(models.Fingerprint, o.FramesPerShot, vision.Values.OrderBy(v => v.Shot).ToList()), ct);

        var flavours = new List<FlavourVectors>();
        async Task AddAsync(string flavour, int dimension, string method, Func<int, float[]> vectorOf)
        {
            var key = AssetKeys.EmbeddingVectors(assetId, flavour);
            await store.PutFloatsAsync(key, spans.SelectMany(s => vectorOf(s.Shot)).ToArray(), ct);
            flavours.Add(new FlavourVectors(flavour, dimension, key, method));
        }
        if (models is not null)
            await AddAsync(Flavours.Frame, FrameVector.Dimension, FrameVector.Method, s => FrameVector.Combine(vision[s], o.SegmenterWeight, o.DetectorWeight));
        else
            await AddAsync(Flavours.Frame, CompositionDescriptor.Dimension, "composition-v1", s => analysis.Classical[s]);
        await AddAsync(Flavours.Motion, ShotMotion.MotionDimension, MotionMethod, s => analysis.Motion[s].MotionVector());
        await AddAsync(Flavours.Camera, ShotMotion.CameraDimension, CameraMethod, s => analysis.Motion[s].CameraVector());

        var annotations = spans.Select(s => Annotate(s.Shot, vision.GetValueOrDefault(s.Shot), analysis.Motion[s.Shot], o)).ToList();
        await store.PutJsonAsync(AssetKeys.Annotations(assetId), new ShotAnnotationSet(annotations), ct);
        await store.PutJsonAsync(AssetKeys.Embeddings(assetId), new EmbeddingSet(spans.Select(s => s.Shot).ToList(), flavours, AssetKeys.Annotations(assetId)), ct);
    }

    private static ShotAnnotation Annotate(int shot, ShotVision? vision, ShotMotion motion, EncodingOptions o)
    {
        var c = motion.Camera;
        var summary = new MotionSummary(ShotMotion.GridSize, motion.Grid, c.Pan, c.Tilt, c.Zoom, c.Roll, motion.MeanSpeed);
        if (vision is null) return new ShotAnnotation(shot, new Dictionary<string, double>(), null, null, summary);
        var mask = vision.KeyframeMask;
        var silhouette = mask is not null && mask.Area >= o.MinPersonArea ? new Silhouette(mask.Width, mask.Height, Math.Round(mask.Area, 4), mask.Bits) : null;
        return new ShotAnnotation(shot, ShotTagger.Tags(vision.Frames, o.TagThreshold),
            ShotScale.Classify(vision.Frames, vision.FrameWidth, vision.FrameHeight, o.TagThreshold), silhouette, summary);
    }

    /// <summary>The classical frame flavour on a 128-pixel-wide area-averaged copy of the frame.</summary>
    private static float[] Classical(RgbFrame frame)
    {
        const int width = 128;
        var height = Math.Max(2, (int)Math.Round(width * (double)frame.Height / frame.Width / 2) * 2);
        var small = ImageOps.Shrink(frame, width, height);
        var d = new float[CompositionDescriptor.Dimension];
        CompositionDescriptor.Compute(small.Pixels, width, height, d);
        return d;
    }
}
