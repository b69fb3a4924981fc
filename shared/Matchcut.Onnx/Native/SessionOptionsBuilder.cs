using System.Runtime.InteropServices;

namespace Matchcut.Onnx.Native;

/// <summary>Turns <see cref="InferenceSessionOptions"/> into an OrtSessionOptions.</summary>
internal static unsafe class SessionOptionsBuilder
{
    // OrtCUDAProviderOptions is a C struct that later ORT versions extended at the end; a zeroed block larger than
    // any version keeps the fields we do not set at their "off" value.
    private const int CudaOptionsBlockSize = 256;

    public static OrtSessionOptionsHandle Build(OrtApi api, InferenceSessionOptions options, bool withCuda)
    {
        nint raw;
        api.Check(api.CreateSessionOptions(&raw), "CreateSessionOptions");
        var handle = new OrtSessionOptionsHandle(raw, api);
        try
        {
            api.Check(api.SetIntraOpNumThreads(raw, options.IntraOpThreads), "SetIntraOpNumThreads");
            api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)options.GraphOptimization), "SetSessionGraphOptimizationLevel");
            if (withCuda) AppendCuda(api, raw, options.CudaDeviceId);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void AppendCuda(OrtApi api, nint sessionOptions, int deviceId)
    {
        var block = (byte*)NativeMemory.AllocZeroed(CudaOptionsBlockSize);
        try
        {
            // Layout: int device_id; int cudnn_conv_algo_search; size_t gpu_mem_limit; int arena_extend_strategy;
            // int do_copy_in_default_stream; int has_user_compute_stream; void* user_compute_stream; OrtArenaCfg* cfg.
            *(int*)block = deviceId;
            *(int*)(block + 4) = 0; // exhaustive cuDNN search: ORT's default
            *(nuint*)(block + 8) = nuint.MaxValue; // no GPU memory cap
            *(int*)(block + 16) = 0; // arena grows by powers of two
            *(int*)(block + 20) = 1; // copy on the compute stream, as ORT recommends
            api.Check(api.SessionOptionsAppendExecutionProvider_CUDA(sessionOptions, block), "SessionOptionsAppendExecutionProvider_CUDA");
        }
        finally
        {
            NativeMemory.Free(block);
        }
    }
}
