namespace Matchcut.Encoders.Downloads;

/// <summary>A model file as its publisher releases it, pinned by SHA-256.</summary>
public sealed record PublishedModel(string FileName, string Url, string Sha256);

/// <summary>A file made from a published one by declaring an intermediate tensor as an extra output (same weights).</summary>
public sealed record DerivedModel(string FileName, string From, string Tensor, long[] Dims, string Sha256);

/// <summary>
/// The folder models and where they come from: Kazuhito00/Image-Processing-Node-Editor (Apache-2.0) packages them,
/// pinned at one commit. The encoders read the `_gap160` / `_dark5` variants, which no one publishes: they are derived
/// here from the published files, and the result is checked against the same SHA-256 as the copies in shared/models.
/// </summary>
public static class PublishedModels
{
    private const string Repository = "https://raw.githubusercontent.com/Kazuhito00/Image-Processing-Node-Editor/46979d5b8eacb181abe970e4dd18e8f4cf0e750b/node/deep_learning_node/";

    public static IReadOnlyList<PublishedModel> Files { get; } =
    [
        new("deeplabv3_mnv2_voc.onnx", Repository + "semantic_segmentation/deeplab_v3/model/deeplab_v3_1_default_1.onnx",
            "48a46b346ca7e2e96760b8a10a302046a3b5a9ce55e59d4c659c36d9cbd44118"),
        new("yolox_nano_coco.onnx", Repository + "object_detection/YOLOX/model/yolox_nano.onnx",
            "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14"),
        new("yunet_face_120x160.onnx", Repository + "face_detection/YuNet/model/face_detection_yunet_120x160.onnx",
            "c89f94fc04a5db6f9ab39df6b1e4142007dd61781ef7e3a5b9b175bb0abb8c11"),
    ];

    public static IReadOnlyList<DerivedModel> Derived { get; } =
    [
        new("deeplabv3_mnv2_voc_gap160.onnx", "deeplabv3_mnv2_voc.onnx", "AvgPool2D/AvgPool", [1, 160, 1, 1],
            "1e9edf3fa7fc7820e87ca9ff7481a4e24dcd77dd92f55a6fc1066de115666d0c"),
        new("yolox_nano_coco_dark5.onnx", "yolox_nano_coco.onnx", "886", [1, 256, 13, 13],
            "ab4bd4273d32b4cb0e658621ccc4fb22285ee77e0d1c47541c96f0f5ffd171ef"),
    ];
}
