namespace Matchcut.Onnx.Tests;

internal static class ToleranceAssert
{
    /// <summary>Absolute 1e-4, or relative 1e-4 once values exceed 1 in magnitude.</summary>
    public static void Close(double expected, double actual, string what, double scale = 1)
    {
        var tolerance = 1e-4 * Math.Max(1, Math.Max(Math.Abs(expected), scale));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual} (tolerance {tolerance}).");
    }

    public static void MatchesFixture(OutputFixture expected, OutputTensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var values = actual.AsFloats();
        for (var k = 0; k < expected.SampleIndices.Length; k++)
        {
            var index = expected.SampleIndices[k];
            Close(expected.SampleValues[k], values[index], $"{expected.Name}[{index}]");
        }
        double sum = 0;
        foreach (var v in values) sum += v;
        // Sums over a million values are compared relative to the sum of magnitudes they came from.
        Close(expected.Sum, sum, $"sum of {expected.Name}", expected.SumAbs);
        Close(expected.Mean, sum / values.Length, $"mean of {expected.Name}", expected.SumAbs / values.Length);
    }
}
