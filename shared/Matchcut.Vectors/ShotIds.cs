namespace Matchcut.Vectors;

/// <summary>Shot ids are "{assetId}-{shotIndex}": stable across runs because asset ids come from content.</summary>
public static class ShotIds
{
    public static string Of(string assetId, int shotIndex) => $"{assetId}-{shotIndex}";

    /// <summary>Splits a shot id; false when it is not of the form above.</summary>
    public static bool TryParse(string shotId, out string assetId, out int shotIndex)
    {
        assetId = "";
        shotIndex = -1;
        var dash = shotId.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(shotId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, null, out shotIndex))
            return false;
        assetId = shotId[..dash];
        return true;
    }
}
