using System.Text;
using Matchcut.Storage;

namespace Matchcut.Storage.Tests;

/// <summary>Behaviour every <see cref="IObjectStore"/> must share; each store runs it through a subclass.</summary>
public abstract class ObjectStoreContract
{
    /// <summary>A store with no objects in it, fresh for each test.</summary>
    protected abstract IObjectStore Store { get; }

    private static readonly byte[] One = [1];

    [Fact]
    public async Task Put_then_open_returns_the_same_bytes()
    {
        await Store.PutBytesAsync("shots/a.bin", "hello"u8.ToArray());

        Assert.Equal("hello"u8.ToArray(), await Store.GetBytesAsync("shots/a.bin"));
    }

    [Fact]
    public async Task Put_replaces_an_existing_object()
    {
        await Store.PutBytesAsync("shots/a.bin", "first, longer"u8.ToArray());
        await Store.PutBytesAsync("shots/a.bin", "second"u8.ToArray());

        Assert.Equal("second"u8.ToArray(), await Store.GetBytesAsync("shots/a.bin"));
    }

    [Fact]
    public async Task Put_stores_the_stream_from_its_current_position()
    {
        using var stream = new MemoryStream("skip:keep"u8.ToArray()) { Position = 5 };

        await Store.PutAsync("results/tail.txt", stream, "text/plain");

        Assert.Equal("keep"u8.ToArray(), await Store.GetBytesAsync("results/tail.txt"));
    }

    [Fact]
    public async Task Empty_objects_round_trip()
    {
        await Store.PutBytesAsync("empty", ReadOnlyMemory<byte>.Empty);

        Assert.Empty(await Store.GetBytesAsync("empty"));
    }

    [Fact]
    public async Task Json_documents_round_trip()
    {
        await Store.PutJsonAsync("results/score.json", new Score("shot-1", 0.75));

        Assert.Equal(new Score("shot-1", 0.75), await Store.GetJsonAsync<Score>("results/score.json"));
        Assert.Null(await Store.TryGetJsonAsync<Score>("results/absent.json"));
    }

    [Fact]
    public async Task Exists_only_while_the_object_is_stored()
    {
        Assert.False(await Store.ExistsAsync("k/x"));
        await Store.PutBytesAsync("k/x", One);
        Assert.True(await Store.ExistsAsync("k/x"));
        await Store.DeleteAsync("k/x");
        Assert.False(await Store.ExistsAsync("k/x"));
    }

    [Fact]
    public async Task Opening_a_missing_key_throws_ObjectNotFound()
    {
        var e = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync("no/such.bin"));
        Assert.Equal("no/such.bin", e.Key);
    }

    [Fact]
    public async Task Deleting_a_missing_key_is_not_an_error()
    {
        await Store.DeleteAsync("no/such.bin");
    }

    [Fact]
    public async Task Move_renames_the_object()
    {
        await Store.PutBytesAsync("incoming/clip.mp4", "clip"u8.ToArray());

        await Store.MoveAsync("incoming/clip.mp4", "assets/1/clip.mp4");

        Assert.False(await Store.ExistsAsync("incoming/clip.mp4"));
        Assert.Equal("clip"u8.ToArray(), await Store.GetBytesAsync("assets/1/clip.mp4"));
    }

    [Fact]
    public async Task Move_replaces_the_target_and_keeps_an_object_moved_onto_itself()
    {
        await Store.PutBytesAsync("a", "new"u8.ToArray());
        await Store.PutBytesAsync("b", "old"u8.ToArray());

        await Store.MoveAsync("a", "b");
        await Store.MoveAsync("b", "b");

        Assert.Equal("new"u8.ToArray(), await Store.GetBytesAsync("b"));
    }

    [Fact]
    public async Task Moving_a_missing_key_throws_ObjectNotFound()
    {
        var e = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.MoveAsync("no/such.bin", "x"));
        Assert.Equal("no/such.bin", e.Key);
    }

    [Fact]
    public async Task List_returns_keys_under_the_prefix_in_ordinal_order()
    {
        // Kept clear of keys where s3rver's folder walk differs from S3's byte order ("a-b" vs "a/b"): see scripts/s3rver.sh.
        string[] keys = ["list/c", "list/b/2.json", "list/A.bin", "list/ba", "list/b/1.json", "other/a", "lis"];
        foreach (var key in keys) await Store.PutBytesAsync(key, One);

        var listed = await ListAsync("list/");

        Assert.Equal(["list/A.bin", "list/b/1.json", "list/b/2.json", "list/ba", "list/c"], listed);
        Assert.Equal(keys.Order(StringComparer.Ordinal), await ListAsync(""));
        Assert.Empty(await ListAsync("nothing/"));
    }

    [Fact]
    public async Task List_returns_every_key_when_there_are_more_than_one_page()
    {
        var keys = Enumerable.Range(0, 11).Select(i => $"many/{i:D3}").ToArray();
        foreach (var key in keys) await Store.PutBytesAsync(key, One);

        Assert.Equal(keys, await ListAsync("many/"));
    }

    [Theory]
    [InlineData("a/../b")]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("folder/")]
    [InlineData("space here")]
    public async Task Keys_that_could_escape_or_mean_different_things_are_rejected(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutBytesAsync(key, One));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ExistsAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.MoveAsync("ok", key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenLocalFileAsync(key));
    }

    [Fact]
    public async Task Local_path_is_a_file_with_the_object_content_and_name()
    {
        await Store.PutBytesAsync("assets/1/source.mp4", "video"u8.ToArray());

        using var file = await Store.OpenLocalFileAsync("assets/1/source.mp4");
        var path = file.Path;

        Assert.Equal("source.mp4", Path.GetFileName(path));
        Assert.Equal("video", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path)));
    }

    [Fact]
    public async Task A_seekable_open_reads_any_range_and_across_its_windows()
    {
        // Longer than one S3 window (4 MiB), so a read crosses from one ranged GET to the next.
        var bytes = new byte[(4 << 20) + 300_000];
        new Random(7).NextBytes(bytes);
        await Store.PutBytesAsync("assets/1/clip.mp4", bytes);

        await using var stream = await Store.OpenSeekableAsync("assets/1/clip.mp4");
        Assert.True(stream.CanSeek);
        Assert.Equal(bytes.Length, stream.Length);
        foreach (var (from, count) in new[] { (1_000_000L, 100), (0L, 10), ((4L << 20) - 50, 100), (bytes.Length - 7L, 7), (3L, 5) })
        {
            stream.Seek(from, SeekOrigin.Begin);
            var read = new byte[count];
            await stream.ReadExactlyAsync(read);
            Assert.Equal(bytes.AsSpan((int)from, count).ToArray(), read);
        }
        stream.Seek(0, SeekOrigin.End);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
        stream.Position = 0;
        using var all = new MemoryStream();
        await stream.CopyToAsync(all);
        Assert.Equal(bytes, all.ToArray());
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenSeekableAsync("no/such.mp4"));
    }

    [Fact]
    public async Task Local_path_of_a_missing_key_throws_ObjectNotFound()
    {
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenLocalFileAsync("no/such.mp4"));
    }

    protected async Task<List<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in Store.ListAsync(prefix)) keys.Add(key);
        return keys;
    }

    private sealed record Score(string ShotId, double Value);
}
