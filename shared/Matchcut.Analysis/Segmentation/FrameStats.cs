namespace Matchcut.Analysis.Segmentation;

/// <summary>Scalar features of one analysis frame; luma values on the 0-255 scale.</summary>
internal readonly record struct FrameStats(
    float MeanLuma,
    float LumaStd,
    float BrightLuma,
    float Sharpness,
    float HistogramChange,
    float PixelChange);
