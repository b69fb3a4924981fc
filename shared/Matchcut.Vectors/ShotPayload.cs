namespace Matchcut.Vectors;

/// <summary>
/// What a search hit tells about its shot without another lookup. Tags (COCO class names, strongest first) and Scale
/// (close-up, medium, wide) are the shot's annotations, stored in lower case so filters match them exactly; null when
/// the shot has none.
/// </summary>
public sealed record ShotPayload(
    string TitleId,
    string AssetId,
    int ShotIndex,
    double StartSec,
    double EndSec,
    string KeyframeKey,
    string ClipKey,
    IReadOnlyList<string>? Tags = null,
    string? Scale = null)
{
    /// <summary>The tags, empty when the shot has none.</summary>
    public IReadOnlyList<string> TagList => Tags ?? [];

    // Value equality over the tags too: a payload read back from an index equals the one written.
    public bool Equals(ShotPayload? other) =>
        other is not null
        && TitleId == other.TitleId && AssetId == other.AssetId && ShotIndex == other.ShotIndex
        && StartSec.Equals(other.StartSec) && EndSec.Equals(other.EndSec)
        && KeyframeKey == other.KeyframeKey && ClipKey == other.ClipKey && Scale == other.Scale
        && TagList.SequenceEqual(other.TagList, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(TitleId, AssetId, ShotIndex, StartSec, EndSec, Scale, TagList.Count);
}
