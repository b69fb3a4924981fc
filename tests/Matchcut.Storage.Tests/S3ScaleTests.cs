using System.Security.Cryptography;
using Amazon.S3;
using Matchcut.Storage.S3;

namespace Matchcut.Storage.Tests;

/// <summary>Feature-scale S3: part sizes for any object, moves above the single-copy limit, and the bounded local cache.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ScaleTests(S3rverFixture s3rver)
{
    [Theory]
    [InlineData(1L << 30)]
    [InlineData(80L << 30)]
    [InlineData(200L << 30)]
    [InlineData(S3PartSize.MaxObjectBytes)]
    public void Part_sizes_keep_an_object_within_ten_thousand_parts_of_at_least_5_MiB(long objectBytes)
    {
        var part = S3PartSize.For(objectBytes, 8 << 20);
        Assert.InRange(part, S3StorageOptions.MinPartSizeBytes, 5L << 30);
        Assert.InRange((objectBytes + part - 1) / part, 1, S3PartSize.MaxParts);
    }

    [Fact]
    public void Parts_of_a_stream_of_unknown_length_grow_so_ten_thousand_hold_more_than_max_bytes()
    {
        var total = Enumerable.Range(1, S3PartSize.MaxParts).Sum(n => S3PartSize.ForUnknownLength(n, 8 << 20));
        Assert.True(total > 200L << 30, $"{total} bytes");
        Assert.Equal(8 << 20, S3PartSize.ForUnknownLength(1, 8 << 20));
        Assert.True(S3PartSize.ForUnknownLength(S3PartSize.MaxParts, 8 << 20) <= 1L << 30);
    }

    [Fact]
    public async Task A_move_above_the_single_copy_limit_streams_into_a_multipart_upload()
    {
        const long length = 12_000_000;
        var options = s3rver.NewOptions();
        options.PartSizeBytes = S3StorageOptions.MinPartSizeBytes;
        options.SingleCopyLimitBytes = 1_000_000;
        using var store = new S3ObjectStore(options);
        await store.PutAsync("incoming/big.bin", new NonSeekableStream(length, seed: 11));

        await store.MoveAsync("incoming/big.bin", "assets/big/source.bin");

        Assert.False(await store.ExistsAsync("incoming/big.bin"));
        using var client = S3ClientFactory.Create(options);
        var head = await client.GetObjectMetadataAsync(options.Bucket, "assets/big/source.bin");
        Assert.Equal(length, head.ContentLength);
        await using var stored = await store.OpenReadAsync("assets/big/source.bin");
        Assert.Equal(SHA256.HashData(NonSeekableStream.Expected(length, seed: 11)), await SHA256.HashDataAsync(stored));
    }

    [Fact]
    public async Task The_local_cache_stays_within_its_bound_and_evicts_the_least_recently_used_copy()
    {
        var options = CacheOptions(maxBytes: 3000);
        using var store = new S3ObjectStore(options);
        foreach (var key in new[] { "a", "b", "c", "d" }) await store.PutBytesAsync($"k/{key}.bin", new byte[1000]);

        var paths = new Dictionary<string, string>();
        foreach (var key in new[] { "a", "b", "c", "a", "d" })
        {
            using var file = await store.OpenLocalFileAsync($"k/{key}.bin");
            paths[key] = file.Path;
            Assert.InRange(CacheBytes(options), 0, 3000);
        }

        Assert.False(File.Exists(paths["b"])); // least recently used when d came
        Assert.True(File.Exists(paths["a"]));
        Assert.True(File.Exists(paths["c"]));
        Assert.True(File.Exists(paths["d"]));
    }

    [Fact]
    public async Task A_held_copy_is_never_evicted_and_a_copy_that_cannot_fit_says_what_it_needs()
    {
        var options = CacheOptions(maxBytes: 2500);
        using var store = new S3ObjectStore(options);
        foreach (var key in new[] { "a", "b", "c" }) await store.PutBytesAsync($"k/{key}.bin", new byte[1000]);

        using var a = await store.OpenLocalFileAsync("k/a.bin");
        using var b = await store.OpenLocalFileAsync("k/b.bin");
        var full = await Assert.ThrowsAsync<LocalCacheFullException>(() => store.OpenLocalFileAsync("k/c.bin"));

        Assert.False(full.Permanent);
        Assert.Contains("'k/c.bin' needs 1000 bytes of local cache but only 500 of 2500 are free (Storage:S3:LocalCacheMaxBytes", full.Message);
        Assert.True(File.Exists(a.Path));
        Assert.True(File.Exists(b.Path));
        b.Dispose();
        using var c = await store.OpenLocalFileAsync("k/c.bin"); // b, let go, makes room
        Assert.False(File.Exists(b.Path));
        Assert.True(File.Exists(a.Path));
        Assert.InRange(CacheBytes(options), 0, 2500);
    }

    [Fact]
    public async Task An_object_larger_than_the_whole_cache_fails_for_good_naming_the_setting()
    {
        var options = CacheOptions(maxBytes: 500);
        using var store = new S3ObjectStore(options);
        await store.PutBytesAsync("k/big.bin", new byte[1000]);

        var full = await Assert.ThrowsAsync<LocalCacheFullException>(() => store.OpenLocalFileAsync("k/big.bin"));

        Assert.True(full.Permanent);
        Assert.Contains("'k/big.bin' has 1000 bytes, more than the whole local cache allows (Storage:S3:LocalCacheMaxBytes = 500", full.Message);
        Assert.Equal(0, CacheBytes(options));
    }

    private S3StorageOptions CacheOptions(long maxBytes)
    {
        var options = s3rver.NewOptions();
        options.LocalCacheFolder = Directory.CreateTempSubdirectory("matchcut-bounded-cache-").FullName;
        options.LocalCacheMaxBytes = maxBytes;
        return options;
    }

    private static long CacheBytes(S3StorageOptions options) => Directory.Exists(options.LocalCacheFolder)
        ? Directory.EnumerateFiles(options.LocalCacheFolder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
        : 0;
}
