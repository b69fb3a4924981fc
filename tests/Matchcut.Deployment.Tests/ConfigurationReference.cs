using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Matchcut.Contracts;
using Matchcut.Stages;

namespace Matchcut.Deployment.Tests;

/// <summary>
/// docs/configuration.md, made from the options classes the services bind (<see cref="ConfigurationKeys.Bound"/>): per
/// section every settable key, its environment variable, type, default (a new instance's value; the stages' own defaults
/// for Stages:&lt;stage&gt;) and the property's XML doc summary, read from the XML doc file beside its assembly.
/// </summary>
public static partial class ConfigurationReference
{
    public const string File = "docs/configuration.md";

    public static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# Configuration reference");
        text.AppendLine();
        text.AppendLine("Generated from the options classes' XML comments by `make docs` (a test fails when this file is stale). Keys are");
        text.AppendLine("configuration paths (`appsettings.json`, `--Section:Key=value`); as environment variables `:` becomes `__`. List");
        text.AppendLine("keys take an index (`Section__List__0`), dictionary keys a name (`Section__Map__name`).");
        var stagesDone = false;
        foreach (var (section, type) in ConfigurationKeys.Bound)
        {
            if (type.Namespace?.StartsWith("Matchcut", StringComparison.Ordinal) != true) continue; // YARP's schema is YARP's
            if (type == typeof(StageOptions))
            {
                if (stagesDone) continue;
                stagesDone = true;
                Section(text, "Stages:<stage>", type, StageDefaults());
                continue;
            }
            if (section.StartsWith("Query:Limits:", StringComparison.Ordinal))
            {
                if (section != $"Query:Limits:{Matchcut.Index.Query.QueryLimits.Defaults.Keys.First()}") continue;
                Section(text, "Query:Limits:<kind>", type, Matchcut.Index.Query.QueryLimits.Defaults.ToDictionary(d => d.Key, d => (object)d.Value));
                continue;
            }
            Section(text, section, type, null);
        }
        return text.ToString();
    }

    // Stage defaults differ by stage (StageOptions.DefaultFor): one column per stage.
    private static Dictionary<string, object> StageDefaults() => PipelineStages.All.ToDictionary(s => s, s => (object)StageOptions.DefaultFor(s));

    private static void Section(StringBuilder text, string section, Type type, IReadOnlyDictionary<string, object>? variants)
    {
        text.AppendLine();
        text.AppendLine($"## {section}");
        text.AppendLine();
        if (Summary(type) is { Length: > 0 } about) text.AppendLine(about).AppendLine();
        if (variants is not null)
        {
            text.AppendLine($"Defaults by {(section.StartsWith("Stages", StringComparison.Ordinal) ? "stage" : "kind")}: "
                + string.Join("; ", variants.Select(v => $"{v.Key}: " + string.Join(", ", Rows(v.Value.GetType(), v.Value, "").Select(r => $"{r.Key} {r.Default}")))) + ".");
            text.AppendLine();
        }
        text.AppendLine("| key | type | default | description |");
        text.AppendLine("|---|---|---|---|");
        var instance = variants?.Values.First() ?? Activator.CreateInstance(type);
        foreach (var row in Rows(type, instance, ""))
            text.AppendLine($"| `{section}:{row.Key}` | {row.Type} | {(variants is null ? row.Default : "by " + (section.StartsWith("Stages", StringComparison.Ordinal) ? "stage" : "kind"))} | {row.Description} |");
    }

    private sealed record Row(string Key, string Type, string Default, string Description);

    private static IEnumerable<Row> Rows(Type type, object? instance, string prefix)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            var value = instance is null ? null : p.GetValue(instance);
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (IsScalar(t) || Element(t) is { } e && IsScalar(e))
            {
                if (p.GetSetMethod() is null) continue;
                yield return new Row(prefix + p.Name, TypeName(p.PropertyType), Default(value), Summary(p));
            }
            else if (Element(t) is { } nested)
                yield return new Row(prefix + p.Name + (IsDictionary(t) ? ":<name>" : ":<n>"), TypeName(nested), "", Summary(p) + $" Each: {string.Join(", ", Rows(nested, null, "").Select(r => r.Key))}.");
            else if (t.IsClass)
                foreach (var r in Rows(t, value, prefix + p.Name + ":")) yield return r;
        }
    }

    private static bool IsScalar(Type t) => t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri);

    private static bool IsDictionary(Type t) => typeof(IDictionary).IsAssignableFrom(t) || t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>);

    private static Type? Element(Type t) =>
        t.IsArray ? t.GetElementType()
        : !t.IsGenericType || t == typeof(string) ? null
        : IsDictionary(t) ? t.GetGenericArguments()[1]
        : typeof(IEnumerable).IsAssignableFrom(t) ? t.GetGenericArguments()[0]
        : null;

    private static string TypeName(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner) return TypeName(inner) + " (optional)";
        if (t.IsEnum) return string.Join(" \\| ", Enum.GetNames(t));
        if (Element(t) is { } e && t != typeof(string)) return (IsDictionary(t) ? "map of " : "list of ") + TypeName(e);
        return t == typeof(string) ? "string" : t == typeof(bool) ? "bool" : t == typeof(int) ? "int" : t == typeof(long) ? "long"
            : t == typeof(ushort) ? "port (0-65535)" : t == typeof(double) ? "number" : t == typeof(float) ? "number" : t == typeof(TimeSpan) ? "time span" : t.Name;
    }

    private static string Default(object? value) => value switch
    {
        null => "",
        string s => s.Length == 0 ? "\"\"" : $"`{s}`",
        bool b => b ? "true" : "false",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        IDictionary d => d.Count == 0 ? "" : string.Join(", ", d.Keys.Cast<object>().Select(k => $"`{k}`: {Default(d[k])}")),
        IEnumerable e => e.Cast<object>().ToList() is { Count: > 0 } items ? string.Join(", ", items.Select(Default)) : "",
        _ => $"`{value}`",
    };

    private static readonly Dictionary<Assembly, XDocument?> Docs = [];

    private static string Summary(MemberInfo member)
    {
        var assembly = (member as Type ?? member.DeclaringType)!.Assembly;
        XDocument? doc;
        lock (Docs)
            if (!Docs.TryGetValue(assembly, out doc))
                Docs[assembly] = doc = System.IO.File.Exists(Path.ChangeExtension(assembly.Location, ".xml")) ? XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml")) : null;
        if (doc is null) throw new InvalidOperationException($"{assembly.GetName().Name} has no XML doc file beside it (GenerateDocumentationFile, Directory.Build.props)");
        var id = member is Type t ? "T:" + t.FullName!.Replace('+', '.') : $"P:{member.DeclaringType!.FullName!.Replace('+', '.')}.{member.Name}";
        var summary = doc.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == id)?.Element("summary");
        return summary is null ? "" : Flatten(summary);
    }

    // The summary as one line of Markdown: crefs by their short name, code as code, whitespace collapsed, pipes escaped.
    private static string Flatten(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
            text.Append(node switch
            {
                XText x => x.Value,
                XElement { Name.LocalName: "see" or "seealso" } see => ShortName((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? see.Value),
                XElement { Name.LocalName: "c" or "code" } c => $"`{c.Value}`",
                XElement { Name.LocalName: "paramref" or "typeparamref" } r => $"`{(string?)r.Attribute("name")}`",
                XElement other => other.Value,
                _ => "",
            });
        return Spaces().Replace(text.ToString(), " ").Trim().Replace("|", "\\|", StringComparison.Ordinal);
    }

    private static string ShortName(string cref)
    {
        var name = cref.Contains(':', StringComparison.Ordinal) ? cref[(cref.IndexOf(':', StringComparison.Ordinal) + 1)..] : cref;
        name = name.Split('(')[0];
        return "`" + name.Split('.')[^1] + "`";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
