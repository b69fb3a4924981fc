namespace Matchcut.Vectors;

/// <summary>The order listings come in: title, asset, shot index (ordinal), the same in every implementation.</summary>
public static class ShotOrder
{
    public static IOrderedEnumerable<IndexedShot> Sort(IEnumerable<IndexedShot> shots) => shots
        .OrderBy(s => s.Payload.TitleId, StringComparer.Ordinal)
        .ThenBy(s => s.Payload.AssetId, StringComparer.Ordinal)
        .ThenBy(s => s.Payload.ShotIndex)
        .ThenBy(s => s.ShotId, StringComparer.Ordinal);

    /// <summary>Checks paging arguments the same way everywhere.</summary>
    public static void CheckPage(int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
    }
}
