namespace Matchcut.Pipeline;

/// <summary>
/// Where a feature is stored (<see cref="Key"/>), which stage version made it, and for features that depend on models
/// the fingerprint of what computed them (method, model file and hash, sampling): a consumer that would compute the
/// feature with another fingerprint does not reuse it.
/// </summary>
public sealed record FeatureRef(string Key, string Version, string? Fingerprint = null);
