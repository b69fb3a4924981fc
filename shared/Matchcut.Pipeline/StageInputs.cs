using System.Security.Cryptography;
using System.Text;

namespace Matchcut.Pipeline;

/// <summary>
/// The features a stage's stored result was made from: the SHA-256 of its message's manifest (each feature's name, key,
/// version and fingerprint). A stored result counts as current only when it was made from the features the message
/// names now, so a result computed from an older segmentation or encode is made again rather than reused.
/// </summary>
public sealed record StageInputs(string ManifestSha256)
{
    public static StageInputs Of(FeatureManifest manifest)
    {
        var lines = manifest.Features.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Key}\t{f.Value.Key}\t{f.Value.Version}\t{f.Value.Fingerprint}\n");
        return new StageInputs(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines)))));
    }
}
