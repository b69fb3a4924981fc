using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.Dedup;
using Matchcut.EmbedGpu;
using Matchcut.ServiceDefaults;
using Matchcut.Ingest;
using Matchcut.Media;
using Matchcut.Score;
using Matchcut.Storage.S3;
using Matchcut.Vectors.InProcess;
using Matchcut.Vectors.Qdrant;
using Matchcut.Stages;
using Matchcut.Storage;
using Matchcut.Vectors;

namespace Matchcut.Deployment.Tests;

/// <summary>
/// Checks an environment variable such as <c>Bus__RabbitMq__Port</c> against the options classes the services
/// bind: walks <c>Section__Key</c> through their properties (case-insensitively, as the configuration binder
/// does) and converts the value to the property's type.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>Configuration sections and the class bound to each (ServiceDefaults, StageConsumerDefinition, the stages' Extensions).</summary>
    public static readonly IReadOnlyList<(string Section, Type Options)> Bound =
    [
        ("Bus", typeof(BusOptions)),
        ("Storage", typeof(StorageOptions)),
        (S3StorageOptions.SectionName, typeof(S3StorageOptions)),
        ("Vectors", typeof(VectorsOptions)),
        (QdrantOptions.SectionName, typeof(QdrantOptions)),
        (InProcessVectorIndexOptions.SectionName, typeof(InProcessVectorIndexOptions)),
        ("Media", typeof(MediaOptions)),
        .. PipelineStages.All.Select(stage => ($"Stages:{stage}", typeof(StageOptions))),
        ("Ingest", typeof(IngestOptions)),
        ("Dedup", typeof(DedupOptions)),
        ("Embedding", typeof(Matchcut.Encoders.EncodingOptions)),
        ("Models", typeof(Matchcut.Encoders.ModelFilesOptions)),
        ("Onnx", typeof(Matchcut.Encoders.OnnxOptions)),
        ("Scoring", typeof(ScoringOptions)),
        ("Text", typeof(Matchcut.Encoders.Text.TextOptions)),
        ("Segmentation", typeof(Matchcut.Analysis.Segmentation.SegmentationOptions)),
        ("ShotSegment", typeof(Matchcut.ShotSegment.ShotLimitOptions)),
        ("Query", typeof(Matchcut.Index.Query.MediaLinkOptions)),
        ("Query:Words", typeof(Matchcut.Index.Query.WordSearchOptions)),
        ("Query:Search", typeof(Matchcut.Index.Query.ShotSearchOptions)),
        .. Matchcut.Index.Query.QueryLimits.Defaults.Keys.Select(kind => ($"Query:Limits:{kind}", typeof(Matchcut.Index.Query.QueryLimit))),
        ("Index:Refill", typeof(Matchcut.Index.IndexRefillOptions)),
        (Matchcut.Pipeline.TagsOptions.SectionName, typeof(Matchcut.Pipeline.TagsOptions)),
        ("Gateway", typeof(Matchcut.Gateway.GatewayOptions)),
        // YARP reads its own schema (ConfigurationConfigProvider); these are the records it builds from it.
        ("ReverseProxy:Routes", typeof(Dictionary<string, Yarp.ReverseProxy.Configuration.RouteConfig>)),
        ("ReverseProxy:Clusters", typeof(Dictionary<string, Yarp.ReverseProxy.Configuration.ClusterConfig>)),
    ];

    /// <summary>
    /// Keys the deployment sets ahead of the code that binds them, each being added on another branch. Remove an
    /// entry when its options class lands (a test fails once the key binds through <see cref="Bound"/>).
    /// </summary>
    public static readonly IReadOnlySet<string> Pending = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
    };

    /// <summary>Read by the .NET host itself, not by options classes.</summary>
    public static readonly IReadOnlyList<string> HostPrefixes = ["ASPNETCORE_", "DOTNET_"];

    /// <summary>Null when the variable is fine, else why not.</summary>
    public static string? Problem(string variable, string? value)
    {
        if (HostPrefixes.Any(p => variable.StartsWith(p, StringComparison.Ordinal))) return null;
        if (!variable.Contains("__", StringComparison.Ordinal)) return "is neither Section__Key nor a host setting";
        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        return Pending.Contains(key) ? null : BindingProblem(key, value);
    }

    /// <summary>Null when <paramref name="key"/> (colon-separated) binds to a settable option of a matching type.</summary>
    public static string? BindingProblem(string key, string? value)
    {
        var binding = Bound.Where(b => key.StartsWith(b.Section + ":", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(b => b.Section.Length).Select(b => ((string, Type)?)b).FirstOrDefault();
        if (binding is not { } found) return $"section of '{key}' is bound by no options class";
        var rest = key[(found.Item1.Length + 1)..].Split(':');
        return Walk(found.Item2, rest, value, found.Item2.Name);
    }

    private static string? Walk(Type type, string[] segments, string? value, string where)
    {
        if (segments.Length == 0) return IsScalar(type) ? CheckValue(type, value, where) : $"{where} is a section, not a value";
        var (head, tail) = (segments[0], segments[1..]);

        if (type.IsArray || ListElement(type) is not null)
            return int.TryParse(head, out var index) && index >= 0
                ? Walk(type.IsArray ? type.GetElementType()! : ListElement(type)!, tail, value, $"{where}[{index}]")
                : $"{where} is a list: '{head}' is no index";
        if (DictionaryValue(type) is { } valueType) return Walk(valueType, tail, value, $"{where}[{head}]");

        var property = type.GetProperty(head, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || property.GetSetMethod() is null && IsScalar(property.PropertyType))
            return $"{where} has no settable property '{head}'";
        return Walk(property.PropertyType, tail, value, $"{where}.{property.Name}");
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri);
    }

    private static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(List<>) || d == typeof(IList<>) || d == typeof(IReadOnlyList<>) || d == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0] : null;

    private static Type? DictionaryValue(Type type) =>
        type.IsGenericType && (typeof(IDictionary).IsAssignableFrom(type) || type.GetGenericTypeDefinition() == typeof(IDictionary<,>) || type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            ? type.GetGenericArguments()[1] : null;

    /// <summary>Converts as the binder does; values interpolated later (compose's ${VAR}) are only checked by name.</summary>
    private static string? CheckValue(Type type, string? value, string where)
    {
        if (value is null || value.Contains("${", StringComparison.Ordinal)) return null;
        try
        {
            TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            return $"'{value}' is not a {type.Name} for {where}";
        }
        catch (Exception ex) when (ex.InnerException is FormatException or OverflowException)
        {
            return $"'{value}' is not a {type.Name} for {where}";
        }
    }
}
