namespace Matchcut.Onnx.Tests;

[Collection(OnnxCollection.Name)]
public sealed class ModelSpecTests(OnnxTestContext context)
{
    private static readonly ModelSpec DeepLabWithPooledFeature = new(
        [new TensorSpec("sub_7", TensorElementType.Float, 1, 257, 257, 3)],
        [new TensorSpec("ResizeBilinear_3", TensorElementType.Float, 1, -1, -1, 21),
         new TensorSpec("AvgPool2D/AvgPool", TensorElementType.Float, 1, 160, 1, 1)]);

    [Fact]
    public void Matching_spec_opens_the_session()
    {
        using var session = context.Runtime.OpenSession(context.Models.Resolve(OnnxTestContext.DeepLab), expected: DeepLabWithPooledFeature);

        Assert.Empty(DeepLabWithPooledFeature.FindMismatches(session));
    }

    [Fact]
    public void Model_without_the_expected_output_is_rejected_naming_file_and_output()
    {
        var plainDeepLab = context.Models.Resolve("deeplabv3_mnv2_voc.onnx");

        var error = Assert.Throws<ModelSpecMismatchException>(() =>
            context.Runtime.OpenSession(plainDeepLab, expected: DeepLabWithPooledFeature));

        Assert.Contains("deeplabv3_mnv2_voc.onnx", error.Message);
        Assert.Contains("missing output 'AvgPool2D/AvgPool'", error.Message);
    }

    [Fact]
    public void Wrong_model_reports_every_mismatch()
    {
        var error = Assert.Throws<ModelSpecMismatchException>(() =>
            context.Runtime.OpenSession(context.Models.Resolve(OnnxTestContext.YuNet), expected: DeepLabWithPooledFeature));

        Assert.Contains("missing input 'sub_7'", error.Message);
        Assert.Contains("model has input input: Float [1,3,120,160]", error.Message);
        Assert.Equal(4, error.Problems.Count);
    }

    [Fact]
    public void Shape_and_type_mismatches_are_named()
    {
        var spec = new ModelSpec(
            [new TensorSpec("input", TensorElementType.Float, 1, 3, 240, 320)],
            [new TensorSpec("conf", TensorElementType.Int64, -1, 2)]);
        using var session = context.Open(OnnxTestContext.YuNet);

        var problems = spec.FindMismatches(session);

        Assert.Equal(["input 'input' has shape [1,3,120,160], expected [1,3,240,320]", "output 'conf' is Float, expected Int64"], problems);
    }
}
