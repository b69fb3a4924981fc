using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Matchcut.Storage.S3;

namespace Matchcut.Storage.Tests;

/// <summary>What only the S3 store has: multipart uploads, the download cache, retries and unreachable endpoints.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreTests(S3rverFixture s3rver)
{
    private const int PartSize = S3StorageOptions.MinPartSizeBytes;

    [Fact]
    public async Task A_large_stream_of_unknown_length_uploads_in_parts_and_round_trips_byte_exactly()
    {
        const long length = 20_000_000; // four parts of 5 MiB, the last one short
        var options = s3rver.NewOptions();
        options.PartSizeBytes = PartSize;
        using var store = new S3ObjectStore(options);

        await store.PutAsync("clips/big.bin", new NonSeekableStream(length, seed: 7));

        Assert.Equal(SHA256.HashData(NonSeekableStream.Expected(length, seed: 7)), await HashOfObjectAsync(store, "clips/big.bin"));
    }

    [Fact]
    public async Task A_short_stream_of_unknown_length_is_stored_in_one_put()
    {
        using var store = new S3ObjectStore(s3rver.NewOptions());

        await store.PutAsync("small.bin", new NonSeekableStream(1000, seed: 3));

        Assert.Equal(NonSeekableStream.Expected(1000, seed: 3), await store.GetBytesAsync("small.bin"));
    }

    [Fact]
    public async Task Chunked_payloads_would_be_stored_with_their_framing_which_is_why_they_are_off()
    {
        var options = s3rver.NewOptions();
        options.UnchunkedPayloads = false;
        using var store = new S3ObjectStore(options);

        await store.PutBytesAsync("framed.bin", "payload"u8.ToArray());

        Assert.NotEqual("payload"u8.ToArray(), await store.GetBytesAsync("framed.bin"));
    }

    [Fact]
    public async Task A_local_copy_is_reused_until_the_object_changes()
    {
        using var store = new S3ObjectStore(s3rver.NewOptions());
        await store.PutBytesAsync("assets/1/source.mp4", "v1"u8.ToArray());
        var first = await LocalPathAsync(store, "assets/1/source.mp4");
        var marker = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first, marker);

        Assert.Equal(first, await LocalPathAsync(store, "assets/1/source.mp4"));
        Assert.Equal(marker, File.GetLastWriteTimeUtc(first)); // not downloaded again

        await store.PutBytesAsync("assets/1/source.mp4", "v2"u8.ToArray());
        var second = await LocalPathAsync(store, "assets/1/source.mp4");
        Assert.NotEqual(first, second);
        Assert.Equal("v2"u8.ToArray(), await File.ReadAllBytesAsync(second));
    }

    private static async Task<string> LocalPathAsync(S3ObjectStore store, string key)
    {
        using var file = await store.OpenLocalFileAsync(key);
        return file.Path;
    }

    [Fact]
    public async Task A_throttled_request_is_retried_and_succeeds()
    {
        var options = s3rver.NewOptions();
        using (var direct = new S3ObjectStore(options)) await direct.PutBytesAsync("k", "ok"u8.ToArray());
        await using var proxy = new FlakyS3Proxy(s3rver.Endpoint, failures: 1, HttpStatusCode.ServiceUnavailable, "SlowDown");
        options.ServiceUrl = proxy.Endpoint.ToString();
        using var store = new S3ObjectStore(options);

        Assert.Equal("ok"u8.ToArray(), await store.GetBytesAsync("k"));
        Assert.Equal(1, proxy.FailuresServed);
        Assert.Equal(1, proxy.ConnectionsRelayed);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var options = s3rver.NewOptions();
        options.CreateBucketIfMissing = false;
        await using var proxy = new FlakyS3Proxy(s3rver.Endpoint, failures: 1, HttpStatusCode.Forbidden, "AccessDenied");
        options.ServiceUrl = proxy.Endpoint.ToString();
        using var store = new S3ObjectStore(options);

        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.OpenReadAsync("k"));
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal(0, proxy.ConnectionsRelayed);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_gets_one_attempt_plus_the_retry_budget()
    {
        var options = s3rver.NewOptions();
        options.CreateBucketIfMissing = false;
        options.MaxRetryAttempts = 2;
        await using var proxy = new FlakyS3Proxy(s3rver.Endpoint, failures: int.MaxValue, HttpStatusCode.InternalServerError, "InternalError");
        options.ServiceUrl = proxy.Endpoint.ToString();
        using var store = new S3ObjectStore(options);

        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.OpenReadAsync("k"));
        Assert.Equal(3, proxy.FailuresServed);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_clearly_once_the_retries_are_spent()
    {
        var options = s3rver.NewOptions();
        options.ServiceUrl = $"http://127.0.0.1:{S3rverFixture.FreePort()}";
        options.MaxRetryAttempts = 2;
        using var store = new S3ObjectStore(options);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.ExistsAsync("k"));

        Assert.Contains(options.ServiceUrl, e.Message);
        Assert.Contains("3 attempts", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    private static async Task<byte[]> HashOfObjectAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        return await SHA256.HashDataAsync(stream);
    }
}
