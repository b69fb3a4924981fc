using Matchcut.Encoders.Models;

namespace Matchcut.Encoders.Shots;

/// <summary>What the models found in one sampled frame (boxes in standardized-frame pixels).</summary>
public sealed record FrameFindings(int Frame, IReadOnlyList<Detection> Objects, IReadOnlyList<FaceBox> Faces);

/// <summary>
/// What the folder models found in one shot: the objects and faces of each sampled frame (YOLOX, YuNet) and the
/// keyframe's person mask (DeepLabV3, run on the keyframe alone). Stored by EmbedGpu and reused when it runs again.
/// </summary>
public sealed record ShotVision(int Shot, int FrameWidth, int FrameHeight,
    IReadOnlyList<FrameFindings> Frames, PersonMask? KeyframeMask);

/// <summary>Per-shot vision of an asset, with the models and sampling it was computed with.</summary>
public sealed record ShotVisionSet(string Fingerprint, int FramesPerShot, IReadOnlyList<ShotVision> Shots)
{
    public bool Fits(string fingerprint, int framesPerShot) => Fingerprint == fingerprint && FramesPerShot == framesPerShot;
}

/// <summary>A shot's frames in the standardized video: [First, Last] and its keyframe.</summary>
public sealed record ShotSpan(int Shot, int First, int Last, int Keyframe);
