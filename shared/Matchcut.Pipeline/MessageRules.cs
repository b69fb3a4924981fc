using Matchcut.Contracts;
using static Matchcut.Contracts.MessageFields;

namespace Matchcut.Pipeline;

/// <summary>
/// What a landing or a pipeline message must hold before anything reads or writes on its behalf: the same rules for a
/// request to the API and a message from the bus, whoever published it. Ids become object-key segments and manifest
/// keys are read as given, so both are held to the asset's own prefix.
/// </summary>
public static class MessageRules
{
    public const int MaxMetadataEntries = 64;
    public const int MaxMetadataKeyLength = 128;
    public const int MaxMetadataValueLength = 2048;
    public const int MaxManifestEntries = 64;

    /// <summary>Why the landing cannot be taken, or null when it can.</summary>
    public static string? Problem(AssetLanded? landed)
    {
        if (landed is null) return "The message has no body.";
        if (!IsSafeId(landed.TitleId)) return $"titleId {Show(landed.TitleId)} is not a title id: it is required and uses 1 to {MaxIdLength} of [A-Za-z0-9._-], not starting with a dot.";
        if (string.IsNullOrWhiteSpace(landed.SourceUri)) return "sourceUri is required: an absolute file path, file:// or s3:// URI.";
        if (landed.SourceUri.Length > MaxSourceUriLength) return $"sourceUri is {landed.SourceUri.Length} characters long; at most {MaxSourceUriLength} are taken.";
        if (landed.SourceUri.Any(char.IsControl)) return "sourceUri holds control characters.";
        if (landed.Metadata is { } metadata)
        {
            if (metadata.Count > MaxMetadataEntries) return $"metadata has {metadata.Count} entries; at most {MaxMetadataEntries} are taken.";
            foreach (var (key, value) in metadata)
            {
                if (string.IsNullOrEmpty(key) || key.Length > MaxMetadataKeyLength) return $"metadata keys are 1 to {MaxMetadataKeyLength} characters long.";
                if (value is null) return $"metadata '{Show(key)}' has no value.";
                if (value.Length > MaxMetadataValueLength) return $"metadata '{Show(key)}' is {value.Length} characters long; at most {MaxMetadataValueLength} are taken.";
            }
        }
        return null;
    }

    /// <summary>Why a pipeline message cannot be processed, or null when it can: ids, and every manifest key under the asset's prefix.</summary>
    public static string? Problem(IFeatureMessage? message)
    {
        if (message is null) return "The message has no body.";
        if (!IsAssetId(message.AssetId)) return $"assetId {Show(message.AssetId)} is not an asset id (16 lower-case hex digits).";
        if (!IsSafeId(message.TitleId)) return $"titleId {Show(message.TitleId)} is not a title id: it is required and uses 1 to {MaxIdLength} of [A-Za-z0-9._-], not starting with a dot.";
        if (message.Features is not { } manifest) return "The message has no feature manifest.";
        var features = manifest.Features;
        if (features.Count > MaxManifestEntries) return $"The feature manifest names {features.Count} features; at most {MaxManifestEntries} are taken.";
        var prefix = $"assets/{message.AssetId}/";
        foreach (var (name, feature) in features)
        {
            if (!IsSafeId(name)) return $"Feature name {Show(name)} is not a feature name.";
            if (feature?.Key is not { } key) return $"Feature '{name}' names no key.";
            if (!IsKeyUnder(key, prefix)) return $"Feature '{name}' names key {Show(key)}, which is not under the asset's own prefix {prefix}.";
        }
        return null;
    }

    /// <summary>Throws <see cref="AssetRejectedException"/> (bad input: never retried) with <see cref="Problem(AssetLanded)"/>.</summary>
    public static void Check(AssetLanded? landed)
    {
        if (Problem(landed) is { } problem) throw new AssetRejectedException(problem);
    }

    /// <summary>Throws <see cref="AssetRejectedException"/> (bad input: never retried) with <see cref="Problem(IFeatureMessage)"/>.</summary>
    public static void Check(IFeatureMessage? message)
    {
        if (Problem(message) is { } problem) throw new AssetRejectedException(problem);
    }

    /// <summary>A key below <paramref name="prefix"/> made of plain segments: no empty, dot or dot-dot segment, no backslash or control character.</summary>
    public static bool IsKeyUnder(string key, string prefix)
    {
        if (key.Length > 1024 || !key.StartsWith(prefix, StringComparison.Ordinal) || key.Length == prefix.Length) return false;
        if (key.Any(c => c == '\\' || char.IsControl(c))) return false;
        return key[prefix.Length..].Split('/').All(s => s.Length > 0 && s != "." && s != "..");
    }
}
