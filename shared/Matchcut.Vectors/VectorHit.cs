namespace Matchcut.Vectors;

/// <summary>A search result: cosine similarity, higher is closer.</summary>
public sealed record VectorHit(string ShotId, float Score, ShotPayload Payload);
