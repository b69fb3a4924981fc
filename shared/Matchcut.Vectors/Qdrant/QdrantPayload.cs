using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace Matchcut.Vectors.Qdrant;

/// <summary>Maps a shot's payload to Qdrant's payload values and back; the shot id rides along because the point id is only its hash.</summary>
internal static class QdrantPayload
{
    public const string ShotId = "shotId";
    public const string TitleId = "titleId";
    public const string AssetId = "assetId";
    public const string Tags = "tags";
    public const string Scale = "scale";

    /// <summary>The fields filters use, each with a keyword index (tags: an array of keywords, matched per element).</summary>
    public static readonly string[] IndexedFields = [TitleId, AssetId, Tags, Scale];

    public static Dictionary<string, Value> ToValues(string shotId, ShotPayload p)
    {
        var values = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            [ShotId] = shotId,
            [TitleId] = p.TitleId,
            [AssetId] = p.AssetId,
            ["shotIndex"] = (long)p.ShotIndex,
            ["startSec"] = p.StartSec,
            ["endSec"] = p.EndSec,
            ["keyframeKey"] = p.KeyframeKey,
            ["clipKey"] = p.ClipKey,
        };
        if (p.Tags is not null) values[Tags] = p.Tags.ToArray();
        if (p.Scale is not null) values[Scale] = p.Scale;
        return values;
    }

    public static (string ShotId, ShotPayload Payload) FromValues(MapField<string, Value> payload) => (
        payload[ShotId].StringValue,
        new ShotPayload(
            payload[TitleId].StringValue,
            payload[AssetId].StringValue,
            (int)Number(payload["shotIndex"]),
            Number(payload["startSec"]),
            Number(payload["endSec"]),
            payload["keyframeKey"].StringValue,
            payload["clipKey"].StringValue,
            payload.TryGetValue(Tags, out var tags) ? tags.ListValue.Values.Select(v => v.StringValue).ToArray() : null,
            payload.TryGetValue(Scale, out var scale) ? scale.StringValue : null));

    // Qdrant keeps a JSON number as integer or double depending on how it was written.
    private static double Number(Value v) => v.KindCase == Value.KindOneofCase.IntegerValue ? v.IntegerValue : v.DoubleValue;
}
