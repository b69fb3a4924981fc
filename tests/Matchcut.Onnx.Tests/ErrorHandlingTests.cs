namespace Matchcut.Onnx.Tests;

[Collection(OnnxCollection.Name)]
public sealed class ErrorHandlingTests(OnnxTestContext context)
{
    [Fact]
    public void Missing_model_file_is_a_FileNotFoundException_naming_the_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => context.Runtime.OpenSession("/nowhere/model.onnx"));

        Assert.Contains("/nowhere/model.onnx", error.Message);
    }

    [Fact]
    public void Corrupt_model_surfaces_ORTs_own_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"matchcut-corrupt-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        try
        {
            var error = Assert.Throws<OnnxRuntimeException>(() => context.Runtime.OpenSession(path));

            Assert.NotEqual(OrtErrorCode.Ok, error.ErrorCode);
            Assert.Contains(path, error.Message);
            Assert.False(string.IsNullOrWhiteSpace(error.OrtMessage));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Wrong_input_shape_is_rejected_with_both_shapes()
    {
        using var session = context.Open(OnnxTestContext.YuNet);
        var data = new float[3 * 120 * 161];

        var error = Assert.Throws<ArgumentException>(() => session.Run(TensorInput.Float("input", data, 1, 3, 120, 161)));

        Assert.Contains("yunet_face_120x160.onnx", error.Message);
        Assert.Contains("[1,3,120,160]", error.Message);
        Assert.Contains("[1,3,120,161]", error.Message);
    }

    [Fact]
    public void Data_length_must_fit_the_shape()
    {
        using var session = context.Open(OnnxTestContext.YuNet);

        var error = Assert.Throws<ArgumentException>(() => session.Run(TensorInput.Float("input", new float[10], 1, 3, 120, 160)));

        Assert.Contains("has 10 elements", error.Message);
    }

    [Fact]
    public void Wrong_element_type_is_rejected()
    {
        using var session = context.Open(OnnxTestContext.YuNet);
        var data = new long[3 * 120 * 160];

        var error = Assert.Throws<ArgumentException>(() => session.Run(TensorInput.Int64("input", data, 1, 3, 120, 160)));

        Assert.Contains("expects Float elements but got Int64", error.Message);
    }

    [Fact]
    public void Unknown_input_and_output_names_list_the_real_ones()
    {
        using var session = context.Open(OnnxTestContext.YuNet);
        var data = new float[3 * 120 * 160];

        var badInput = Assert.Throws<ArgumentException>(() => session.Run(TensorInput.Float("image", data, 1, 3, 120, 160)));
        var badOutput = Assert.Throws<ArgumentException>(() => session.Run([TensorInput.Float("input", data, 1, 3, 120, 160)], ["boxes"]));
        var missing = Assert.Throws<ArgumentException>(() => session.Run());

        Assert.Contains("no input 'image'", badInput.Message);
        Assert.Contains("loc, conf, iou", badOutput.Message);
        Assert.Contains("needs input(s) not given", missing.Message);
    }

    [Fact]
    public void Disposed_session_throws_ObjectDisposedException()
    {
        var session = context.Open(OnnxTestContext.YuNet);
        session.Dispose();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run(TensorInput.Float("input", new float[57600], 1, 3, 120, 160)));
    }
}
