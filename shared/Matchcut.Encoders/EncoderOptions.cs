namespace Matchcut.Encoders;

/// <summary>Bound from the "Models" configuration section: where the ONNX files are and which ones to use.</summary>
public sealed class ModelFilesOptions
{
    /// <summary>Models folder; unset means MATCHCUT_MODELS, else the nearest shared/models above the running binary.</summary>
    public string? Folder { get; set; }

    /// <summary>
    /// Whether the folder models (silhouettes, tags, scale) run. True by default: a models folder that cannot be found
    /// then stops the host at start-up, naming where it looked. False runs without them, and results carry no
    /// silhouette, tags or scale (their provenance is absent).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>DeepLabV3 with the pooled 160-d output (inputs/outputs as <see cref="Models.DeepLabSegmenter.Spec"/>).</summary>
    public string Segmenter { get; set; } = "deeplabv3_mnv2_voc_gap160.onnx";

    /// <summary>YOLOX-nano with the dark5 map output (as <see cref="Models.YoloxDetector.Spec"/>).</summary>
    public string Detector { get; set; } = "yolox_nano_coco_dark5.onnx";

    /// <summary>YuNet 120x160 with loc/conf/iou heads (as <see cref="Models.YuNetFaceDetector.Spec"/>).</summary>
    public string FaceDetector { get; set; } = "yunet_face_120x160.onnx";

    /// <summary>
    /// The frame encoder's network; unset means ResNet18.onnx of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18,
    /// copied beside the binary (DnnImageModels/ResNet18Onnx). Not in the models folder: every build has it.
    /// </summary>
    public string? ResNet18 { get; set; }

    /// <summary>The package's preprocessing model for ResNet18; unset means DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx beside the binary.</summary>
    public string? ResNetPreprocess { get; set; }

    /// <summary>Where the ResNet18 copy with its last feature map exposed is written; unset means the temp folder.</summary>
    public string? CacheFolder { get; set; }

    public string ResNet18Path => ResNet18 ?? Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
    public string ResNetPreprocessPath => ResNetPreprocess ?? Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");
    public string CachePath => CacheFolder ?? Path.Combine(Path.GetTempPath(), "matchcut-models");
}

/// <summary>Bound from the "Onnx" configuration section: how sessions run.</summary>
public sealed class OnnxOptions
{
    /// <summary>"Cpu" or "Cuda".</summary>
    public string ExecutionProvider { get; set; } = "Cpu";

    /// <summary>With Cuda: run on CPU instead of failing when the CUDA provider cannot be set up. Off unless configured,
    /// so a GPU pod that lost its GPU fails loudly rather than crawling on CPU.</summary>
    public bool AllowCpuFallback { get; set; }

    /// <summary>Threads inside one Run; 0 splits the machine's cores between the concurrent runs of a batch.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Path of a libonnxruntime.so to load instead of the NuGet package's (unset: the package's, beside the app).</summary>
    public string? LibraryPath { get; set; }
}

/// <summary>Bound from the "Embedding" configuration section: what Dedup and EmbedGpu compute per shot (they must agree).</summary>
public sealed class EncodingOptions
{
    /// <summary>
    /// What makes the frame flavour and Dedup's descriptor: "resnet18" (default; the packaged ImageNet ResNet18, see
    /// Frames.ResNetFrameEncoder), "deeplab-yolox" (the folder models' pooled features, Shots.FrameVector; needs the
    /// models folder) or "classical" (the colour-composition descriptor; Dedup then compares the segmenter's colour layout). Nothing else falls back: a configured encoder whose files are missing fails at start-up.
    /// </summary>
    public string FrameEncoder { get; set; } = FrameEncoders.ResNet18;

    /// <summary>Weight of the ResNet18 2x2 layout block against its pooled block (each L2-normalized first).</summary>
    public float LayoutWeight { get; set; } = 1.0f;

    /// <summary>Frames sampled per shot for the folder models (evenly spread, the one nearest the keyframe snapped to it).</summary>
    public int FramesPerShot { get; set; } = 5;

