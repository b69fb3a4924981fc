namespace Matchcut.Onnx.Tests;

[Collection(OnnxCollection.Name)]
public sealed class SessionMetadataTests(OnnxTestContext context)
{
    [Fact]
    public void DeepLab_reports_names_types_and_shapes()
    {
        using var session = context.Open(OnnxTestContext.DeepLab);

        var input = Assert.Single(session.Inputs);
        Assert.Equal("sub_7", input.Name);
        Assert.Equal(TensorElementType.Float, input.ElementType);
        Assert.Equal([1L, 257, 257, 3], input.Shape);
        Assert.Equal(["ResizeBilinear_3", "AvgPool2D/AvgPool"], session.Outputs.Select(o => o.Name));
        Assert.Equal([1L, 257, 257, 21], session.Outputs[0].Shape);
        Assert.Equal([1L, 160, 1, 1], session.Outputs[1].Shape);
    }

    [Fact]
    public void YuNet_has_three_outputs()
    {
        using var session = context.Open(OnnxTestContext.YuNet);

        Assert.Equal("input", Assert.Single(session.Inputs).Name);
        Assert.Equal([1L, 3, 120, 160], session.Inputs[0].Shape);
        Assert.Equal(["loc", "conf", "iou"], session.Outputs.Select(o => o.Name));
        Assert.Equal([1076L, 14], session.Outputs[0].Shape);
        Assert.All(session.Outputs, o => Assert.Equal(TensorElementType.Float, o.ElementType));
    }

    [Fact]
    public void Yolox_reports_detections_and_dark5_feature()
    {
        using var session = context.Open(OnnxTestContext.Yolox);

        Assert.Equal([1L, 3, 416, 416], Assert.Single(session.Inputs).Shape);
        Assert.Equal(["output", "886"], session.Outputs.Select(o => o.Name));
        Assert.Equal([1L, 3549, 85], session.Outputs[0].Shape);
        Assert.Equal([1L, 256, 13, 13], session.Outputs[1].Shape);
    }

    [Fact]
    public void Fixed_dimensions_have_no_symbolic_names()
    {
        using var session = context.Open(OnnxTestContext.YuNet);

        Assert.All(session.Inputs[0].SymbolicDimensions, name => Assert.Equal("", name));
        Assert.Equal("input: Float [1,3,120,160]", session.Inputs[0].ToString());
    }
}
