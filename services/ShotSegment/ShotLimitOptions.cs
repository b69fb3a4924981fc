namespace Matchcut.ShotSegment;

/// <summary>How many shots one asset may have; bound from the "ShotSegment" section. Dedup compares every kept shot with every earlier one, so its work grows with the square.</summary>
public sealed class ShotLimitOptions
{
    /// <summary>Assets cut into more shots are refused at segmentation (default 20,000; a feature has a few thousand).</summary>
    public int MaxShots { get; set; } = 20_000;
}
