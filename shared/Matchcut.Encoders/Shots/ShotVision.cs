using Matchcut.Encoders.Models;

namespace Matchcut.Encoders.Shots;

/// <summary>What the models found in one sampled frame (boxes in standardized-frame pixels).</summary>
public sealed record FrameFindings(int Frame, IReadOnlyList<Detection> Objects, IReadOnlyList<FaceBox> Faces);

/// <summary>
/// The model outputs of one shot's sampled frames: the mean of the per-frame L2-normalized DeepLabV3 and YOLOX
/// features, what was found in each frame, and the person mask of the keyframe. Stored by whichever stage computes it
/// first (Dedup), reused by the next (EmbedGpu).
/// </summary>
public sealed record ShotVision(int Shot, int FrameWidth, int FrameHeight, float[] SegmenterMean, float[] DetectorMean,
    IReadOnlyList<FrameFindings> Frames, PersonMask? KeyframeMask);

/// <summary>Per-shot vision of an asset, with the models and sampling it was computed with.</summary>
public sealed record ShotVisionSet(string Fingerprint, int FramesPerShot, IReadOnlyList<ShotVision> Shots)
{
    public bool Fits(string fingerprint, int framesPerShot) => Fingerprint == fingerprint && FramesPerShot == framesPerShot;
}

/// <summary>A shot's frames in the standardized video: [First, Last] and its keyframe.</summary>
public sealed record ShotSpan(int Shot, int First, int Last, int Keyframe);
