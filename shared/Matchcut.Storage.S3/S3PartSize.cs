namespace Matchcut.Storage.S3;

/// <summary>Multipart part sizes that keep any object S3 can hold within its 10,000 parts of at least 5 MiB.</summary>
public static class S3PartSize
{
    public const int MaxParts = 10_000;

    /// <summary>S3's largest object (5 TiB).</summary>
    public const long MaxObjectBytes = 5L << 40;

    /// <summary>Parts of unknown-length streams double in size after every this many (up to 128 times the minimum, 1 GiB by default), so 10,000 parts hold about 4 TiB.</summary>
    public const int PartsPerDoubling = 1_000;

    /// <summary>The part size for an object of known size: the configured minimum, or larger (whole MiB) when 10,000 of those would not hold it.</summary>
    public static long For(long objectBytes, long minimumPartBytes)
    {
        if (objectBytes > MaxObjectBytes) throw new ArgumentOutOfRangeException(nameof(objectBytes), $"S3 objects hold at most {MaxObjectBytes} bytes.");
        var needed = (objectBytes + MaxParts - 1) / MaxParts;
        const long mib = 1 << 20;
        return Math.Max(Math.Max(minimumPartBytes, S3StorageOptions.MinPartSizeBytes), (needed + mib - 1) / mib * mib);
    }

    /// <summary>The size of part <paramref name="partNumber"/> (1-based) of a stream whose length is not known up front.</summary>
    public static long ForUnknownLength(int partNumber, long minimumPartBytes)
        => Math.Max(minimumPartBytes, S3StorageOptions.MinPartSizeBytes) << Math.Min((partNumber - 1) / PartsPerDoubling, 7);
}
