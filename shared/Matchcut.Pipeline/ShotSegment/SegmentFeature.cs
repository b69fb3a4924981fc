using System.Globalization;

namespace Matchcut.Pipeline;

/// <summary>ShotSegment's feature: the shot list (<see cref="ShotList"/>) with each shot's pictures and where its clip is kept once cut.</summary>
public static class SegmentFeature
{
    /// <summary>Bump when the shots, their clips or pictures change; older results are then recomputed, not reused.
    /// seg-v10: montage cuts beside a larger cut, gradual transitions standing out from the quieter neighbouring window, two-frame shots between cuts.</summary>
    public const string Version = "seg-v10";

    public static string Shots(string assetId) => $"assets/{assetId}/shots/{Version}/shots.json";
    public static string Clip(string assetId, int shot) => $"assets/{assetId}/shots/{Version}/clips/{Num(shot)}.mp4";
    public static string Keyframe(string assetId, int shot) => $"assets/{assetId}/shots/{Version}/keyframes/{Num(shot)}.jpg";
    public static string FirstFrame(string assetId, int shot) => $"assets/{assetId}/shots/{Version}/first/{Num(shot)}.jpg";
    public static string LastFrame(string assetId, int shot) => $"assets/{assetId}/shots/{Version}/last/{Num(shot)}.jpg";

    public static FeatureRef Ref(string assetId) => new(Shots(assetId), Version);

    private static string Num(int shot) => shot.ToString("D5", CultureInfo.InvariantCulture);
}
