using Xunit.Abstractions;
using Xunit.Sdk;

namespace Matchcut.Integration.Tests;

/// <summary>Runs a class's tests in the order written: the drills disturb shared servers, so a fixed order keeps runs comparable.</summary>
public sealed class DeclarationOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.ToRuntimeMethod().MetadataToken);
}
