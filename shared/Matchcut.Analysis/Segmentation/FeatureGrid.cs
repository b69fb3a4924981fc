namespace Matchcut.Analysis.Segmentation;

/// <summary>Layout of the coarse colour grid kept per frame: fixed cells whatever the aspect, RGB bytes each.</summary>
internal static class FeatureGrid
{
    // 16x9 cells follow the common 16:9 frame and cost 432 bytes a frame: 75 MB for two hours at 24 fps.
    public const int Columns = 16;
    public const int Rows = 9;
    public const int Cells = Columns * Rows;
    public const int Bytes = Cells * 3;
}
