namespace Matchcut.Onnx.Tests;

// The CPU package (Microsoft.ML.OnnxRuntime) has no CUDA provider, so these pin down a CUDA request without CUDA.
[Collection(OnnxCollection.Name)]
public sealed class CudaRequestTests(OnnxTestContext context)
{
    [Fact]
    public void CUDA_without_fallback_fails_clearly()
    {
        var options = new InferenceSessionOptions { UseCuda = true };

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => context.Open(OnnxTestContext.YuNet, options));

        Assert.Contains("CUDA execution provider requested for 'yunet_face_120x160.onnx'", error.Message);
        Assert.Contains("AllowCpuFallback", error.Message);
        Assert.Contains("libonnxruntime_providers_cuda.so", error.Message);
        var ortError = Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Contains("CUDA", ortError.OrtMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CUDA_with_fallback_runs_on_CPU()
    {
        var fixture = ReferenceFixtures.For(OnnxTestContext.YuNet);
        var options = new InferenceSessionOptions { UseCuda = true, AllowCpuFallback = true };
        using var session = context.Open(OnnxTestContext.YuNet, options);
        using var input = fixture.RentInput();

        using var result = session.Run(input.AsInput("input"));

        Assert.Equal(InferenceSession.CpuProvider, session.ExecutionProvider);
        foreach (var expected in fixture.Outputs) ToleranceAssert.MatchesFixture(expected, result[expected.Name]);
    }
}
