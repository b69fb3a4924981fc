namespace Matchcut.Deployment.Tests;

/// <summary>A matchcut service as compose declares it: built from one of our Dockerfiles.</summary>
public sealed record ComposeService(string Name, Dictionary<object, object?> Node)
{
    public Dictionary<object, object?> Build => Node.Map("build");
    public string Dockerfile => Build.Scalar("dockerfile") ?? "Dockerfile";
    public string? Project => Build.MapOrEmpty("args").Scalar("PROJECT");
    public Dictionary<object, object?> Environment => Node.MapOrEmpty("environment");
}

/// <summary>The deployment files, loaded once.</summary>
public static class Deployment
{
    public static Dictionary<object, object?> Compose { get; } = RepositoryFiles.LoadYaml(RepositoryFiles.ComposeFile);
    public static Dictionary<object, object?> Values { get; } = RepositoryFiles.LoadYaml(Path.Combine(RepositoryFiles.ChartFolder, "values.yaml"));
    public static Dictionary<object, object?> Chart { get; } = RepositoryFiles.LoadYaml(Path.Combine(RepositoryFiles.ChartFolder, "Chart.yaml"));

    /// <summary>Compose services built from this repository (not the third-party images).</summary>
    public static IReadOnlyList<ComposeService> ComposeServices { get; } =
        Compose.Map("services").Entries().Where(e => e.Value.ContainsKey("build")).Select(e => new ComposeService(e.Key, e.Value)).ToList();

    /// <summary>Each chart service as the templates see it: `default` deep-merged with its own block.</summary>
    public static IReadOnlyDictionary<string, Dictionary<object, object?>> ChartServices { get; } =
        Values.Map("services").Entries().ToDictionary(e => e.Key, e => DeepMerge(Values.Map("default"), e.Value));

    /// <summary>The chart's matchcut.deepMerge: the override wins, maps merge key by key.</summary>
    public static Dictionary<object, object?> DeepMerge(Dictionary<object, object?> @base, Dictionary<object, object?> @override)
    {
        var merged = new Dictionary<object, object?>(@base);
        foreach (var (key, value) in @override)
            merged[key] = value is Dictionary<object, object?> map && merged.GetValueOrDefault(key) is Dictionary<object, object?> baseMap
                ? DeepMerge(baseMap, map)
                : value;
        return merged;
    }
}
