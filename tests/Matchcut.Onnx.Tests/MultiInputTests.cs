namespace Matchcut.Onnx.Tests;

[Collection(OnnxCollection.Name)]
public sealed class MultiInputTests(OnnxTestContext context) : IDisposable
{
    private readonly string _modelPath = TinyOnnxModel.WriteToTempFile();

    public void Dispose() => File.Delete(_modelPath);

    [Fact]
    public void Symbolic_dimensions_are_minus_one_with_their_name()
    {
        using var session = context.Runtime.OpenSession(_modelPath);

        Assert.Equal(["a", "b", "ids"], session.Inputs.Select(i => i.Name));
        Assert.Equal([-1L, 3], session.Inputs[0].Shape);
        Assert.Equal(["batch", ""], session.Inputs[0].SymbolicDimensions);
        Assert.Equal("a: Float [batch,3]", session.Inputs[0].ToString());
        Assert.Equal(TensorElementType.Int64, session.Inputs[2].ElementType);
    }

    [Fact]
    public void Several_inputs_and_outputs_by_name_including_int64()
    {
        using var session = context.Runtime.OpenSession(_modelPath);
        float[] a = [1, 2, 3, 4, 5, 6];
        float[] b = [10, 20, 30, 40, 50, 60];

        // Inputs in a different order from the graph's, to show they are matched by name.
        using var result = session.Run(
            [TensorInput.Int64("ids", new long[] { 7, -9 }, 2), TensorInput.Float("b", b, 2, 3), TensorInput.Float("a", a, 2, 3)],
            ["product", "ids_out", "sum"]);

        Assert.Equal([10f, 40, 90, 160, 250, 360], result["product"].ToArray<float>());
        Assert.Equal([11f, 22, 33, 44, 55, 66], result["sum"].ToArray<float>());
        Assert.Equal([2L, 3], result["sum"].Shape);
        Assert.Equal([7L, -9], result["ids_out"].ToArray<long>());
        Assert.Equal(TensorElementType.Int64, result[1].ElementType);
    }

    [Fact]
    public void ORT_rejects_what_only_it_can_check()
    {
        using var session = context.Runtime.OpenSession(_modelPath);

        // Each input fits its own [batch,3] declaration, but Add and Mul need the batches to agree: only ORT checks that.
        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(
            TensorInput.Float("a", new float[6], 2, 3), TensorInput.Float("b", new float[9], 3, 3), TensorInput.Int64("ids", new long[2], 2)));

        Assert.Contains($"Model '{Path.GetFileName(_modelPath)}': Run", error.Message);
        Assert.NotEqual(OrtErrorCode.Ok, error.ErrorCode);
        Assert.Contains("broadcast", error.OrtMessage);
    }

    [Fact]
    public void Reading_an_output_as_the_wrong_type_is_refused()
    {
        using var session = context.Runtime.OpenSession(_modelPath);
        using var result = session.Run(
            TensorInput.Float("a", new float[3], 1, 3), TensorInput.Float("b", new float[3], 1, 3), TensorInput.Int64("ids", new long[2], 2));

        var error = Assert.Throws<InvalidOperationException>(() => result["ids_out"].AsFloats().Length);

        Assert.Contains("holds Int64 elements, not Float", error.Message);
    }
}
