namespace Matchcut.Onnx.Tests;

[Collection(OnnxCollection.Name)]
public sealed class ReferenceOutputTests(OnnxTestContext context)
{
    public static TheoryData<string> Models => [OnnxTestContext.DeepLab, OnnxTestContext.Yolox, OnnxTestContext.YuNet];

    [Theory]
    [MemberData(nameof(Models))]
    public void Outputs_match_onnxruntime_node(string file)
    {
        var fixture = ReferenceFixtures.For(file);
        using var session = context.Open(file);
        using var input = fixture.RentInput();

        using var result = session.Run(input.AsInput(fixture.Input.Name));

        Assert.Equal(fixture.Outputs.Select(o => o.Name), result.Select(o => o.Name));
        foreach (var expected in fixture.Outputs) ToleranceAssert.MatchesFixture(expected, result[expected.Name]);
    }

    [Fact]
    public void Selected_outputs_come_back_in_the_requested_order()
    {
        var fixture = ReferenceFixtures.For(OnnxTestContext.YuNet);
        using var session = context.Open(OnnxTestContext.YuNet);
        using var input = fixture.RentInput();

        using var result = session.Run([input.AsInput("input")], ["iou", "loc"]);

        Assert.Equal(["iou", "loc"], result.Select(o => o.Name));
        ToleranceAssert.MatchesFixture(fixture.Outputs.Single(o => o.Name == "iou"), result[0]);
        ToleranceAssert.MatchesFixture(fixture.Outputs.Single(o => o.Name == "loc"), result[1]);
    }

    [Fact]
    public void Single_thread_without_graph_optimization_gives_the_same_outputs()
    {
        var fixture = ReferenceFixtures.For(OnnxTestContext.Yolox);
        var options = new InferenceSessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.DisableAll };
        using var session = context.Open(OnnxTestContext.Yolox, options);
        using var input = fixture.RentInput();

        using var result = session.Run(input.AsInput("images"));

        foreach (var expected in fixture.Outputs) ToleranceAssert.MatchesFixture(expected, result[expected.Name]);
    }

    [Fact]
    public void Outputs_copied_with_ToArray_outlive_the_result()
    {
        var fixture = ReferenceFixtures.For(OnnxTestContext.DeepLab);
        using var session = context.Open(OnnxTestContext.DeepLab);
        using var input = fixture.RentInput();

        float[] pooled;
        OutputTensor output;
        using (var result = session.Run([input.AsInput("sub_7")], ["AvgPool2D/AvgPool"]))
        {
            output = result[0];
            pooled = output.ToArray<float>();
        }

        Assert.Equal(160, pooled.Length);
        Assert.Throws<ObjectDisposedException>(() => output.AsFloats().Length);
        var expected = fixture.Outputs[1];
        for (var k = 0; k < expected.SampleIndices.Length; k++)
        {
            ToleranceAssert.Close(expected.SampleValues[k], pooled[expected.SampleIndices[k]], $"pooled[{k}]");
        }
    }
}
