using Matchcut.Encoders;
using Matchcut.Encoders.Frames;
using Matchcut.Encoders.Motion;
using Matchcut.Encoders.Shots;
using Matchcut.Encoders.Text;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matchcut.EmbedGpu;

/// <summary>
/// Computes every flavour's vectors for the kept shots of an asset from one decode of the standardized video: the frame
/// encoder's vectors (whole shot, first and last clean frame; reused from Dedup's run when it used the same encoder),
/// motion and camera from dense flow, and the annotations (tags, scale, silhouette, motion) from the folder models
/// (DeepLabV3, YOLOX, YuNet), and text on screen (PP-OCRv4) where its models are found. Without a models folder the
/// annotations are absent and the provenance says so.
/// </summary>
public sealed class ShotEmbedder(IObjectStore store, VisionModelsProvider provider, FrameEncoderProvider frames, ShotVideoAnalyzer analyzer,
    IOptions<EncodingOptions> options, ScreenTextProvider text, IOptions<TextOptions> textOptions, ILogger<ShotEmbedder> log)
{
    public const string MotionMethod = "pyramidal-lk-grid4-direction+speed-v2", CameraMethod = "pyramidal-lk-similarity-direction+speed-v2";
    public const string SilhouetteMethod = "deeplabv3-person-mask-iou-v1", TagsMethod = "yolox-nano-coco-tags-v1", ScaleMethod = "yunet-face-share-v1";
    public const string Tags = "tags", Scale = "scale", Text = "text", TextDetector = "text-detector";

    /// <summary>Everything the embeddings depend on: frame encoder, folder models, sampling, the motion methods and their frame runs, and the silhouette vectors' pooling.</summary>
    public string Fingerprint =>
        $"{FramesFingerprint}|{provider.Models?.Fingerprint ?? "no-models"}|{MotionMethod}|{CameraMethod}|m{options.Value.MotionMaxFrames}x{options.Value.MotionRunFrames}|{SilhouetteVector.Method}|{TextFingerprint ?? "no-text"}";

    /// <summary>What the text feature is read with (models, key file, method, sampling, thresholds); null when text is off.</summary>
    public string? TextFingerprint => text.Models is { } m ? FormattableString.Invariant(
        $"{m.Fingerprint}|n{textOptions.Value.FramesPerShot}|s{textOptions.Value.MaxSide}|p{textOptions.Value.PixelThreshold}|b{textOptions.Value.BoxThreshold}|u{textOptions.Value.UnclipRatio}|c{textOptions.Value.MinConfidence}|c1{textOptions.Value.SingleCharacterMinConfidence}|h{textOptions.Value.MinHeight}") : null;

    /// <summary>The frame vectors' fingerprint this stage's encoder and sampling give (Dedup's, when it ran the same).</summary>
    private string FramesFingerprint => DedupFeature.FramesFingerprint(frames.Identity.Fingerprint, options.Value.FrameVectorsPerShot);

    /// <summary>What the vision feature is computed with (models and sampling); null without the folder models.</summary>
    public string? VisionFingerprint => provider.Models is { } m ? $"{m.Fingerprint}|n{options.Value.FramesPerShot}" : null;

    /// <param name="features">The message's manifest: shots, dedup verdicts, standardized video and timeline; frame vectors and vision are reused when it names them with the current fingerprint.</param>
    /// <param name="progress">Told the shots to embed and how many are done, when given.</param>
    public async Task EmbedAsync(string assetId, FeatureManifest features, CancellationToken ct, Func<int, IProgress<int>>? progress = null)
    {
        var shots = await RequireJsonAsync<ShotList>(features.Require(FeatureNames.Shots), ct);
        var dedup = await RequireJsonAsync<DedupResult>(features.Require(FeatureNames.Dedup), ct);
        var timeline = await RequireJsonAsync<StandardTimeline>(features.Require(FeatureNames.Timeline), ct);
        using var videoFile = await store.OpenLocalFileAsync(features.Require(FeatureNames.StdVideo).Key, ct);
        var video = videoFile.Path;
        var o = options.Value;
        var models = provider.Models;
        // The clean part (outside fades and dissolves) is what the shot shows; its frames feed the models and the flow.
        var spans = dedup.Kept.Select(i => shots.Shots[i]).Select(s => new ShotSpan(s.Index, s.StdCleanFirst, s.StdCleanLast, Math.Clamp(s.StdKeyframe, s.StdCleanFirst, s.StdCleanLast))).ToList();

        var vision = new Dictionary<int, ShotVision>();
        // Vision outputs named by the message (or kept by an earlier run of this stage) are reused while the models are the same.
        var visionKey = features.Find(FeatureNames.Vision) is { } named && named.Fingerprint == VisionFingerprint ? named.Key : EmbedFeature.Vision(assetId);
        if (models is not null && await store.TryGetJsonAsync<ShotVisionSet>(visionKey, ct) is { } stored && stored.Fits(models.Fingerprint, o.FramesPerShot))
            foreach (var v in stored.Shots) vision[v.Shot] = v;
        var frameRows = new Dictionary<int, FrameRows>(frames.IsNeural
            ? await FrameVectorStore.GetAsync(store, features.Find(FeatureNames.FrameVectors), FramesFingerprint, ct)
            : new Dictionary<int, FrameRows>());
        var missingVision = models is null ? [] : spans.Where(s => !vision.ContainsKey(s.Shot)).ToList();
        var missingFrames = spans.Where(s => !frameRows.ContainsKey(s.Shot)).ToList();
        // Text read earlier with the same models and settings is reused; only shots without it are read, in the same decode.
        var textModels = text.Models;
        var textFingerprint = TextFingerprint;
        var shotText = new Dictionary<int, ShotTextLines>();
        var textKey = features.Find(FeatureNames.Text) is { } namedText && namedText.Fingerprint == textFingerprint ? namedText.Key : EmbedFeature.Text(assetId);
        if (textFingerprint is not null && await store.TryGetJsonAsync<ShotTextSet>(textKey, ct) is { } storedText && storedText.Fingerprint == textFingerprint)
            foreach (var t in storedText.Shots) shotText[t.Shot] = t;
        var missingText = textModels is null ? [] : spans.Where(s => !shotText.ContainsKey(s.Shot)).ToList();
        var reading = textModels is null ? null : new TextReading(textModels, missingText, textOptions.Value.FramesPerShot);
        var analysis = await analyzer.AnalyzeAsync(video, timeline.Width, timeline.Height, timeline.FrameRate, missingVision, models, spans,
            frames.Describe, missingFrames, o, ct, progress?.Invoke(spans.Count), reading);
        foreach (var (shot, t) in analysis.Text) shotText[shot] = Lines(t, timeline.FrameRate);
        if (textFingerprint is not null)
        {
            var readFrames = analysis.Text.Values.Sum(t => t.Frames.Count);
            await store.PutJsonAsync(EmbedFeature.Text(assetId), new ShotTextSet(textFingerprint, shotText.Values.OrderBy(t => t.Shot).ToList(),
                readFrames, Math.Round(analysis.TextSeconds, 3)), ct);
            if (readFrames > 0)
                log.LogInformation("Text on screen of {Asset}: {Frames} frames of {Shots} shots read in {Seconds:0.00} s", assetId, readFrames, analysis.Text.Count, analysis.TextSeconds);
        }
        foreach (var (shot, v) in analysis.Vision) vision[shot] = v;
        foreach (var (shot, f) in analysis.Frames) frameRows[shot] = new FrameRows(shot, f.Mean, f.Head, f.Tail, f.HeadFrame, f.TailFrame);
        if (models is not null)
            await store.PutJsonAsync(EmbedFeature.Vision(assetId), new ShotVisionSet(models.Fingerprint, o.FramesPerShot, vision.Values.OrderBy(v => v.Shot).ToList()), ct);

        var annotations = spans.Select(s => Annotate(s.Shot, vision.GetValueOrDefault(s.Shot), analysis.Motion[s.Shot], o) with
        {
            Text = shotText.TryGetValue(s.Shot, out var t) ? Distinct(t.Lines) : null,
        }).ToList();

        var flavours = new List<FlavourVectors>();
        async Task AddAsync(string flavour, int dimension, string method, Func<int, float[]> vectorOf, Func<int, bool>? leftOut = null, Func<int, bool>? absent = null)
        {
            var key = EmbedFeature.EmbeddingVectors(assetId, flavour);
            await store.PutFloatsAsync(key, spans.SelectMany(s => vectorOf(s.Shot)).ToArray(), ct);
            var excluded = leftOut is null ? null : spans.Where(s => leftOut(s.Shot)).Select(s => s.Shot).ToList();
            var missing = absent is null ? null : spans.Where(s => absent(s.Shot)).Select(s => s.Shot).ToList();
            flavours.Add(new FlavourVectors(flavour, dimension, key, method, excluded, missing));
        }
        var identity = frames.Identity;
        await AddAsync(Flavours.Frame, frames.Dimension, identity.Method, s => frameRows[s].Mean);
        await AddAsync(Flavours.Motion, ShotMotion.MotionDimension, MotionMethod, s => analysis.Motion[s].MotionVector(), s => analysis.Motion[s].IsStill);
        await AddAsync(Flavours.Camera, ShotMotion.CameraDimension, CameraMethod, s => analysis.Motion[s].CameraVector(), s => analysis.Motion[s].IsCameraStill);
        if (models is not null)
        {
            // Shots without a person mask get a zero row that is named absent, so no zero vector reaches the index.
            var masks = annotations.Where(a => a.Silhouette is not null).ToDictionary(a => a.Shot, a => a.Silhouette!);
            await AddAsync(Flavours.Silhouette, SilhouetteVector.Dimension, SilhouetteVector.Method,
                s => masks.TryGetValue(s, out var m) ? SilhouetteVector.Of(m) : new float[SilhouetteVector.Dimension], absent: s => !masks.ContainsKey(s));
        }
        string headKey = EmbedFeature.EmbeddingVectors(assetId, "frame-head"), tailKey = EmbedFeature.EmbeddingVectors(assetId, "frame-tail");
        await store.PutFloatsAsync(headKey, spans.SelectMany(s => frameRows[s.Shot].Head).ToArray(), ct);
        await store.PutFloatsAsync(tailKey, spans.SelectMany(s => frameRows[s.Shot].Tail).ToArray(), ct);
        var boundaries = new BoundaryVectors(frames.Dimension, headKey, tailKey,
            spans.Select(s => frameRows[s.Shot].HeadFrame).ToList(), spans.Select(s => frameRows[s.Shot].TailFrame).ToList());

        await store.PutJsonAsync(EmbedFeature.Annotations(assetId), new ShotAnnotationSet(annotations), ct);
        await store.PutJsonAsync(EmbedFeature.Embeddings(assetId), new EmbeddingSet(spans.Select(s => s.Shot).ToList(), flavours,
            EmbedFeature.Annotations(assetId), boundaries, Provenance(identity, models, textModels), Fingerprint), ct);
    }

    private static ShotTextLines Lines(ShotText t, double fps) => new(t.Shot, t.Frames.Select(f => f.Frame).ToList(),
        t.Frames.SelectMany(f => f.Lines.Select(l => new ScreenText(l.Text, ScreenText.WordsOf(l.Text), Math.Round(l.Confidence, 4), f.Frame,
            Math.Round(f.Frame / fps, 3), (int)l.Box.X1, (int)l.Box.Y1, (int)MathF.Round(l.Box.Width), (int)MathF.Round(l.Box.Height)))).ToList());

    /// <summary>Each line once (case-insensitive), where it was read most surely, top to bottom.</summary>
    private static List<ScreenText> Distinct(IReadOnlyList<ScreenText> lines) =>
        lines.GroupBy(l => l.Text.ToUpperInvariant()).Select(g => g.MaxBy(l => l.Confidence)!).OrderBy(l => l.Y).ThenBy(l => l.X).ToList();

    private async Task<T> RequireJsonAsync<T>(FeatureRef feature, CancellationToken ct) =>
        await store.TryGetJsonAsync<T>(feature.Key, ct) ?? throw new ObjectNotFoundInStageException(feature.Key);

    /// <summary>Per flavour (and for tags and scale) the method and the model file that made it; model flavours are absent without models.</summary>
    private static Dictionary<string, ModelProvenance> Provenance(FrameEncoderIdentity frame, Encoders.Models.VisionModels? models, ScreenTextModels? text)
    {
        var p = new Dictionary<string, ModelProvenance>
        {
            [Flavours.Frame] = new(frame.Method, frame.Model, frame.ModelSha256),
            [Flavours.Motion] = new(MotionMethod, null, null),
            [Flavours.Camera] = new(CameraMethod, null, null),
        };
        if (text is not null)
        {
            p[Text] = new(ScreenTextModels.Method, text.RecognizerFile.Name, text.RecognizerFile.Sha256);
            p[TextDetector] = new(ScreenTextModels.Method, text.DetectorFile.Name, text.DetectorFile.Sha256);
        }
        if (models is null) return p;
        p[Flavours.Silhouette] = new(SilhouetteMethod, models.SegmenterFile.Name, models.SegmenterFile.Sha256);
        p[Tags] = new(TagsMethod, models.DetectorFile.Name, models.DetectorFile.Sha256);
        p[Scale] = new(ScaleMethod, models.FaceDetectorFile.Name, models.FaceDetectorFile.Sha256);
        return p;
    }

    private static ShotAnnotation Annotate(int shot, ShotVision? vision, ShotMotion motion, EncodingOptions o)
    {
        var c = motion.Camera;
        var summary = new MotionSummary(ShotMotion.GridSize, motion.Grid, c.Pan, c.Tilt, c.Zoom, c.Roll, motion.MeanSpeed);
        if (vision is null) return new ShotAnnotation(shot, new Dictionary<string, double>(), null, null, summary);
        var mask = vision.KeyframeMask;
        var silhouette = mask is not null && mask.Area >= o.MinPersonArea ? new Silhouette(mask.Width, mask.Height, Math.Round(mask.Area, 4), mask.Bits) : null;
        return new ShotAnnotation(shot, ShotTagger.Tags(vision.Frames, o.TagThreshold),
            ShotScale.Classify(vision.Frames, vision.FrameWidth, vision.FrameHeight, o.TagThreshold), silhouette, summary,
            ShotTagger.Confidences(vision.Frames, o.TagThreshold));
    }
}
