using System.Text.Json.Nodes;

namespace Matchcut.Vectors.Qdrant;

/// <summary>Maps a shot's payload to Qdrant's JSON payload and back; the shot id rides along because the point id is only its hash.</summary>
internal static class QdrantPayload
{
    public const string ShotId = "shotId";
    public const string TitleId = "titleId";
    public const string AssetId = "assetId";

    public static JsonObject ToJson(string shotId, ShotPayload p) => new()
    {
        [ShotId] = shotId,
        [TitleId] = p.TitleId,
        [AssetId] = p.AssetId,
        ["shotIndex"] = p.ShotIndex,
        ["startSec"] = p.StartSec,
        ["endSec"] = p.EndSec,
        ["keyframeKey"] = p.KeyframeKey,
        ["clipKey"] = p.ClipKey,
    };

    public static (string ShotId, ShotPayload Payload) FromJson(JsonNode payload) => (
        payload[ShotId]!.GetValue<string>(),
        new ShotPayload(
            payload[TitleId]!.GetValue<string>(),
            payload[AssetId]!.GetValue<string>(),
            payload["shotIndex"]!.GetValue<int>(),
            payload["startSec"]!.GetValue<double>(),
            payload["endSec"]!.GetValue<double>(),
            payload["keyframeKey"]!.GetValue<string>(),
            payload["clipKey"]!.GetValue<string>()));
}
