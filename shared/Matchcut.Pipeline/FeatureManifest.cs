using System.Text.Json.Serialization;

namespace Matchcut.Pipeline;

/// <summary>
/// The features of one asset known so far, by name (<see cref="FeatureNames"/>): every pipeline event carries the
/// manifest it received plus what its stage produced, so a stage reads exactly what its message names and nothing else.
/// Immutable: <see cref="With"/> returns a new manifest.
/// </summary>
public sealed record FeatureManifest
{
    private readonly Dictionary<string, FeatureRef> _features;

    public FeatureManifest() : this(new Dictionary<string, FeatureRef>(StringComparer.Ordinal)) { }

    [JsonConstructor]
    public FeatureManifest(Dictionary<string, FeatureRef> features) =>
        _features = new Dictionary<string, FeatureRef>(features ?? [], StringComparer.Ordinal);

    public static FeatureManifest Empty { get; } = new();

    /// <summary>Name to reference; a copy, so the manifest cannot be changed through it.</summary>
    public Dictionary<string, FeatureRef> Features
    {
        get => new(_features, StringComparer.Ordinal);
        init => _features = new Dictionary<string, FeatureRef>(value ?? [], StringComparer.Ordinal);
    }

    [JsonIgnore]
    public IEnumerable<string> Names => _features.Keys.Order(StringComparer.Ordinal);

    /// <summary>The feature, or a bad-input error naming it: a message without it cannot succeed however often it is retried.</summary>
    public FeatureRef Require(string name) =>
        _features.TryGetValue(name, out var feature)
            ? feature
            : throw new FeatureMissingException(name, Names);

    /// <summary>The feature when the manifest names it.</summary>
    public FeatureRef? Find(string name) => _features.GetValueOrDefault(name);

    /// <summary>A new manifest with <paramref name="name"/> set to <paramref name="feature"/>.</summary>
    public FeatureManifest With(string name, FeatureRef feature)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(feature);
        var copy = new Dictionary<string, FeatureRef>(_features, StringComparer.Ordinal) { [name] = feature };
        return new FeatureManifest(copy);
    }

    public bool Equals(FeatureManifest? other) =>
        other is not null && other._features.Count == _features.Count
        && _features.All(f => other._features.TryGetValue(f.Key, out var o) && o == f.Value);

    public override int GetHashCode() => _features.Count;

    public override string ToString() => string.Join(", ", Names.Select(n => $"{n}={_features[n].Key}"));
}

/// <summary>A message lacks a feature its stage reads: bad input, so it is neither retried nor redelivered.</summary>
public sealed class FeatureMissingException(string name, IEnumerable<string> present)
    : Exception($"The message's feature manifest names no '{name}' feature (it names: {string.Join(", ", present.DefaultIfEmpty("none"))}).")
{
    public string Feature { get; } = name;
}

/// <summary>A pipeline event that carries the asset's features.</summary>
public interface IFeatureMessage : IAssetMessage
{
    FeatureManifest Features { get; }
}
