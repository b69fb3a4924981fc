using System.Numerics.Tensors;

namespace Matchcut.Encoders.Shots;

/// <summary>
/// The folder models' frame vector (Embedding:FrameEncoder = deeplab-yolox; the default is ResNet18): the shot means of the DeepLabV3 (160-d) and YOLOX dark5 (256-d) features, each
/// renormalized, weighted, concatenated, and renormalized, so the weights set each block's share of the cosine.
/// </summary>
public static class FrameVector
{
    public const int Dimension = Models.DeepLabSegmenter.FeatureDimension + Models.YoloxDetector.FeatureDimension;
    public const string Method = "deeplabv3-gap160+yolox-dark5-v1";

    public static float[] Combine(float[] segmenter, float[] detector, float segmenterWeight, float detectorWeight)
    {
        var v = new float[Dimension];
        Block(segmenter, segmenterWeight, v.AsSpan(0, segmenter.Length));
        Block(detector, detectorWeight, v.AsSpan(segmenter.Length));
        var norm = TensorPrimitives.Norm(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
        return v;
    }

    private static void Block(float[] mean, float weight, Span<float> into)
    {
        var norm = TensorPrimitives.Norm(mean);
        if (norm > 0) TensorPrimitives.Multiply(mean, weight / norm, into);
    }
}
