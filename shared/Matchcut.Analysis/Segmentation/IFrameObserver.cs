namespace Matchcut.Analysis.Segmentation;

/// <summary>Sees every analysis frame as it is decoded, so other per-frame work can share the single decode.</summary>
public interface IFrameObserver
{
    /// <param name="index">Source frame number, 0-based in presentation order.</param>
    /// <param name="ptsSeconds">Presentation time relative to the first frame.</param>
    /// <param name="width">Frame width in pixels (display aspect).</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="rgb">Packed RGB24 rows; only valid during the call.</param>
    void OnFrame(int index, double ptsSeconds, int width, int height, ReadOnlySpan<byte> rgb);
}
