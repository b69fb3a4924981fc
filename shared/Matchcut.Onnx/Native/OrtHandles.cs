using System.Runtime.InteropServices;

namespace Matchcut.Onnx.Native;

/// <summary>Owns one ORT object and releases it with the matching Release* entry of the OrtApi table.</summary>
internal abstract unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _release;

    protected OrtHandle(nint handle, delegate* unmanaged<nint, void> release) : base(0, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}

internal sealed unsafe class OrtEnvHandle(nint handle, OrtApi api) : OrtHandle(handle, api.ReleaseEnv);

internal sealed unsafe class OrtSessionOptionsHandle(nint handle, OrtApi api) : OrtHandle(handle, api.ReleaseSessionOptions);

/// <summary>A session; holds a reference on its environment until ORT has really released the session.</summary>
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    private readonly OrtEnvHandle _env;

    public OrtSessionHandle(nint handle, OrtApi api, OrtEnvHandle env) : base(handle, api.ReleaseSession)
    {
        var added = false;
        env.DangerousAddRef(ref added);
        _env = env;
    }

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        // Only now may the environment go: a session must not outlive its OrtEnv.
        _env.DangerousRelease();
        return true;
    }
}

internal sealed unsafe class OrtMemoryInfoHandle(nint handle, OrtApi api) : OrtHandle(handle, api.ReleaseMemoryInfo);

internal sealed unsafe class OrtValueHandle(nint handle, OrtApi api) : OrtHandle(handle, api.ReleaseValue);
