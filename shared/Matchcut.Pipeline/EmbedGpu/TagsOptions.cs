namespace Matchcut.Pipeline;

/// <summary>
/// Which detected classes a shot shows as tags: a class is shown when its best detection confidence over the shot's
/// sampled frames reaches its threshold; the others stay listed with their confidence as low-confidence tags, and are
/// neither searched nor filtered on. The defaults are the lowest thresholds at which the tags of the labelled tune
/// shots (bench/truth/tags.csv) were right at least 9 times in 10; `make bench` reports precision and recall at them on
/// the held-out shots. Bound from "Tags".
/// </summary>
public sealed class TagsOptions
{
    public const string SectionName = "Tags";

    /// <summary>The threshold of every class without its own in <see cref="ClassMinConfidence"/>.</summary>
    public double MinConfidence { get; set; } = 0.62;

    /// <summary>Thresholds by class name (COCO, lower case), e.g. Tags__ClassMinConfidence__person=0.5.</summary>
    public Dictionary<string, double> ClassMinConfidence { get; set; } = new(StringComparer.OrdinalIgnoreCase) { ["person"] = 0.5 };

    /// <summary>The threshold of <paramref name="tag"/>.</summary>
    public double For(string tag) => ClassMinConfidence.TryGetValue(tag, out var t) ? t : MinConfidence;

    /// <summary>Null when valid, else what is wrong.</summary>
    public string? Problem() =>
        MinConfidence is < 0 or > 1 ? "Tags:MinConfidence must be within 0..1."
        : ClassMinConfidence.FirstOrDefault(c => c.Value is < 0 or > 1) is { Key: not null } bad ? $"Tags:ClassMinConfidence:{bad.Key} must be within 0..1."
        : null;

    /// <summary>
    /// The shot's tags (strongest first, ties by name) and scale in lower case, as the index stores and filters them and
    /// the result document and beats show them: only classes whose confidence reaches their threshold; the others are
    /// returned apart with their confidence. Null tags and scale for a shot without annotations, so "none found" and "not
    /// annotated" stay apart. Annotations made before confidences were stored show every tag, with no confidence.
    /// </summary>
    public ShotLabels Labels(ShotAnnotation? annotation)
    {
        if (annotation is null) return new ShotLabels(null, null, new Dictionary<string, double>(), new Dictionary<string, double>());
        var confidence = (annotation.TagConfidence ?? new Dictionary<string, double>()).ToDictionary(c => c.Key.ToLowerInvariant(), c => c.Value);
        var ordered = annotation.Tags.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key.ToLowerInvariant()).ToList();
        bool Shown(string tag) => annotation.TagConfidence is null || confidence.GetValueOrDefault(tag) >= For(tag);
        return new ShotLabels(ordered.Where(Shown).ToList(), annotation.Scale?.ToLowerInvariant(),
            ordered.Where(t => Shown(t) && confidence.ContainsKey(t)).ToDictionary(t => t, t => confidence[t]),
            ordered.Where(t => !Shown(t)).ToDictionary(t => t, t => confidence.GetValueOrDefault(t)));
    }
}

/// <summary>A shot's shown tags (strongest first) with their confidences, its low-confidence tags, and its scale.</summary>
public sealed record ShotLabels(IReadOnlyList<string>? Tags, string? Scale, IReadOnlyDictionary<string, double> Confidence, IReadOnlyDictionary<string, double> LowConfidence);
