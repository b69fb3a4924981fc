using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Matchcut.Deployment.Tests;

/// <summary>Paths of the deployment files and a YAML loader that resolves anchors and merge keys as compose does.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string ComposeFile => Path.Combine(Root, "docker-compose.yml");
    public static string ChartFolder => Path.Combine(Root, "charts", "matchcut");
    public static string TemplatesFolder => Path.Combine(ChartFolder, "templates");

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>YAML as plain dictionaries, lists and strings; `<<: *anchor` merges are applied.</summary>
    public static Dictionary<object, object?> LoadYaml(string path)
    {
        using var reader = new StreamReader(path);
        var parser = new MergingParser(new Parser(reader));
        var document = new DeserializerBuilder().Build().Deserialize<object>(parser);
        return Assert.IsType<Dictionary<object, object?>>(document);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(dir.FullName, "services")))
                return dir.FullName;
        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Navigation over the loosely typed YAML graph, failing with the path that was missing.</summary>
public static class Yaml
{
    public static Dictionary<object, object?> Map(this Dictionary<object, object?> node, string key) =>
        node.TryGetValue(key, out var value) && value is Dictionary<object, object?> map
            ? map
            : throw new Xunit.Sdk.XunitException($"'{key}' is not a mapping");

    public static Dictionary<object, object?> MapOrEmpty(this Dictionary<object, object?> node, string key) =>
        node.TryGetValue(key, out var value) && value is Dictionary<object, object?> map ? map : [];

    public static List<object?> ListOrEmpty(this Dictionary<object, object?> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object?> list ? list : [];

    public static string? Scalar(this Dictionary<object, object?> node, string key) =>
        node.TryGetValue(key, out var value) ? value as string : null;

    public static IEnumerable<(string Key, Dictionary<object, object?> Value)> Entries(this Dictionary<object, object?> node) =>
        node.Select(e => ((string)e.Key, e.Value as Dictionary<object, object?> ?? []));
}
