using System.Reflection;
using System.Text.RegularExpressions;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Hosting;

namespace Matchcut.Deployment.Tests;

/// <summary>The stage consumer of a service project, its queue (MassTransit endpoint) and its stage name.</summary>
public sealed record StageConsumer(string ClassName, string Queue, string Stage, bool ReadFromSource);

/// <summary>
/// Finds a project's stage consumer by reflection over its compiled assembly and names its queue with the
/// kebab-case formatter the bus uses. A project that cannot build here (a ProjectReference not on this branch)
/// is read from source instead: the class in `AddStage&lt;T&gt;()` and the PipelineStages constant it names.
/// </summary>
public static partial class ServiceConsumers
{
    private static readonly IEndpointNameFormatter Formatter = KebabCaseEndpointNameFormatter.Instance;

    public static StageConsumer For(string projectPath)
    {
        var assemblyName = Path.GetFileNameWithoutExtension(projectPath);
        var assembly = TryLoad(assemblyName);
        if (assembly is not null) return FromType(SingleStageConsumer(assembly));
        Assert.True(MissingProjectReferences(projectPath).Any(),
            $"{assemblyName} builds on this branch but is not referenced by the test project: add a ProjectReference.");
        return FromSource(projectPath);
    }

    /// <summary>ProjectReferences of a project whose files are not on this branch.</summary>
    public static IEnumerable<string> MissingProjectReferences(string projectPath)
    {
        var full = RepositoryFiles.PathOf(projectPath);
        var folder = Path.GetDirectoryName(full)!;
        return ProjectReference().Matches(File.ReadAllText(full))
            .Select(m => m.Groups[1].Value)
            .Where(reference => !File.Exists(Path.GetFullPath(Path.Combine(folder, reference))));
    }

    private static Assembly? TryLoad(string name)
    {
        try { return Assembly.Load(new AssemblyName(name)); }
        catch (FileNotFoundException) { return null; }
    }

    private static Type SingleStageConsumer(Assembly assembly)
    {
        var consumers = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t) && typeof(IStageConsumer).IsAssignableFrom(t))
            .ToList();
        return Assert.Single(consumers);
    }

    private static StageConsumer FromType(Type consumer)
    {
        var queue = (string)typeof(ServiceConsumers).GetMethod(nameof(QueueOf), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(consumer).Invoke(null, null)!;
        var stage = (string)typeof(ServiceConsumers).GetMethod(nameof(StageOf), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(consumer).Invoke(null, null)!;
        return new StageConsumer(consumer.Name, queue, stage, ReadFromSource: false);
    }

    private static string QueueOf<T>() where T : class, IConsumer => Formatter.Consumer<T>();

    private static string StageOf<T>() where T : IStageConsumer => T.Stage;

    /// <summary>The consumer as its source declares it; public so tests can hold it against the compiled type.</summary>
    public static StageConsumer FromSource(string projectPath)
    {
        var folder = Path.GetDirectoryName(RepositoryFiles.PathOf(projectPath))!;
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToDictionary(f => f, File.ReadAllText);
        var className = Assert.Single(sources.Values.SelectMany(s => AddStage().Matches(s)).Select(m => m.Groups[1].Value).Distinct());
        var classSource = Assert.Single(sources.Values, s => Regex.IsMatch(s, $@"\bclass\s+{className}\b"));
        // Consumers spell their Stage differently (explicit interface, public static, via a StageName property),
        // but each names exactly one PipelineStages constant.
        var stageConstant = Assert.Single(StageConstant().Matches(classSource).Select(m => m.Groups[1].Value).Distinct());
        var stage = (string)typeof(PipelineStages).GetField(stageConstant)!.GetValue(null)!;
        // What Formatter.Consumer<T>() does with the type's name: drop the "Consumer" suffix, then kebab-case it.
        var queue = Formatter.SanitizeName(className.EndsWith("Consumer", StringComparison.Ordinal) ? className[..^"Consumer".Length] : className);
        return new StageConsumer(className, queue, stage, ReadFromSource: true);
    }

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReference();

    [GeneratedRegex(@"AddStage<(\w+)>")]
    private static partial Regex AddStage();

    [GeneratedRegex(@"\bPipelineStages\.(\w+)")]
    private static partial Regex StageConstant();
}
