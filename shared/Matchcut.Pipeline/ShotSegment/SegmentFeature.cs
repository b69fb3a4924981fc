using System.Globalization;

namespace Matchcut.Pipeline;

/// <summary>ShotSegment's feature: the shot list (<see cref="ShotList"/>) with each shot's clip and pictures.</summary>
public static class SegmentFeature
{
    /// <summary>Bump when the shots, their clips or pictures change; older results are then recomputed, not reused.
    /// seg-v8: a flash a few frames from a hard cut no longer hides the cut.</summary>
    public const string Version = "seg-v8";

    public static string Shots(string assetId) => $"assets/{assetId}/shots/{Version}/shots.json";
    public static string Clip(string assetId, int shot) => $"assets/{assetId}/shots/{Version}/clips/{Num(shot)}.mp4";
    public static string Keyframe(string assetId, int shot) => $"assets/{assetId}/shots/{Version}/keyframes/{Num(shot)}.jpg";
    public static string FirstFrame(string assetId, int shot) => $"assets/{assetId}/shots/{Version}/first/{Num(shot)}.jpg";
    public static string LastFrame(string assetId, int shot) => $"assets/{assetId}/shots/{Version}/last/{Num(shot)}.jpg";

    public static FeatureRef Ref(string assetId) => new(Shots(assetId), Version);

    private static string Num(int shot) => shot.ToString("D5", CultureInfo.InvariantCulture);
}
