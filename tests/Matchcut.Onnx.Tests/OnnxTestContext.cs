namespace Matchcut.Onnx.Tests;

/// <summary>One ORT environment and the models folder, shared by every test class.</summary>
public sealed class OnnxTestContext : IDisposable
{
    public const string DeepLab = "deeplabv3_mnv2_voc_gap160.onnx";
    public const string Yolox = "yolox_nano_coco_dark5.onnx";
    public const string YuNet = "yunet_face_120x160.onnx";

    public OnnxRuntime Runtime { get; } = OnnxRuntime.Create();

    // Walks up from the test binaries to the nearest shared/models unless MATCHCUT_MODELS says otherwise.
    public ModelLocator Models { get; } = new();

    public InferenceSession Open(string file, InferenceSessionOptions? options = null) =>
        Runtime.OpenSession(Models.Resolve(file), options);

    public void Dispose() => Runtime.Dispose();
}

[CollectionDefinition(Name)]
public sealed class OnnxCollection : ICollectionFixture<OnnxTestContext>
{
    public const string Name = "onnx";
}