    /// <summary>
    /// Frames the frame encoder describes per shot besides its first and last clean frame, spread and snapped as
    /// <see cref="FramesPerShot"/>: the frame flavour's mean, Dedup's single frames and search by picture read them.
    /// </summary>
    public int FrameVectorsPerShot { get; set; } = 3;

    /// <summary>
    /// Frames gathered across shots before they go to the models. The models have a fixed batch dimension of 1, so a
    /// batch is run as that many back-to-back Run calls, up to <see cref="ConcurrentRuns"/> at once.
    /// </summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Run calls in flight at once within a batch; 0 means one per core (at most the batch size).</summary>
    public int ConcurrentRuns { get; set; }

    /// <summary>Weight of the DeepLabV3 pooled block in the frame vector.</summary>
    public float SegmenterWeight { get; set; } = 1.0f;

    /// <summary>Weight of the YOLOX dark5 block in the frame vector.</summary>
    /// <remarks>Half, because the pooled dark5 features of unrelated shots already have cosine 0.6-0.9 (post-activation,
    /// all positive) and would drown the DeepLab block; measured with 0.5: two stretches of one shot 0.989, the two
    /// hands close-ups of issue-195 0.83, the two leaf-on-rock shots in other light 0.69, unrelated shots 0.13-0.56.</remarks>
    public float DetectorWeight { get; set; } = 0.5f;

    /// <summary>Shots whose keyframe has less person area than this share of the frame get no silhouette.</summary>
    public double MinPersonArea { get; set; } = 0.02;

    /// <summary>Detections at or above this confidence count as a class being present in a frame (for tags).</summary>
    public float TagThreshold { get; set; } = 0.35f;

    /// <summary>Optical-flow resolution: frames are reduced to about this many pixels (160x90 at 16:9).</summary>
    public int FlowPixels { get; set; } = 160 * 90;

    /// <summary>
    /// Most frames of a shot fed to the flow, as <see cref="MotionRunFrames"/>-frame runs of consecutive frames spread
    /// evenly over the shot's clean part (its motion is the mean over their frame pairs); 0: every frame.
    /// </summary>
    public int MotionMaxFrames { get; set; } = 72;

    /// <summary>Consecutive frames in each sampled run of a long shot's flow.</summary>
    public int MotionRunFrames { get; set; } = 24;

    /// <summary>Null when the motion sampling is usable, else what is wrong (checked at start-up).</summary>
    public string? MotionProblem() =>
        MotionMaxFrames is < 0 or 1 ? $"Embedding:MotionMaxFrames is {MotionMaxFrames}: 0 (every frame) or at least 2."
        : MotionRunFrames < 2 ? $"Embedding:MotionRunFrames is {MotionRunFrames}: at least 2 (a run is frame pairs)."
        : null;

    /// <summary>The runs of consecutive frames of [first, last] the flow reads (the whole span when it is short enough).</summary>
    public IReadOnlyList<(int First, int Last)> MotionRuns(int first, int last)
    {
        var length = last - first + 1;
        if (MotionMaxFrames <= 0 || length <= MotionMaxFrames) return [(first, last)];
        var run = Math.Clamp(MotionRunFrames, 2, MotionMaxFrames);
        var count = Math.Max(1, MotionMaxFrames / run);
        // Each run centred in its slice of the shot, so the runs cover its start, middle and end alike.
        return Enumerable.Range(0, count).Select(j =>
        {
            var centre = first + (int)((j + 0.5) * length / count);
            var start = Math.Clamp(centre - run / 2, first, last - run + 1);
            return (start, start + run - 1);
        }).ToList();
    }
}

/// <summary>Names accepted by <see cref="EncodingOptions.FrameEncoder"/>.</summary>
public static class FrameEncoders
{
    public const string ResNet18 = "resnet18", Classical = "classical", DeepLabYolox = "deeplab-yolox";
}
