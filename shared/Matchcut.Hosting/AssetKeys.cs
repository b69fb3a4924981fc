using System.Globalization;

namespace Matchcut.Hosting;

/// <summary>Where each stage keeps its results: under the content's asset id and the stage's version, so a result is reused only while it means the same.</summary>
public static class AssetKeys
{
    public static string Asset(string assetId) => $"assets/{assetId}/asset.json";
    public static string Source(string assetId) => $"assets/{assetId}/source";
    public static string Incoming(Guid upload) => $"incoming/{upload:N}";
    public static string TitleOfAsset(string assetId, string titleId) => $"assets/{assetId}/titles/{titleId}.json";
    public static string AssetOfTitle(string titleId, string assetId) => $"titles/{titleId}/{assetId}.json";
    public static string TitlePrefix(string titleId) => $"titles/{titleId}/";
    public static string Status(string assetId, string stage) => $"assets/{assetId}/status/{stage}.json";

    public static string StandardVideo(string assetId, string profile) => $"assets/{assetId}/std/{profile}/video.mp4";
    public static string Timeline(string assetId, string profile) => $"assets/{assetId}/std/{profile}/timeline.json";

    /// <summary>The segmentation features StandardizedEncode's decode leaves for ShotSegment, by their version (SegmentationFeatures.Version).</summary>
    public static string SegmentFeatures(string assetId, string profile, string version) => $"assets/{assetId}/std/{profile}/{version}.segfeat";

    public static string Shots(string assetId) => $"assets/{assetId}/shots/{StageVersions.Segment}/shots.json";
    public static string Clip(string assetId, int shot) => $"assets/{assetId}/shots/{StageVersions.Segment}/clips/{Num(shot)}.mp4";
    public static string Keyframe(string assetId, int shot) => $"assets/{assetId}/shots/{StageVersions.Segment}/keyframes/{Num(shot)}.jpg";
    public static string FirstFrame(string assetId, int shot) => $"assets/{assetId}/shots/{StageVersions.Segment}/first/{Num(shot)}.jpg";
    public static string LastFrame(string assetId, int shot) => $"assets/{assetId}/shots/{StageVersions.Segment}/last/{Num(shot)}.jpg";

    public static string Dedup(string assetId) => $"assets/{assetId}/dedup/{StageVersions.Dedup}/dedup.json";
    public static string Embeddings(string assetId) => $"assets/{assetId}/embed/{StageVersions.Embed}/embeddings.json";
    public static string EmbeddingVectors(string assetId, string flavour) => $"assets/{assetId}/embed/{StageVersions.Embed}/{flavour}.f32";
    public static string Annotations(string assetId) => $"assets/{assetId}/embed/{StageVersions.Embed}/annotations.json";
    public static string Vision(string assetId) => $"assets/{assetId}/vision/{StageVersions.Vision}/vision.json";
    public static string FrameVectors(string assetId) => $"assets/{assetId}/frames/{StageVersions.Frames}/frames.json";
    public static string FrameVectorRows(string assetId, string kind) => $"assets/{assetId}/frames/{StageVersions.Frames}/{kind}.f32";
    public static string Matches(string assetId) => $"assets/{assetId}/score/{StageVersions.Score}/matches.json";
    public static string Indexed(string assetId) => $"assets/{assetId}/index/{StageVersions.Index}/indexed.json";

    private static string Num(int shot) => shot.ToString("D5", CultureInfo.InvariantCulture);
}
