namespace Matchcut.Vectors;

/// <summary>One shot in the index: a named vector per match-cut flavour, and its payload.</summary>
public sealed record ShotPoint(string ShotId, IReadOnlyDictionary<string, float[]> Vectors, ShotPayload Payload);
