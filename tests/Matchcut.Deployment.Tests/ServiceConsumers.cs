using System.Reflection;
using MassTransit;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;

namespace Matchcut.Deployment.Tests;

/// <summary>The stage consumer of a service project, its queue (MassTransit endpoint) and its stage name.</summary>
public sealed record StageConsumer(string ClassName, string Queue, string Stage);

/// <summary>Finds a project's stage consumer by reflection over its compiled assembly and names its queue with the kebab-case formatter the bus uses.</summary>
public static class ServiceConsumers
{
    private static readonly IEndpointNameFormatter Formatter = KebabCaseEndpointNameFormatter.Instance;

    public static StageConsumer For(string projectPath)
    {
        var assemblyName = Path.GetFileNameWithoutExtension(projectPath);
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (FileNotFoundException)
        {
            throw new Xunit.Sdk.XunitException($"{assemblyName} is not referenced by the test project: add a ProjectReference.");
        }
        var consumer = Assert.Single(assembly.GetTypes(),
            t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t) && typeof(IStageConsumer).IsAssignableFrom(t));
        return new StageConsumer(consumer.Name, Invoke<string>(nameof(QueueOf), consumer), Invoke<string>(nameof(StageOf), consumer));
    }

    private static T Invoke<T>(string method, Type consumer) =>
        (T)typeof(ServiceConsumers).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(consumer).Invoke(null, null)!;

    private static string QueueOf<T>() where T : class, IConsumer => Formatter.Consumer<T>();

    private static string StageOf<T>() where T : IStageConsumer => T.Stage;
}
