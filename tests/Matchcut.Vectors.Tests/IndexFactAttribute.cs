using Xunit.Abstractions;
using Xunit.Sdk;

namespace Matchcut.Vectors.Tests;

/// <summary>
/// A fact of the shared vector-index contract. It runs for every implementation, except that in a class marked
/// <see cref="NeedsEnvironmentAttribute"/> it is reported skipped (with the reason) while that variable is unset.
/// </summary>
[XunitTestCaseDiscoverer("Matchcut.Vectors.Tests.IndexFactDiscoverer", "Matchcut.Vectors.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class IndexFactAttribute : FactAttribute;

/// <summary>The test class needs a server named by an environment variable (e.g. QDRANT_URL).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsEnvironmentAttribute(string variable, string reason) : Attribute
{
    public string Variable { get; } = variable;
    public string Reason { get; } = reason;

    public bool IsSet => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };
}

public sealed class IndexFactDiscoverer(IMessageSink diagnostics) : FactDiscoverer(diagnostics)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needs = testMethod.TestClass.Class.ToRuntimeType()
            .GetCustomAttributes(typeof(NeedsEnvironmentAttribute), inherit: true).Cast<NeedsEnvironmentAttribute>().FirstOrDefault();
        return needs is null || needs.IsSet
            ? base.CreateTestCase(options, testMethod, factAttribute)
            : new XunitSkippedDataRowTestCase(DiagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(),
                testMethod, $"{needs.Variable} is not set: {needs.Reason}");
    }
}
