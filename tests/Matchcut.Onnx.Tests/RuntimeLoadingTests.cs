using Matchcut.Onnx.Native;

namespace Matchcut.Onnx.Tests;

[Collection(OnnxCollection.Name)]
public sealed class RuntimeLoadingTests(OnnxTestContext context)
{
    [Fact]
    public void Loads_the_fetched_1_30_runtime()
    {
        Assert.Equal("1.30.0", context.Runtime.Version);
        Assert.True(context.Runtime.ApiVersion >= 20, $"OrtApi version {context.Runtime.ApiVersion}");
    }

    [Fact]
    public void Provider_list_comes_back_through_its_table_slots()
    {
        // Exercises GetAvailableProviders/ReleaseAvailableProviders, far down the OrtApi table.
        Assert.Contains(InferenceSession.CpuProvider, context.Runtime.AvailableProviders());
    }

    [Fact]
    public unsafe void Status_round_trips_code_and_message()
    {
        var api = context.Runtime.Api;
        var message = Utf8.NullTerminated("boom");
        nint status;
        fixed (byte* m = message) status = api.CreateStatus((int)OrtErrorCode.InvalidArgument, m);

        var error = Assert.Throws<OnnxRuntimeException>(() => api.Check(status, "context"));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Equal("boom", error.OrtMessage);
        Assert.Contains("context: boom", error.Message);
    }

    [Fact]
    public void Missing_library_names_the_fetch_script()
    {
        var options = new OnnxRuntimeOptions { LibraryPath = "/nonexistent/libonnxruntime.so.1" };

        var error = Assert.Throws<DllNotFoundException>(() => OnnxRuntime.Create(options));

        Assert.Contains("scripts/fetch-onnxruntime.sh", error.Message);
        Assert.Contains("/nonexistent/libonnxruntime.so.1", error.Message);
    }

    [Fact]
    public void Default_library_path_is_the_fetched_copy()
    {
        var path = new OnnxRuntimeOptions().ResolveLibraryPath();

        var fromEnvironment = Environment.GetEnvironmentVariable(OnnxRuntimeOptions.LibraryPathVariable);
        Assert.EndsWith(string.IsNullOrEmpty(fromEnvironment) ? OnnxRuntimeOptions.FetchedLibraryRelativePath : fromEnvironment, path);
    }
}
